"""The import graph of a package, read from its source with ``ast``: every import statement counts, those inside
functions too (an import deferred into a function still ties the two modules together; it only hides the tie).

``imports(package)`` maps each module of the package to the modules of the same package it imports;
``cycles(package)`` lists the strongly connected groups of that graph, each a sorted list of module names (none
for a package whose imports only point one way). Relative imports are resolved against the importing module;
``from a import b`` is an import of the module ``a.b`` when that is a module, of ``a`` otherwise. Importing a
module runs its parent packages' ``__init__`` too, but that edge is left out: every module would otherwise sit in
a cycle with a package ``__init__`` that re-exports it.
"""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import ROOT


def modules(package: str, root: Path = ROOT) -> dict[str, Path]:
    """Every module of ``package`` (a folder under ``root``), by dotted name; a package by its ``__init__``."""
    base = root / package.replace(".", "/")
    found = {}
    for path in sorted(base.rglob("*.py")):
        parts = path.relative_to(root).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


def imports(package: str, root: Path = ROOT) -> dict[str, set[str]]:
    """Each module of ``package`` and the modules of ``package`` it imports, anywhere in its source."""
    known = modules(package, root)
    graph = {}
    for name, path in known.items():
        is_package = path.name == "__init__.py"
        here = name if is_package else name.rpartition(".")[0]  # the package a relative import starts from
        targets = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Import):
                targets.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    anchor = here.split(".")
                    anchor = anchor[: len(anchor) - (node.level - 1)]
                    source = ".".join(anchor + ([node.module] if node.module else []))
                else:
                    source = node.module or ""
                for alias in node.names:
                    submodule = f"{source}.{alias.name}"
                    targets.add(submodule if submodule in known else source)
        graph[name] = {t for t in targets if t in known and t != name}
    return graph


def cycles(package: str, root: Path = ROOT) -> list[list[str]]:
    """The import cycles of ``package``: its strongly connected modules (Tarjan), each group sorted."""
    graph = imports(package, root)
    index, low, stack, on_stack, groups = {}, {}, [], set(), []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return sorted(groups)
