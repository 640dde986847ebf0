"""The package layout: each room imports only the rooms below it; no module or
class grows past what a newcomer can read (issue #25)."""

import ast
from pathlib import Path

import pytest

from graph_builder.paths import REPO_ROOT

CORE = {"errors", "paths", "namespace", "iris", "text", "resolve"}
#: Room -> the rooms it may import (itself included).
ALLOWED = {
    "core": {"core"},
    "query": {"core", "query"},
    "sources": {"core", "sources"},
    "build": {"core", "query", "sources", "build"},
    "viz": {"core", "query", "viz"},
    "serve": {"core", "query", "sources", "build", "viz", "serve"},
    "cli": {"core", "query", "sources", "build", "viz", "serve", "cli"},
}
MAX_MODULE_LINES = 600
MAX_CLASS_LINES = 200


def _room(module: str) -> str | None:
    """The room of a dotted module name of ours, or None for another package."""
    parts = module.split(".")
    if parts[0] == "viz":
        return "viz"
    if parts[0] != "graph_builder" or len(parts) == 1:
        return None
    return "core" if parts[1] in CORE else parts[1]


def _modules() -> list[Path]:
    files = sorted((REPO_ROOT / "graph_builder").rglob("*.py"))
    return files + sorted((REPO_ROOT / "viz").rglob("*.py"))


def _name(path: Path) -> str:
    parts = path.relative_to(REPO_ROOT).with_suffix("").parts
    return ".".join(p for p in parts if p != "__init__")


def _imports(path: Path) -> list[tuple[int, str]]:
    """Every module an import names, lazy ones inside functions included."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.append((node.lineno, node.module))
        elif isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names]
    return found


def test_rooms_cover_every_module() -> None:
    entry = {"graph_builder", "graph_builder.__main__"}
    rooms = {_room(_name(p)) for p in _modules() if _name(p) not in entry}
    assert rooms <= set(ALLOWED), rooms - set(ALLOWED)
    assert rooms == set(ALLOWED)


@pytest.mark.parametrize("path", _modules(), ids=lambda p: _name(p))
def test_imports_only_rooms_below(path: Path) -> None:
    name = _name(path)
    if name in ("graph_builder", "graph_builder.__main__"):
        return  # the package's public API and entry point re-export from any room
    room = _room(name)
    assert room is not None
    wrong = [
        f"{path.relative_to(REPO_ROOT)}:{line}: {room} imports {target}"
        for line, target in _wrong(room, _imports(path))
    ]
    assert not wrong, "\n".join(wrong)


def _wrong(room: str, imports: list[tuple[int, str]]) -> list[tuple[int, str]]:
    return [
        (line, target)
        for line, target in imports
        if (other := _room(target)) is not None and other not in ALLOWED[room]
    ]


def test_the_rule_catches_wrong_way_imports() -> None:
    assert _room("graph_builder.resolve") == "core"
    assert _room("graph_builder.sources.poa_profile.members") == "sources"
    assert _room("viz.project") == "viz"
    assert _room("rdflib.namespace") is None
    imports = [
        (1, "graph_builder.build.pipeline"),
        (2, "graph_builder.query.sparql"),
        (3, "viz.project"),
        (4, "graph_builder.text"),
        (5, "rdflib"),
    ]
    assert _wrong("query", imports) == [
        (1, "graph_builder.build.pipeline"),
        (3, "viz.project"),
    ]
    assert _wrong("sources", imports) == imports[:3]
    assert _wrong("cli", imports) == []


@pytest.mark.parametrize("path", _modules(), ids=lambda p: _name(p))
def test_modules_and_classes_stay_readable(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count("\n") <= MAX_MODULE_LINES, (
        f"{path}: over {MAX_MODULE_LINES} lines"
    )
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.ClassDef):
            size = (node.end_lineno or node.lineno) - node.lineno + 1
            assert size <= MAX_CLASS_LINES, (
                f"{path}:{node.lineno}: class {node.name} is {size} lines"
            )


def test_every_package_says_what_it_holds_and_may_import() -> None:
    for init in (REPO_ROOT / "graph_builder").rglob("__init__.py"):
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))
        assert doc, f"{init}: no docstring"
        assert "import" in doc, f"{init}: the docstring does not say what it may import"
