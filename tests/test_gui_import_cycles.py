"""No module of the desktop app imports, directly or through others, a module that imports it back.

A helper that takes the whole window is a cycle waiting to happen; this keeps the window's pieces a tree.
Imports made only for type checking count too: they are where such cycles start.
"""

from __future__ import annotations

import grimp


def import_cycles(graph: grimp.ImportGraph, package: str) -> list[list[str]]:
    """Groups of the package's modules that import each other in a loop (Tarjan's strongly connected sets)."""
    modules = sorted(m for m in graph.modules if m == package or m.startswith(package + "."))
    inside = set(modules)
    order: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def visit(module: str) -> None:
        order[module] = low[module] = len(order)
        stack.append(module)
        on_stack.add(module)
        for imported in sorted(graph.find_modules_directly_imported_by(module) & inside):
            if imported not in order:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in on_stack:
                low[module] = min(low[module], order[imported])
        if low[module] == order[module]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == module:
                    break
            if len(group) > 1:
                cycles.append(sorted(group))

    for module in modules:
        if module not in order:
            visit(module)
    return cycles


def test_gui_modules_import_no_cycle() -> None:
    graph = grimp.build_graph("gui", cache_dir=None)
    assert import_cycles(graph, "gui") == []


def test_a_cycle_is_found() -> None:
    graph = grimp.ImportGraph()
    for module in ("gui", "gui.a", "gui.b", "gui.c"):
        graph.add_module(module)
    graph.add_import(importer="gui.a", imported="gui.b")
    graph.add_import(importer="gui.b", imported="gui.c")
    graph.add_import(importer="gui.c", imported="gui.a")
    assert import_cycles(graph, "gui") == [["gui.a", "gui.b", "gui.c"]]
