"""The shape of the package: the layers contract of pyproject.toml (import-linter), no import
cycle between modules, no function-level import outside cli/, no underscored name imported
from another module. See docs/architecture.md for the layers and why."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import grimp
import pytest
from importlinter.cli import lint_imports

import ptce_coding
from tools.architecture import (
    MAX_PARAMETERS,
    cycles,
    long_signatures,
    nested_imports,
    underscored_imports,
)

PACKAGE = Path(ptce_coding.__file__).parent
PYPROJECT = PACKAGE.parent.parent / "pyproject.toml"


def module_edges(graph: grimp.ImportGraph) -> dict[str, set[str]]:
    """Every module → the modules it imports (at any level, type-checking imports included)."""
    return {
        module: {other for other in graph.find_modules_directly_imported_by(module)}
        for module in graph.modules
    }


def library_files() -> Iterator[tuple[str, ast.Module]]:
    """(path below ptce_coding/, parsed source) of every module outside cli/."""
    for path in sorted(PACKAGE.rglob("*.py")):
        name = path.relative_to(PACKAGE).as_posix()
        if not name.startswith("cli/"):
            yield name, ast.parse(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    return grimp.build_graph("ptce_coding", cache_dir=None)


def test_the_import_contracts_of_pyproject_are_kept(capsys: pytest.CaptureFixture[str]) -> None:
    status = lint_imports(config_filename=str(PYPROJECT), no_cache=True, no_logo=True)
    report = capsys.readouterr().out
    assert "Contracts: 2 kept, 0 broken." in report, report
    assert status == 0, report


def test_no_module_imports_itself_back_through_others(graph: grimp.ImportGraph) -> None:
    edges = module_edges(graph)
    assert len(edges) > 150  # the whole package was read
    assert cycles(edges) == []


def test_the_cycle_finder_finds_a_cycle_hidden_in_a_function() -> None:
    fake = grimp.ImportGraph()
    for importer, imported in [("p.a", "p.b"), ("p.b", "p.c"), ("p.c", "p.a"), ("p.c", "p.d")]:
        fake.add_import(importer=importer, imported=imported)
    assert cycles(module_edges(fake)) == [["p.a", "p.b", "p.c"]]
    source = "import os\nif True:\n    import re\n\ndef f():\n    from p import a\n"
    found = [(node.lineno, ast.unparse(node)) for node in nested_imports(ast.parse(source))]
    assert found == [(6, "from p import a")]


def test_no_function_level_import_outside_cli() -> None:
    found = [
        f"{name}:{node.lineno}: {ast.unparse(node)}"
        for name, tree in library_files()
        for node in nested_imports(tree)
    ]
    assert found == []


def import_blocks(source: str) -> Iterator[int]:
    """The first line of each run of consecutive imports inside a function."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for inner in ast.walk(node):
                for field in ("body", "orelse", "finalbody"):
                    statements = getattr(inner, field, None)
                    if not isinstance(statements, list):
                        continue  # a lambda's body is an expression
                    previous = None
                    for statement in statements:
                        if isinstance(statement, (ast.Import, ast.ImportFrom)) and not isinstance(
                            previous, (ast.Import, ast.ImportFrom)
                        ):
                            yield statement.lineno
                        previous = statement


def test_every_function_level_import_in_cli_says_it_is_for_start_up_speed() -> None:
    """Each run of imports in a command function is headed by a comment saying why."""
    unexplained = []
    for path in sorted((PACKAGE / "cli").glob("*.py")):
        source = path.read_text(encoding="utf-8")
        lines = source.splitlines()
        for first in import_blocks(source):
            above = lines[first - 2].strip()
            if not (above.startswith("#") and "start-up speed" in above):
                unexplained.append(f"cli/{path.name}:{first}")
    assert unexplained == []


def test_no_underscored_name_is_imported_from_another_module() -> None:
    found = [
        f"{path.relative_to(PACKAGE)}:{line}: {name}"
        for path in sorted(PACKAGE.rglob("*.py"))
        for line, name in underscored_imports(ast.parse(path.read_text(encoding="utf-8")))
    ]
    assert found == []


def test_no_library_function_takes_more_than_eight_parameters() -> None:
    found = [
        f"{name}:{line}: {function} takes {count}"
        for name, tree in library_files()
        for line, function, count in long_signatures(tree, MAX_PARAMETERS + 1)
    ]
    assert found == []


def test_the_signature_counter_counts_every_kind_of_parameter() -> None:
    source = (
        "def nine(a, /, b, c, *args, d, e, f=1, g=2, **kw): ...\n"
        "class Store:\n"
        "    def eight(self, a, b, *, c, d, e, f, g, h): ...\n"
        "    async def nine(self, a, b, c, d, e, f, g, h, i): ...\n"
    )
    found = list(long_signatures(ast.parse(source), MAX_PARAMETERS + 1))
    assert found == [(1, "nine", 9), (4, "nine", 9)]
