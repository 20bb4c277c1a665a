"""Loading a bilingual document from one file (both languages) or two (original and translation).

Formats: plain text (.txt and anything unrecognised that decodes as text), Markdown, HTML/XHTML, EPUB 2/3,
DOCX, SRT, TMX and XLIFF (1.x and 2.0), recognised by extension and by content. Limits: a file larger than 64 MB
(256 MB for EPUB, whose pictures are never read) is refused before it is read; a ZIP container may unpack
to at most 200 MB at a ratio of at most 200:1; markup nested more than 1,000 elements deep is refused before
it is parsed (formats/nesting.py). Nothing is ever fetched: no network, no file other than
the document itself. Every failure raises a DocumentError subclass with a one-line message.
"""

from __future__ import annotations

from pathlib import Path

from reader_app.core.documents import cleanup
from reader_app.core.documents.encodings import EncodingProblem, decode
from reader_app.core.documents.formats import Extracted, FormatError, Piece
from reader_app.core.documents.project import is_project
from reader_app.core.model import (
    Document,
    Language,
    Paragraph,
    ParagraphKind,
    Side,
    SourcePosition,
    assign_ids,
)
from reader_app.core.text import segment
from reader_app.core.text.segment import han_share

MAX_BYTES = 64 * 1024 * 1024
MAX_EPUB_BYTES = 256 * 1024 * 1024

TEXT_SUFFIXES = {".txt", ".text", ".asc", ""}
SUFFIX_FORMATS = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".mdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".xht": "html",
    ".epub": "epub",
    ".docx": "docx",
    ".srt": "srt",
    ".tmx": "tmx",
    ".xlf": "xliff",
    ".xliff": "xliff",
}
UNSUPPORTED = {
    ".doc": "Word 97-2003 .doc files are not supported; save it as .docx",
    ".pdf": "PDF files are not supported; save the text as .txt, .docx or .html",
    ".mobi": "MOBI e-books are not supported; convert to EPUB",
    ".azw3": "Kindle e-books are not supported; convert to EPUB",
    ".rtf": "RTF files are not supported; save it as .docx",
    ".mht": "MHTML web archives are not supported; save the page as HTML",
    ".mhtml": "MHTML web archives are not supported; save the page as HTML",
}


class DocumentError(Exception):
    """A document could not be opened. The message is one line naming the file and the reason."""

    def __init__(self, path: Path | str, reason: str) -> None:
        self.path = str(path)
        self.reason = " ".join(str(reason).split())
        super().__init__(f"{Path(path).name}: {self.reason}")


class EncodingUncertainError(DocumentError):
    """The text encoding could not be told for sure. `candidates` lists (encoding name, preview of the text
    decoded with it), best first; load again with `encoding=` set to the reader's choice."""

    def __init__(self, path: Path | str, reason: str, candidates: list[tuple[str, str]]) -> None:
        super().__init__(path, reason)
        self.candidates = candidates


class OneLanguageError(DocumentError):
    """The file holds one language only. `document` is it, with the other side empty, for a reader that shows
    it anyway (and offers to open the translation); `missing` is the language it lacks ("zh" or "en")."""

    def __init__(self, path: Path | str, document: Document, missing: Language) -> None:
        name = "Chinese" if missing is Language.ZH else "English"
        super().__init__(path, f"has no {name} paragraphs; open the translation as a second file")
        self.document = document
        self.missing = missing.value


class UnsafeDocumentError(DocumentError):
    """The file looks like an attack (zip bomb, path traversal, XML entity expansion) and was not read."""


class DocumentTooLargeError(DocumentError):
    """The file is over the size limit and was not read."""


def read_text(path: Path, encoding: str | None = None) -> str:
    """A text file's contents, decoded (see encodings.py)."""
    return _decode(path, _read_bytes(path, MAX_BYTES), encoding)[0]


def _read_bytes(path: Path, limit: int) -> bytes:
    try:
        if not path.exists():
            raise DocumentError(path, "no such file")
        if path.is_dir():
            raise DocumentError(path, "is a folder, not a file")
        size = path.stat().st_size
        if size > limit:
            raise DocumentTooLargeError(
                path, f"is {size // 2**20} MB, larger than the {limit // 2**20} MB limit for a document"
            )
        with path.open("rb") as file:
            # Sized by the file, not the limit: read(n) allocates n bytes up front. One byte more catches
            # a file that grew past the limit since stat().
            data = file.read(size + 1 if size < limit else limit + 1)
    except OSError as exc:
        raise DocumentError(path, f"cannot be read ({exc.strerror or exc})") from exc
    if len(data) > limit:
        raise DocumentTooLargeError(path, f"is larger than the {limit // 2**20} MB limit for a document")
    return data


def _decode(path: Path, data: bytes, encoding: str | None) -> tuple[str, str]:
    try:
        return decode(data, encoding)
    except EncodingProblem as exc:
        if exc.candidates:
            raise EncodingUncertainError(path, exc.reason, exc.candidates) from exc
        raise DocumentError(path, exc.reason) from exc


def _sniff(path: Path, data: bytes) -> str:
    suffix = path.suffix.lower()
    if suffix in UNSUPPORTED:
        raise DocumentError(path, UNSUPPORTED[suffix])
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        if suffix in (".epub", ".docx"):
            return suffix[1:]
        if b"mimetypeapplication/epub+zip" in data[:100] or b"META-INF/container.xml" in data:
            return "epub"
        if b"word/document.xml" in data:
            return "docx"
        raise DocumentError(path, "is a ZIP archive that is neither an EPUB nor a Word document")
    if data.startswith(b"%PDF"):
        raise DocumentError(path, UNSUPPORTED[".pdf"])
    if suffix in SUFFIX_FORMATS:
        return SUFFIX_FORMATS[suffix]
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"<?xml") or head.startswith(b"<"):
        if b"<tmx" in data[:4096].lower():
            return "tmx"
        if b"<xliff" in data[:4096].lower():
            return "xliff"
        if b"<html" in head or b"<!doctype html" in head or b"<body" in head:
            return "html"
    return "text"


def _extract(path: Path, encoding: str | None) -> Extracted:
    suffix = path.suffix.lower()
    data = _read_bytes(path, MAX_EPUB_BYTES if suffix == ".epub" else MAX_BYTES)
    kind = _sniff(path, data)
    if kind != "epub" and len(data) > MAX_BYTES:
        raise DocumentTooLargeError(path, f"is larger than the {MAX_BYTES // 2**20} MB limit for a document")
    try:
        if kind == "epub":
            from reader_app.core.documents.formats.epub import read_epub

            return read_epub(data)
        if kind == "docx":
            from reader_app.core.documents.formats.docx import read_docx

            return read_docx(data)
        if kind in ("tmx", "xliff"):
            from reader_app.core.documents.formats.memory import read_translation_memory

            return read_translation_memory(data, kind)
        if kind == "html" and not encoding:  # a page's own <meta charset> before the judge
            from reader_app.core.documents.formats.html import declared_charset

            declared = declared_charset(data)
            if declared and not data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
                charset = _usable_charset(declared)
                try:
                    text, used = decode(data, charset) if charset else _decode(path, data, None)
                except EncodingProblem:  # pages lie about their charset: the judge decides then
                    text, used = _decode(path, data, None)
            else:
                text, used = _decode(path, data, None)
        else:
            text, used = _decode(path, data, encoding)
        if "\x00" in text:
            raise DocumentError(path, "is a binary file, not a text document")
        if kind == "html":
            from reader_app.core.documents.formats.html import read_html

            found = read_html(text)
        elif kind == "markdown":
            from reader_app.core.documents.formats.text import read_markdown

            found = read_markdown(text)
        elif kind == "srt":
            from reader_app.core.documents.formats.subtitles import read_srt

            found = read_srt(text)
        else:
            from reader_app.core.documents.formats.text import read_plain

            found = read_plain(text)
        return Extracted(found.pieces, used, found.links)
    except FormatError as exc:
        raise (UnsafeDocumentError if exc.unsafe else DocumentError)(path, exc.reason) from exc
    except DocumentError:
        raise
    except RecursionError as exc:
        raise DocumentError(path, "is nested too deeply to read") from exc
    except Exception as exc:  # a library failing on damaged input: report it as damage, never a traceback
        raise DocumentError(path, f"is damaged or not a valid {kind} file ({type(exc).__name__})") from exc


def _usable_charset(declared: str) -> str | None:
    """A page's declared charset, if Python knows it; GB2312/GBK declarations are read as GB18030 (a
    superset that saved pages actually use), Big5 as Microsoft's cp950."""
    import codecs

    name = declared.lower()
    if name in ("gb2312", "gbk", "x-gbk", "gb_2312-80", "cp936"):
        return "gb18030"
    if name in ("big5", "x-x-big5", "big5-hkscs"):
        return "cp950"
    try:
        codecs.lookup(name)
    except LookupError:
        return None
    return name


# -- from pieces to sides ----------------------------------------------------------------------------------


def _display(piece: Piece, cleaned: str, entry: _Entry) -> tuple[str, ParagraphKind]:
    lines = cleanup.display_lines(cleaned)
    # The language decides only how wrapped lines join: asked (and the script measured) only then.
    chinese = len(lines) > 1 and not piece.keep_lines and entry.language is Language.ZH
    text = cleanup.display_of_lines(lines, chinese, keep_lines=piece.keep_lines)
    kind = piece.kind
    if piece.keep_lines and kind is ParagraphKind.PARAGRAPH:
        lines = text.split("\n")
        if len(lines) > 1 and segment.mostly_labels(lines):
            kind = ParagraphKind.METADATA
    return text, kind


class _Entry:
    __slots__ = ("piece", "text", "kind", "_language", "_cleaned", "index")

    def __init__(self, piece: Piece, index: int) -> None:
        self.piece = piece
        self.index = index
        self._cleaned, _ = cleanup.remove_ruby(piece.text)
        self._language: Language | None = piece.language
        self.text, self.kind = _display(piece, self._cleaned, self)

    @property
    def language(self) -> Language:
        """The piece's language, else told from its script (ruby removed) when first asked: two files set it
        without asking, so that a book's paragraphs are not measured for nothing."""
        if self._language is None:
            self._language = segment.language_of(self._cleaned)
        return self._language

    @language.setter
    def language(self, value: Language) -> None:
        self._language = value


def _mark_headings(entries: list[_Entry]) -> None:
    """Plain text has no markup for headings: rule 8 of segment.py, per language side."""
    for position, entry in enumerate(entries):
        if entry.piece.structured or entry.kind is not ParagraphKind.PARAGRAPH:
            continue
        is_last = position == len(entries) - 1
        if segment.looks_like_heading(entry.text) and (position == 0 or not is_last):
            entry.kind = ParagraphKind.HEADING


def _side(language: Language, entries: list[_Entry], file_index: int, name: str, encoding: str) -> Side:
    ids = assign_ids([e.piece.original for e in entries])
    paragraphs = tuple(
        Paragraph(
            id=pid,
            text=e.text,
            original=e.piece.original,
            language=language,
            kind=e.kind,
            source=SourcePosition(file_index, e.piece.first, e.piece.last),
            sentences=segment.sentences(e.text, language),
        )
        for pid, e in zip(ids, entries, strict=True)
    )
    return Side(language, paragraphs, name, encoding)


def _entries(found: Extracted) -> list[_Entry]:
    entries = [_Entry(p, i) for i, p in enumerate(found.pieces)]
    return [e for e in entries if e.text.strip()]


def _interleaved_links(entries: list[_Entry]) -> tuple[tuple[tuple[int, ...], tuple[int, ...]], ...] | None:
    """zh, en, zh, en... (or en first) throughout a file: the file itself says which paragraphs pair up."""
    if len(entries) < 4 or len(entries) % 2:
        return None
    languages = [e.language for e in entries]
    first = languages[0]
    if any(lang is not (first if i % 2 == 0 else first.other) for i, lang in enumerate(languages)):
        return None
    return tuple(((i,), (i,)) for i in range(len(entries) // 2))


def _given_links(found: Extracted, zh: list[_Entry], en: list[_Entry]):
    if found.links is None:
        return None
    zh_index = {e.index: i for i, e in enumerate(zh)}
    en_index = {e.index: i for i, e in enumerate(en)}
    links = []
    for zh_pieces, en_pieces in found.links:
        z = tuple(zh_index[i] for i in zh_pieces if i in zh_index)
        e = tuple(en_index[i] for i in en_pieces if i in en_index)
        if z or e:
            links.append((z, e))
    return tuple(links)


def _load_project(path: Path) -> Document:
    """The document a project file holds: its texts, written once to the cache under names of our own, loaded in
    the encodings they were read in when it was saved, under the project's title."""
    import dataclasses

    from reader_app.core.documents.project import ProjectError, extract_sources, read_project
    from reader_app.paths import cache_dir

    try:
        project = read_project(path)
        files = extract_sources(project, cache_dir() / "projects")
    except ProjectError as exc:
        raise DocumentError(path, exc.reason) from exc
    except OSError as exc:
        raise DocumentError(path, f"its texts could not be unpacked ({exc.strerror or exc})") from exc
    encodings = [source.encoding or None for source in project.sources]
    document = load_document(files[0], files[1] if len(files) > 1 else None, encoding=encodings[0],
                             en_encoding=encodings[1] if len(files) > 1 else None)
    return dataclasses.replace(document, title=project.title or document.title)


def load_document(
    path: Path | str,
    en_path: Path | str | None = None,
    *,
    encoding: str | None = None,
    en_encoding: str | None = None,
) -> Document:
    """Load one bilingual file, or a Chinese file and its English translation (swapped if given the other
    way round), or a project file (NAME.bireader: the texts it holds). `encoding` / `en_encoding` force the
    encoding of each file (after EncodingUncertainError)."""
    path = Path(path)
    if en_path is None and is_project(path):
        return _load_project(path)
    found = _extract(path, encoding)
    entries = _entries(found)
    if en_path is None:
        zh = [e for e in entries if e.language is Language.ZH]
        en = [e for e in entries if e.language is Language.EN]
        if not zh or not en:
            if not entries:
                raise DocumentError(path, "has no text")
            _mark_headings(zh or en)
            one_sided = Document(
                _side(Language.ZH, zh, 0, path.name, found.encoding),
                _side(Language.EN, en, 0, path.name, found.encoding),
                title=path.stem,
                sources=(str(path),),
            )
            raise OneLanguageError(path, one_sided, Language.ZH if not zh else Language.EN)
        _mark_headings(zh)
        _mark_headings(en)
        links = _given_links(found, zh, en) if found.links is not None else _interleaved_links(entries)
        return Document(
            _side(Language.ZH, zh, 0, path.name, found.encoding),
            _side(Language.EN, en, 0, path.name, found.encoding),
            title=path.stem,
            sources=(str(path),),
            given_links=links,
        )
    en_path = Path(en_path)
    other = _extract(en_path, en_encoding)
    other_entries = _entries(other)
    for p, side_entries in ((path, entries), (en_path, other_entries)):
        if not side_entries:
            raise DocumentError(p, "has no text")
    first_share = han_share("".join(e.text for e in entries[:200]))
    second_share = han_share("".join(e.text for e in other_entries[:200]))
    files = [(path, found, entries, 0), (en_path, other, other_entries, 1)]
    if first_share < 0.5 <= second_share:  # given as (English, Chinese): the reader meant the other way round
        files.reverse()
    (zh_path, zh_found, zh_entries, zh_file), (en_file_path, en_found, en_entries, en_file) = files
    for e in zh_entries:
        e.language = Language.ZH
    for e in en_entries:
        e.language = Language.EN
    _mark_headings(zh_entries)
    _mark_headings(en_entries)
    return Document(
        _side(Language.ZH, zh_entries, zh_file, zh_path.name, zh_found.encoding),
        _side(Language.EN, en_entries, en_file, en_file_path.name, en_found.encoding),
        title=zh_path.stem,
        sources=(str(zh_path), str(en_file_path)),
    )
