"""The colour scheme: light and dark variants chosen by the palette, text readable on every background,
omissions distinct from ordinary text; the legend shows the scheme's swatches."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QPoint
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from reader_app.ui.colours import (
    DARK,
    LIGHT,
    Legend,
    contrast_ratio,
    flag_colour,
    is_dark,
    legend_widget,
    scheme_for,
    status_colours,
)
from tests.gui.sample_panes import pixel

BACKGROUNDS = ("omission", "low_confidence", "current_link", "cross_highlight", "sentence", "flash")


def palette(window: str, base: str, text: str) -> QPalette:
    p = QPalette()
    p.setColor(QPalette.ColorRole.Window, QColor(window))
    p.setColor(QPalette.ColorRole.Base, QColor(base))
    p.setColor(QPalette.ColorRole.Text, QColor(text))
    p.setColor(QPalette.ColorRole.WindowText, QColor(text))
    return p


# Typical palettes: Fusion light and dark, Breeze dark, a Windows-like white, GNOME's Adwaita dark.
LIGHT_PALETTES = [palette("#efefef", "#ffffff", "#000000"), palette("#f0f0f0", "#ffffff", "#1f1f1f"),
                  palette("#fafafa", "#ffffff", "#2e3436")]
DARK_PALETTES = [palette("#353535", "#2a2a2a", "#ffffff"), palette("#31363b", "#232629", "#eff0f1"),
                 palette("#242424", "#1e1e1e", "#e6e6e6")]


def test_contrast_ratio_matches_wcag() -> None:
    assert contrast_ratio(QColor("#000000"), QColor("#ffffff")) == pytest.approx(21.0)
    assert contrast_ratio(QColor("#777777"), QColor("#ffffff")) == pytest.approx(4.48, abs=0.01)
    assert contrast_ratio(QColor("#123456"), QColor("#123456")) == pytest.approx(1.0)


@pytest.mark.parametrize("p", LIGHT_PALETTES)
def test_light_palettes_get_the_light_scheme(p: QPalette) -> None:
    assert not is_dark(p)
    assert scheme_for(p) is LIGHT


@pytest.mark.parametrize("p", DARK_PALETTES)
def test_dark_palettes_get_the_dark_scheme(p: QPalette) -> None:
    assert is_dark(p)
    assert scheme_for(p) is DARK


@pytest.mark.parametrize("p", LIGHT_PALETTES + DARK_PALETTES)
def test_text_stays_readable_on_every_highlight(p: QPalette) -> None:
    scheme = scheme_for(p)
    text = p.color(QPalette.ColorRole.Text)
    base = p.color(QPalette.ColorRole.Base)
    for role in BACKGROUNDS:
        colour = getattr(scheme, role)
        assert contrast_ratio(colour, text) >= 4.5, role  # WCAG AA for body text
        # ... and the highlight is visibly a highlight on the page.
        assert contrast_ratio(colour, base) > 1.1 or abs(colour.hueF() - base.hueF()) > 0.05, role
    # An omission must not be mistaken for a paragraph with no highlight.
    assert contrast_ratio(scheme.omission, base) > 1.3
    assert scheme.omission.saturationF() > 0.3


def test_dark_omission_contrasts_with_dark_text_background() -> None:
    dark = DARK_PALETTES[0]
    assert contrast_ratio(DARK.omission, dark.color(QPalette.ColorRole.Text)) > 3
    assert contrast_ratio(DARK.omission, dark.color(QPalette.ColorRole.Base)) > 1.5
    # The light omission colour would glare on a dark page and wash out light text.
    assert contrast_ratio(LIGHT.omission, dark.color(QPalette.ColorRole.Text)) < 1.5


def test_highlights_are_told_apart() -> None:
    for scheme in (LIGHT, DARK):
        colours = [getattr(scheme, role).rgb() for role in BACKGROUNDS]
        assert len(set(colours)) == len(colours)
        assert scheme.omission != scheme.low_confidence
        # Ruler ticks are a few pixels high: they need more contrast with the groove than a background does.
        assert contrast_ratio(scheme.omission_tick, QColor("#ffffff" if not scheme.dark else "#2a2a2a")) > 2


def test_legend_shows_each_colour_with_its_words(qtbot) -> None:
    legend = legend_widget()
    qtbot.addWidget(legend)
    legend.setPalette(DARK_PALETTES[0])
    legend.show()
    qtbot.waitExposed(legend)
    assert [legend.labels[role].text() for role in Legend.ROLES] == [
        "No counterpart", "Uncertain link", "Current link", "Counterpart", "Note", "Manual link", "Confirmed link",
        "Check flag"]
    for role in Legend.ROLES:
        swatch = legend.swatches[role]
        assert pixel(swatch, 6, 6) == getattr(DARK, role)
        assert swatch.toolTip()
    # A palette change switches the swatches to the other variant.
    legend.setPalette(LIGHT_PALETTES[0])
    assert pixel(legend.swatches["omission"], 6, 6) == LIGHT.omission
    centre = legend.swatches["omission"].mapTo(legend, QPoint(6, 6))
    assert pixel(legend, centre.x(), centre.y()) == LIGHT.omission


def test_legend_with_a_fixed_scheme(qtbot) -> None:
    legend = Legend(DARK)
    qtbot.addWidget(legend)
    legend.setPalette(LIGHT_PALETTES[0])
    assert pixel(legend.swatches["omission"], 6, 6) == DARK.omission
    legend.set_scheme(LIGHT)
    assert pixel(legend.swatches["omission"], 6, 6) == LIGHT.omission


def test_legend_retranslates_on_language_change(qtbot) -> None:
    legend = Legend()
    qtbot.addWidget(legend)
    legend.labels["omission"].setText("stale")
    QApplication.sendEvent(legend, QEvent(QEvent.Type.LanguageChange))
    assert legend.labels["omission"].text() == "No counterpart"


# Marks drawn a few pixels wide (link-status bars and ruler ticks, flag lines) and the status bands.
MARKS = ("manual_mark", "confirmed_mark", "flag_error", "flag_warning", "flag_advisory")
TICKS = ("omission_tick", "annotation", *MARKS)


@pytest.mark.parametrize("p", LIGHT_PALETTES + DARK_PALETTES)
def test_status_and_flag_marks_show_on_the_page(p: QPalette) -> None:
    scheme = scheme_for(p)
    base, window = p.color(QPalette.ColorRole.Base), p.color(QPalette.ColorRole.Window)
    for role in MARKS:
        assert contrast_ratio(getattr(scheme, role), base) >= 2.5, role  # a 2-3 px mark on the page or the groove
    for role in ("manual_link", "confirmed_link"):
        band = getattr(scheme, role)
        # A band in the link map stands out of the strip's background and of an ordinary (automatic) band.
        assert contrast_ratio(band, window) > 1.1 or abs(band.hueF() - window.hueF()) > 0.05, role
        assert band.saturationF() > 0.25 and band != scheme.link_band, role


def test_status_and_flag_colours_are_told_apart_from_the_others() -> None:
    for scheme in (LIGHT, DARK):
        ticks = [getattr(scheme, role).rgb() for role in TICKS]
        assert len(set(ticks)) == len(ticks)
        bands = [getattr(scheme, role).rgb() for role in ("link_band", "low_confidence", "current_link", "omission",
                                                          "manual_link", "confirmed_link")]
        assert len(set(bands)) == len(bands)
        # Hues apart from the omission (orange), uncertain (lavender) and note (green) colours they sit beside.
        for role in MARKS[:3]:
            colour = getattr(scheme, role)
            for other in (scheme.omission_tick, scheme.low_confidence, scheme.annotation):
                distance = abs(colour.hueF() - other.hueF())
                assert min(distance, 1 - distance) > 0.06, (role, other.name())
        assert status_colours(scheme, "manual") == (scheme.manual_link, scheme.manual_mark)
        assert status_colours(scheme, "confirmed") == (scheme.confirmed_link, scheme.confirmed_mark)
        assert [flag_colour(scheme, s) for s in ("error", "warning", "advisory")] == [
            scheme.flag_error, scheme.flag_warning, scheme.flag_advisory]
    with pytest.raises(ValueError):
        status_colours(LIGHT, "automatic")


def test_legend_shows_the_mark_entries_only_with_their_marks_and_drops_words_for_want_of_room(qtbot) -> None:
    legend = Legend()
    qtbot.addWidget(legend)
    legend.show()
    qtbot.waitExposed(legend)
    marks = Legend.MARK_ROLES
    assert not any(legend.swatches[role].isVisible() or legend.labels[role].isVisible() for role in marks)
    plain = legend.sizeHint().width()
    legend.set_marked_roles(["manual_link", "flag_error"])
    legend.resize(legend.sizeHint())
    qtbot.waitUntil(lambda: legend.labels["flag_error"].isVisible(), timeout=1000)
    assert [role for role in Legend.ROLES if legend.swatches[role].isVisible()] == [
        "omission", "low_confidence", "current_link", "cross_highlight", "annotation", "manual_link", "flag_error"]
    assert all(legend.labels[role].isVisible() for role in ("omission", "manual_link", "flag_error"))
    assert not legend.labels["confirmed_link"].isVisible()
    wide = legend.sizeHint().width()
    assert wide > plain
    # Less room than all words need: the always-shown entries lose their words from the last (not every word
    # cut short), the marks' entries keep theirs; the swatches and their tooltips stay; the hint asks for the whole.
    words = legend.labels["annotation"].sizeHint().width() + legend.labels["cross_highlight"].sizeHint().width()
    legend.setFixedWidth(wide - words + 4)  # (as a status bar squeezes it)
    qtbot.waitUntil(lambda: not legend.labels["cross_highlight"].isVisible(), timeout=1000)
    assert not legend.labels["annotation"].isVisible()
    assert legend.labels["current_link"].isVisible()
    assert legend.labels["manual_link"].isVisible() and legend.labels["flag_error"].isVisible()
    assert legend.swatches["annotation"].isVisible() and legend.swatches["annotation"].toolTip()
    assert legend.sizeHint().width() == wide
    assert legend.minimumSizeHint().width() < wide - words
    legend.setFixedWidth(wide)
    qtbot.waitUntil(lambda: legend.labels["manual_link"].isVisible(), timeout=1000)
    legend.set_marked_roles([])
    assert not legend.swatches["manual_link"].isVisible() and not legend.labels["manual_link"].isVisible()
    assert legend.sizeHint().width() == plain
