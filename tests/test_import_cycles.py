"""No import cycle among the modules of compliance and gui, except inside the streaming xlsx reader.

Imports made only for type checking are left out: they never run, so they cannot make a module see
another half-initialised. The subpackages' layering is checked by the import-linter contracts.
"""

from __future__ import annotations

import grimp
import pytest

PACKAGES = ("compliance", "gui")
EXEMPT = "compliance.intake.xlsx_stream"
"""The streaming reader's modules import each other by design (its sheet, rows and chunks cooperate)."""


def import_cycles(graph: grimp.ImportGraph, packages: tuple[str, ...] = PACKAGES) -> list[list[str]]:
    """The strongly connected components of more than one module (each a cycle), sorted; Tarjan's method."""
    modules = sorted(m for m in graph.modules if m.split(".")[0] in packages)
    inside = set(modules)
    edges = {m: sorted(t for t in graph.find_modules_directly_imported_by(m) if t in inside) for m in modules}
    order: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for root in modules:
        if root in order:
            continue
        # Iterative, so a long import chain cannot exhaust the recursion limit.
        work = [(root, 0)]
        while work:
            module, next_edge = work.pop()
            if next_edge == 0:
                order[module] = low[module] = len(order)
                stack.append(module)
                on_stack.add(module)
            targets = edges[module]
            if next_edge < len(targets):
                work.append((module, next_edge + 1))
                target = targets[next_edge]
                if target not in order:
                    work.append((target, 0))
                elif target in on_stack:
                    low[module] = min(low[module], order[target])
                continue
            if low[module] == order[module]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == module:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[module])
    return sorted(found)


def outside_exempt(cycles: list[list[str]]) -> list[list[str]]:
    """The cycles with a module outside the streaming reader."""
    return [c for c in cycles if not all(m == EXEMPT or m.startswith(EXEMPT + ".") for m in c)]


def graph_of(imports: dict[str, list[str]]) -> grimp.ImportGraph:
    """A hand-made import graph: module -> the modules it imports."""
    graph = grimp.ImportGraph()
    for module, targets in imports.items():
        graph.add_module(module)
        for target in targets:
            graph.add_import(importer=module, imported=target)
    return graph


def test_no_import_cycle_outside_the_streaming_reader() -> None:
    graph = grimp.build_graph(*PACKAGES, exclude_type_checking_imports=True, cache_dir=None)
    cycles = outside_exempt(import_cycles(graph))
    assert not cycles, "import cycles: " + "; ".join(" <-> ".join(c) for c in cycles)


def test_a_cycle_is_found_and_named() -> None:
    graph = graph_of(
        {
            "gui.window.main": ["gui.window.menus", "compliance.run"],
            "gui.window.menus": ["gui.window.actions"],
            "gui.window.actions": ["gui.window.main"],
            "compliance.run": ["compliance.model"],
            "compliance.model": [],
        }
    )
    assert import_cycles(graph) == [["gui.window.actions", "gui.window.main", "gui.window.menus"]]


def test_two_cycles_apart_are_two_and_a_chain_is_none() -> None:
    graph = graph_of(
        {
            "compliance.a": ["compliance.b"],
            "compliance.b": ["compliance.a", "compliance.c"],
            "compliance.c": ["compliance.d"],
            "compliance.d": ["compliance.e"],
            "compliance.e": ["compliance.d"],
            "compliance.f": ["compliance.a"],
        }
    )
    assert import_cycles(graph) == [["compliance.a", "compliance.b"], ["compliance.d", "compliance.e"]]
    assert import_cycles(graph_of({"compliance.a": ["compliance.b"], "compliance.b": []})) == []


@pytest.mark.parametrize(
    ("cycle", "exempt"),
    [
        (["compliance.intake.xlsx_stream.rows", "compliance.intake.xlsx_stream.sheet"], True),
        (["compliance.intake.importer", "compliance.intake.xlsx_stream.sheet"], False),
        (["compliance.intake.xlsx_streamer", "compliance.intake.xlsx_stream.sheet"], False),
    ],
)
def test_only_cycles_wholly_inside_the_streaming_reader_are_exempt(cycle: list[str], exempt: bool) -> None:
    assert outside_exempt([cycle]) == ([] if exempt else [cycle])


def test_the_desktop_apps_modules_import_no_cycle_even_for_type_checking() -> None:
    # A helper that takes the whole window is a cycle waiting to happen; imports made only for type
    # checking are where such cycles start, so here they count.
    graph = grimp.build_graph("gui", cache_dir=None)
    cycles = import_cycles(graph, ("gui",))
    assert not cycles, "import cycles: " + "; ".join(" <-> ".join(c) for c in cycles)
