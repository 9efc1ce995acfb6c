"""The package's modules depend on one another one way, with no circle: a module imports only
from its own layer or those below it (imports for type checkers only do not count), and the
library below the command line never imports Click or Rich at all."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "ftzcalc"

#: Lowest first. A module may import from its own layer (without a circle) and those below.
LAYERS = [
    {"i18n", "suggest"},
    {"errors"},
    {"parsing", "growth", "correlation"},
    {"distributions"},
    {"model"},
    {"rates", "reader"},
    {"dataset"},
    {"tracking"},
    {"gaps"},
    {"check", "solver", "projection"},
    {"scenarios", "grids"},
    {"simulation"},
    {"render"},
    {"views", "plots"},
    {"reports"},
    {"api"},
    {"cli", "__main__"},
]
LIBRARY = {name for layer in LAYERS[:-1] for name in layer}


def _top(module: str) -> str:
    """The first name below ``ftzcalc``: ``ftzcalc.render.table`` is ``render``."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def _layer(name: str) -> int:
    return next(i for i, layer in enumerate(LAYERS) if name in layer)


def _imports(path: Path) -> set[str]:
    """Every module ``path`` imports at run time, at its top or in a function."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    type_only = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            type_only |= {id(n) for stmt in node.body for n in ast.walk(stmt)}
    found = set()
    for node in ast.walk(tree):
        if id(node) in type_only:
            continue
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "ftzcalc":  # its modules, or __version__ (the package itself)
                found |= {f"ftzcalc.{a.name}" for a in node.names if not a.name.startswith("__")}
            else:
                found.add(node.module)
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
    return found


def _modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        yield path, parts[0] if parts != ("__init__",) else ""


def test_every_module_has_a_layer():
    for _path, name in _modules():
        assert name == "" or any(name in layer for layer in LAYERS), name


def test_imports_run_down_the_layers():
    wrong = []
    for path, name in _modules():
        if not name:
            continue
        for imported in _imports(path):
            if not imported.startswith("ftzcalc."):
                continue
            other = _top(imported)
            if other != name and _layer(other) > _layer(name):
                wrong.append(f"{path.relative_to(PACKAGE)} imports {imported}")
    assert wrong == []


def test_within_a_layer_there_is_no_circle():
    edges = {}
    for path, name in _modules():
        edges.setdefault(name, set()).update(
            _top(i) for i in _imports(path) if i.startswith("ftzcalc.") and _top(i) != name
        )
    for layer in LAYERS:
        for a in layer:
            for b in layer:
                assert not (b in edges.get(a, ()) and a in edges.get(b, ())), (a, b)


def test_the_library_never_imports_click_or_rich():
    for path, name in _modules():
        if name in LIBRARY - {"render"}:
            heavy = {i.split(".")[0] for i in _imports(path)} & {"click", "rich"}
            assert not heavy, f"{path.relative_to(PACKAGE)} imports {heavy}"
