"""Translation memories (TMX) and XLIFF 1.x/2.0 on translate-toolkit: each unit a Chinese and an English paragraph."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from reader_app.core.documents.formats import ENTITY_DECLARATION, Extracted, FormatError, Piece, nesting
from reader_app.core.model import Language
from reader_app.core.text.segment import han_share

if TYPE_CHECKING:
    from translate.storage.base import TranslationStore

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _check_safe(data: bytes) -> None:
    """Entity declarations are refused before any parser sees them (billion laughs, external entities)."""
    import defusedxml.ElementTree as SafeTree
    from defusedxml import DefusedXmlException

    if ENTITY_DECLARATION.search(data):
        raise FormatError("declares XML entities (refused: entity expansion attack)", unsafe=True)
    nesting.check_xml(data)
    try:
        SafeTree.fromstring(data)
    except DefusedXmlException as exc:
        raise FormatError(f"has forbidden XML ({type(exc).__name__})", unsafe=True) from exc
    except Exception as exc:
        raise FormatError(f"is not well-formed XML ({exc})".replace("\n", " ")) from exc


def _is_chinese_code(code: str | None) -> bool | None:
    if not code:
        return None
    return code.lower().startswith(("zh", "cmn", "yue", "lzh"))


def read_translation_memory(data: bytes, kind: str) -> Extracted:
    """`kind` is 'tmx' or 'xliff'."""
    _check_safe(data)
    store_class: type[TranslationStore[Any]]  # one type for whichever of the three classes is imported below
    try:
        if kind == "tmx":
            from translate.storage.tmx import tmxfile as store_class
        elif b"urn:oasis:names:tc:xliff:document:2." in data[:4096]:
            from translate.storage.xliff2 import Xliff2File as store_class  # noqa: N813 - one name, three classes
        else:
            from translate.storage.xliff import xlifffile as store_class
        store = store_class.parsestring(data)
        units = [u for u in store.units if not getattr(u, "isheader", lambda: False)()]
        pairs = [(_unit_texts(u, kind)) for u in units]
    except FormatError:
        raise
    except Exception as exc:  # translate-toolkit raises lxml, Value and Attribute errors on damaged files
        raise FormatError(f"is not a readable {kind.upper()} file ({type(exc).__name__})") from exc
    pieces: list[Piece] = []
    links: list[tuple[tuple[int, ...], tuple[int, ...]]] = []
    for number, (zh, en) in enumerate(pairs, start=1):
        ids: dict[Language, tuple[int, ...]] = {}
        for language, text in ((Language.ZH, zh), (Language.EN, en)):
            text = (text or "").strip()
            if text:
                pieces.append(Piece(text, text, first=number, last=number, language=language, structured=True))
                ids[language] = (len(pieces) - 1,)
            else:
                ids[language] = ()
        if ids[Language.ZH] or ids[Language.EN]:
            links.append((ids[Language.ZH], ids[Language.EN]))
    if not pieces:
        raise FormatError(f"has no translation units ({kind.upper()} with no text)")
    return Extracted(pieces, links=links)


NATIVE_CODES = frozenset(("bpt", "ept", "ph", "it", "ut"))


def _segment_text(element) -> str:
    """A TMX <seg>'s reading text: the native markup inside <bpt>, <ept>, <ph>, <it> and <ut> left out."""
    parts = [element.text or ""]
    for child in element:
        tag = child.tag.rsplit("}", 1)[-1] if isinstance(child.tag, str) else ""
        if tag and tag not in NATIVE_CODES:
            parts.append(_segment_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _unit_texts(unit, kind: str) -> tuple[str, str]:
    """(Chinese, English) of one unit: by language codes where given, else by script."""
    texts: list[tuple[str | None, str]] = []
    if kind == "tmx":
        for node in unit.getlanguageNodes():
            segs = [el for el in node.iter() if isinstance(el.tag, str) and el.tag.rsplit("}", 1)[-1] == "seg"]
            seg = _segment_text(segs[0]) if segs else ""
            texts.append((node.get(XML_LANG) or node.get("lang"), seg))
    else:
        texts = [(None, unit.source or ""), (None, unit.target or "")]
    chinese = [t for code, t in texts if _is_chinese_code(code)]
    english = [t for code, t in texts if _is_chinese_code(code) is False and code and code.lower().startswith("en")]
    if chinese and english:
        return chinese[0], english[0]
    nonempty = [t for _, t in texts if t.strip()]
    zh = next((t for t in nonempty if han_share(t) >= 0.5), "")
    en = next((t for t in nonempty if han_share(t) < 0.5), "")
    return zh, en
