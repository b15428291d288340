"""The rules of docs/architecture.md read from source with ast: imports inside functions,
underscored names imported across modules, long signatures, import cycles. Used by
tests/test_architecture.py (on this checkout) and by ``tools.import_counts`` and
``tools.signature_counts`` (on any checkout, for before/after counts)."""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator, Mapping

import networkx as nx

MAX_PARAMETERS = 8  # more travel together: group them in a settings or options dataclass
Function = ast.FunctionDef | ast.AsyncFunctionDef


def top_level(tree: ast.Module) -> set[int]:
    """ids of the module-level statements; an ``if``/``try`` at the top level (such as
    ``if TYPE_CHECKING:``) counts as top level with everything inside it."""
    ids = {id(node) for node in tree.body}
    for node in tree.body:
        if isinstance(node, ast.If | ast.Try):
            ids.update(id(inner) for inner in ast.walk(node))
    return ids


def nested_imports(tree: ast.Module) -> Iterator[ast.Import | ast.ImportFrom]:
    """Each import statement that is not at the top level of the module."""
    top = top_level(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.Import | ast.ImportFrom) and id(node) not in top:
            yield node


def underscored_imports(
    tree: ast.Module, package: str = "ptce_coding"
) -> Iterator[tuple[int, str]]:
    """(line, name) of each ``_name`` imported from a module of ``package`` (or relatively)."""
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (
            node.level or (node.module or "").startswith(package)
        ):
            for alias in node.names:
                if alias.name.startswith("_") and not alias.name.startswith("__"):
                    yield node.lineno, alias.name


def parameter_count(node: Function) -> int:
    """Positional, keyword-only, ``*args`` and ``**kwargs``; a method's self or cls not."""
    a = node.args
    named = [p.arg for p in (*a.posonlyargs, *a.args, *a.kwonlyargs)]
    return (
        len([n for n in named if n not in ("self", "cls")])
        + (a.vararg is not None)
        + (a.kwarg is not None)
    )


def long_signatures(tree: ast.Module, at_least: int) -> Iterator[tuple[int, str, int]]:
    """(line, name, count) of each function taking ``at_least`` parameters or more."""
    for node in ast.walk(tree):
        if isinstance(node, Function):
            count = parameter_count(node)
            if count >= at_least:
                yield node.lineno, node.name, count


def cycles(edges: Mapping[str, Iterable[str]]) -> list[list[str]]:
    """The groups of modules that import each other round a loop (strongly connected
    components of more than one module), each sorted."""
    directed = nx.DiGraph()
    directed.add_edges_from(
        (module, other) for module, targets in edges.items() for other in targets
    )
    return sorted(
        sorted(group) for group in nx.strongly_connected_components(directed) if len(group) > 1
    )
