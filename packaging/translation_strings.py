"""Find the UI's translatable strings in the Python sources and compare them with a Qt .ts file."""

from __future__ import annotations

import argparse
import ast
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "reader_app" / "ui"
TS_FILE = ROOT / "resources" / "translations" / "bilingual_reader_zh_CN.ts"


def _literal(node: ast.AST | None) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _translate_helpers(tree: ast.Module) -> dict[str, str]:
    """Module-level `def _tr(text): return QCoreApplication.translate("Context", text)` -> {"_tr": "Context"}."""
    helpers: dict[str, str] = {}
    for node in tree.body:
        if not isinstance(node, ast.FunctionDef) or not node.args.args:
            continue
        param = node.args.args[0].arg
        for inner in ast.walk(node):
            if (isinstance(inner, ast.Call) and isinstance(inner.func, ast.Attribute)
                    and inner.func.attr == "translate" and len(inner.args) >= 2
                    and _literal(inner.args[0]) is not None
                    and isinstance(inner.args[1], ast.Name) and inner.args[1].id == param):
                helpers[node.name] = _literal(inner.args[0])  # type: ignore[assignment]
    return helpers


class _Collector(ast.NodeVisitor):
    """Collects (context, source text) for self.tr("..."), aliases of self.tr (`tr = self.tr`),
    X.translate("Context", "..."), QT_TRANSLATE_NOOP("Context", "...") and module translate helpers."""

    def __init__(self, helpers: dict[str, str]) -> None:
        self.helpers = helpers
        self.classes: list[str] = []
        self.aliases: list[set[str]] = [set()]
        self.found: list[tuple[str, str]] = []

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        self.classes.append(node.name)
        self.generic_visit(node)
        self.classes.pop()

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        self.aliases.append(set())
        self.generic_visit(node)
        self.aliases.pop()

    def visit_Assign(self, node: ast.Assign) -> None:
        value = node.value
        if (isinstance(value, ast.Attribute) and value.attr == "tr" and isinstance(value.value, ast.Name)
                and value.value.id == "self"):
            self.aliases[-1].update(t.id for t in node.targets if isinstance(t, ast.Name))
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        first = _literal(node.args[0]) if node.args else None
        context: str | None = None
        text: str | None = None
        self_tr = (isinstance(func, ast.Attribute) and func.attr == "tr" and isinstance(func.value, ast.Name)
                   and func.value.id == "self")
        alias = isinstance(func, ast.Name) and func.id in self.aliases[-1]
        if (self_tr or alias) and self.classes:
            context, text = self.classes[-1], first
        elif isinstance(func, ast.Name) and func.id in self.helpers:
            context, text = self.helpers[func.id], first
        elif ((isinstance(func, ast.Attribute) and func.attr == "translate")
              or (isinstance(func, ast.Name) and func.id == "QT_TRANSLATE_NOOP")) and len(node.args) >= 2:
            context, text = first, _literal(node.args[1])
        if context and text is not None:
            self.found.append((context, text))
        self.generic_visit(node)


def source_strings(paths: list[Path]) -> dict[str, list[str]]:
    """{context: [source texts in order of first appearance]} over the given Python files."""
    out: dict[str, list[str]] = {}
    for path in paths:
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        collector = _Collector(_translate_helpers(tree))
        collector.visit(tree)
        for context, text in collector.found:
            texts = out.setdefault(context, [])
            if text not in texts:
                texts.append(text)
    return out


def ui_sources() -> list[Path]:
    return sorted(SOURCES.rglob("*.py"))


def ts_messages(ts_path: Path) -> dict[tuple[str, str], tuple[str, bool]]:
    """{(context, source): (translation, finished)} of a .ts file."""
    out: dict[tuple[str, str], tuple[str, bool]] = {}
    for context in ET.parse(ts_path).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            text = (translation.text or "") if translation is not None else ""
            kind = translation.get("type") if translation is not None else "unfinished"
            out[(name, message.findtext("source") or "")] = (text, kind is None and bool(text))
    return out


def missing(ts_path: Path = TS_FILE, paths: list[Path] | None = None) -> list[tuple[str, str]]:
    """(context, source) pairs used in the sources without a finished translation in the .ts file."""
    known = ts_messages(ts_path)
    return [(context, text)
            for context, texts in source_strings(paths or ui_sources()).items()
            for text in texts if not known.get((context, text), ("", False))[1]]


def _message_xml(text: str) -> str:
    return ("    <message>\n"
            f"        <source>{escape(text)}</source>\n"
            "        <translation type=\"unfinished\"></translation>\n"
            "    </message>\n")


def add_unfinished(ts_path: Path, pairs: list[tuple[str, str]]) -> int:
    """Insert entries for strings the .ts lacks (leaving existing ones alone); returns how many were added."""
    known = ts_messages(ts_path)
    text = ts_path.read_text(encoding="utf-8")
    added = 0
    for context, source in pairs:
        if (context, source) in known:
            continue
        marker = f"<name>{escape(context)}</name>\n"
        if marker in text:
            end = text.index("</context>", text.index(marker))
            text = text[:end] + _message_xml(source) + text[end:]
        else:
            block = f"<context>\n    {marker}{_message_xml(source)}</context>\n"
            text = text.replace("</TS>", block + "</TS>")
        known[(context, source)] = ("", False)
        added += 1
    ts_path.write_text(text, encoding="utf-8")
    return added


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--ts", type=Path, default=TS_FILE)
    parser.add_argument("--add", action="store_true", help="add the missing strings to the .ts as unfinished")
    args = parser.parse_args(argv)
    todo = missing(args.ts)
    if args.add:
        print(f"{add_unfinished(args.ts, todo)} new string(s) added to {args.ts.name}")
    for context, source in todo:
        print(f"untranslated: [{context}] {source!r}")
    return 1 if todo else 0


if __name__ == "__main__":
    sys.exit(main())
