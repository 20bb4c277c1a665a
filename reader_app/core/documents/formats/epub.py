"""EPUB 2/3 reader: container and package read with defusedxml, chapters in spine order through the HTML reader."""

from __future__ import annotations

from reader_app.core.documents.formats import ENTITY_DECLARATION, Extracted, FormatError, Piece, nesting
from reader_app.core.documents.formats.archive import MAX_UNPACKED_BYTES, open_zip, read_member, resolve
from reader_app.core.documents.formats.html import read_html

CONTAINER = "META-INF/container.xml"
CHAPTER_TYPES = ("application/xhtml+xml", "text/html", "application/x-dtbook+xml")


def parse_xml(data: bytes, what: str):
    """Parse container/package XML; entity declarations and external references are refused."""
    import defusedxml.ElementTree as SafeTree
    from defusedxml import DefusedXmlException

    if ENTITY_DECLARATION.search(data):
        raise FormatError(f"declares XML entities in {what} (refused: entity expansion attack)", unsafe=True)
    nesting.check_xml(data, what)
    try:
        return SafeTree.fromstring(data)
    except DefusedXmlException as exc:
        raise FormatError(f"has forbidden XML in {what} ({type(exc).__name__})", unsafe=True) from exc
    except Exception as exc:  # ParseError and the like: the package is damaged
        raise FormatError(f"has damaged XML in {what} ({exc})".replace("\n", " ")) from exc


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def read_epub(data: bytes) -> Extracted:
    from reader_app.core.documents.encodings import EncodingProblem, decode

    archive = open_zip(data)
    budget = [MAX_UNPACKED_BYTES]
    container = parse_xml(read_member(archive, CONTAINER, budget), CONTAINER)
    rootfile = next((el.get("full-path") for el in container.iter() if _local(el.tag) == "rootfile"), None)
    if not rootfile:
        raise FormatError("has no package document (META-INF/container.xml names none)")
    opf_path = resolve("", rootfile)
    package = parse_xml(read_member(archive, opf_path, budget), opf_path)
    manifest = {}
    for item in package.iter():
        if _local(item.tag) == "item" and item.get("id") and item.get("href"):
            manifest[item.get("id")] = (item.get("href"), item.get("media-type", ""))
    spine = [el.get("idref") for el in package.iter() if _local(el.tag) == "itemref" and el.get("linear") != "no"]
    pieces: list[Piece] = []
    for idref in spine:
        if idref not in manifest:
            continue
        href, media_type = manifest[idref]
        if media_type and media_type not in CHAPTER_TYPES:
            continue
        chapter_path = resolve(opf_path, href)
        raw = read_member(archive, chapter_path, budget)
        if ENTITY_DECLARATION.search(raw):
            raise FormatError(f"declares XML entities in {chapter_path[:60]} (refused)", unsafe=True)
        try:
            text, _ = decode(raw)
        except EncodingProblem as exc:
            raise FormatError(f"has a chapter in an unknown encoding ({chapter_path[:60]})") from exc
        for piece in read_html(text, chapter_path).pieces:
            n = len(pieces) + 1
            pieces.append(Piece(piece.original, piece.text, piece.kind, n, n, piece.keep_lines, None, True))
    if not spine:
        raise FormatError("has an empty reading order (no spine)")
    return Extracted(pieces)
