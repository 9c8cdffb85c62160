"""The layers of the code, read from its own imports (those inside functions included).

``core`` and ``caching`` are the ground floors every app may use, so they
import no feature app; no production app imports ``demo``; and feature apps do
not import each other both ways. A new app under ``src/masthead/`` is checked
without editing this file.

:data:`KNOWN_UPHILL` lists the arrows that still point the wrong way, each to
be moved to the app that owns the knowledge. The test fails when a new one
appears and also when a listed one is gone, so the list can only shrink.
"""

import ast
from collections import defaultdict
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "masthead"
GROUND_FLOORS = {"core", "caching"}
TOP_FLOORS = {"demo"}  # imports every app; none may import it

KNOWN_UPHILL: dict[tuple[str, str], str] = {}
KNOWN_CYCLES: dict[frozenset[str], str] = {}


def apps() -> set[str]:
    return {p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists()}


def imports_between_apps() -> dict[tuple[str, str], set[str]]:
    """``(importing app, imported app) → files``, for every ``masthead.<app>`` import."""
    known = apps()
    edges: dict[tuple[str, str], set[str]] = defaultdict(set)
    for path in PACKAGE.rglob("*.py"):
        relative = path.relative_to(PACKAGE)
        if len(relative.parts) < 2 or relative.parts[0] not in known:
            continue
        app = relative.parts[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules = [node.module]
            elif isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            else:
                continue
            for module in modules:
                parts = module.split(".")
                if parts[0] == "masthead" and len(parts) > 1 and parts[1] in known - {app}:
                    edges[(app, parts[1])].add(str(relative))
    return edges


def uphill(edges) -> dict[tuple[str, str], set[str]]:
    return {
        (source, target): files
        for (source, target), files in edges.items()
        if (source in GROUND_FLOORS and target not in GROUND_FLOORS)
        or (target in TOP_FLOORS and source not in TOP_FLOORS)
    }


def test_ground_floors_import_no_feature_app_and_nothing_imports_the_demo():
    found = uphill(imports_between_apps())
    new = {edge: sorted(files) for edge, files in found.items() if edge not in KNOWN_UPHILL}
    assert not new, f"Imports pointing uphill: {new}"
    fixed = sorted(set(KNOWN_UPHILL) - set(found))
    assert not fixed, f"Fixed, so remove from KNOWN_UPHILL: {fixed}"


def test_feature_apps_do_not_import_each_other_both_ways():
    edges = imports_between_apps()
    cycles = {
        frozenset(edge): sorted(files | edges[(edge[1], edge[0])])
        for edge, files in edges.items()
        if (edge[1], edge[0]) in edges and not set(edge) & (GROUND_FLOORS | TOP_FLOORS)
    }
    new = {tuple(sorted(pair)): files for pair, files in cycles.items() if pair not in KNOWN_CYCLES}
    assert not new, f"Apps importing each other: {new}"
    fixed = [tuple(sorted(pair)) for pair in KNOWN_CYCLES if pair not in cycles]
    assert not fixed, f"Fixed, so remove from KNOWN_CYCLES: {fixed}"


def test_the_check_sees_imports_inside_functions():
    # The periodic jobs were once imported by core's scheduler inside functions;
    # the walk must see such imports, or the rules above would pass by blindness.
    edges = imports_between_apps()
    assert ("newsletters", "core") in edges
    assert any("apps.py" in f for f in edges[("newsletters", "core")])
