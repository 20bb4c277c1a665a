"""Loading a bilingual document from one file (both languages) or two (original and translation).

Foundation version: UTF-8 plain text, blank-line paragraphs, language by script. The documents issue
replaces the internals (formats, encodings, ruby cleanup, sentences) behind the same `load_document`.
"""

from __future__ import annotations

from pathlib import Path

from reader_app.core.model import Document, Language, Paragraph, Side, SourcePosition, assign_ids

MAX_BYTES = 64 * 1024 * 1024


class DocumentError(Exception):
    """A document could not be opened. The message is one line naming the file and the reason."""

    def __init__(self, path: Path | str, reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{Path(path).name}: {reason}")


def han_share(text: str) -> float:
    """Share of Han characters among the letters of `text` (0.0 when it has none)."""
    han = latin = 0
    for ch in text:
        if "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" or "\uf900" <= ch <= "\ufaff":
            han += 1
        elif ch.isalpha():
            latin += 1
    # A Latin word counts about as much as one Han character, not one per letter.
    words = latin / 5.0
    return han / (han + words) if han + words else 0.0


def read_text(path: Path) -> str:
    if not path.exists():
        raise DocumentError(path, "no such file")
    if path.is_dir():
        raise DocumentError(path, "is a folder, not a file")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DocumentError(path, f"cannot be read ({exc.strerror or exc})") from exc
    if len(data) > MAX_BYTES:
        raise DocumentError(path, f"is larger than {MAX_BYTES // (1024 * 1024)} MB")
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise DocumentError(path, "is a binary file, not a text document")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DocumentError(path, f"is not UTF-8 text (invalid byte at offset {exc.start})") from exc


def _blocks(text: str) -> list[tuple[str, int, int]]:
    """Blank-line separated blocks with their 1-based line ranges."""
    out: list[tuple[str, int, int]] = []
    current: list[str] = []
    start = 0
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            if not current:
                start = number
            current.append(line.strip())
        elif current:
            out.append(("\n".join(current), start, number - 1))
            current = []
    if current:
        out.append(("\n".join(current), start, start + len(current) - 1))
    return out


def _side(language: Language, blocks: list[tuple[str, int, int]], file_index: int, name: str) -> Side:
    ids = assign_ids([b[0] for b in blocks])
    paragraphs = tuple(
        Paragraph(
            id=pid,
            text=" ".join(text.split()) if language is Language.EN else text,
            original=text,
            language=language,
            source=SourcePosition(file_index, first, last),
        )
        for pid, (text, first, last) in zip(ids, blocks, strict=True)
    )
    return Side(language, paragraphs, name)


def load_document(path: Path | str, en_path: Path | str | None = None) -> Document:
    path = Path(path)
    blocks = _blocks(read_text(path))
    if en_path is None:
        zh = [b for b in blocks if han_share(b[0]) >= 0.5]
        en = [b for b in blocks if han_share(b[0]) < 0.5]
        if not zh or not en:
            missing = "Chinese" if not zh else "English"
            raise DocumentError(path, f"has no {missing} paragraphs; open the translation as a second file")
        return Document(_side(Language.ZH, zh, 0, path.name), _side(Language.EN, en, 0, path.name),
                        title=path.stem, sources=(str(path),))
    en_path = Path(en_path)
    en_blocks = _blocks(read_text(en_path))
    return Document(_side(Language.ZH, blocks, 0, path.name), _side(Language.EN, en_blocks, 1, en_path.name),
                    title=path.stem, sources=(str(path), str(en_path)))
