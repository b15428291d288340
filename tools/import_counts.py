"""Counts of the import faults of a checkout (issue 21), read from the source with ast.

    python -m tools.import_counts [CHECKOUT] [--list]

CHECKOUT is the repository's root (default: this one). Printed: the import cycles between
modules and between the packages (every import counted, in functions and under
``if TYPE_CHECKING:`` too), the
function-level imports outside cli/ (of the package's own modules, and of others), the
underscored names imported from another module of the package, and the package-level arrows.
``--list`` lists each one. tests/test_architecture.py asserts the same rules on the package.
"""

from __future__ import annotations

import ast
import sys
from collections import defaultdict
from pathlib import Path

from tools.architecture import cycles, nested_imports, underscored_imports

Import = ast.Import | ast.ImportFrom


def modules(source_root: Path) -> dict[str, tuple[Path, bool]]:
    """{dotted name: (file, is a package's __init__)} under src/ptce_coding."""
    found = {}
    for path in sorted((source_root / "ptce_coding").rglob("*.py")):
        parts = list(path.relative_to(source_root).with_suffix("").parts)
        package = parts[-1] == "__init__"
        found[".".join(parts[:-1] if package else parts)] = (path, package)
    return found


def absolute(node: ast.ImportFrom, module: str, package: bool) -> str:
    if not node.level:
        return node.module or ""
    base = module.split(".") if package else module.split(".")[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def owner(name: str, known: dict[str, tuple[Path, bool]]) -> str | None:
    while name and name not in known:
        name = name.rpartition(".")[0]
    return name or None


def main(argv: list[str]) -> int:
    listing = "--list" in argv
    args = [a for a in argv if a != "--list"]
    root = Path(args[0]) if args else Path(__file__).resolve().parent.parent
    known = modules(root / "src")
    edges: dict[str, set[str]] = defaultdict(set)
    nested_own: list[str] = []
    nested_other: list[str] = []
    underscored: list[str] = []
    for module, (path, package) in known.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        nested = {id(node) for node in nested_imports(tree)}
        where = f"{path.relative_to(root / 'src' / 'ptce_coding')}"
        underscored.extend(f"{where}:{line}: {name}" for line, name in underscored_imports(tree))
        for node in ast.walk(tree):
            if not isinstance(node, Import):
                continue
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            else:
                base = absolute(node, module, package)
                targets = [f"{base}.{alias.name}" for alias in node.names]
            own = [owner(t, known) for t in targets if t.startswith("ptce_coding")]
            for target in own:
                if target and target != module:
                    edges[module].add(target)
            if id(node) in nested and not module.startswith("ptce_coding.cli"):
                line = f"{where}:{node.lineno}: {ast.unparse(node)}"
                (nested_own if own else nested_other).append(line)
    found = cycles(edges)
    arrows: dict[str, set[str]] = defaultdict(set)
    for module, targets in edges.items():
        for target in targets:
            a, b = module.split(".")[1:2], target.split(".")[1:2]
            if a and b and a != b:
                arrows[a[0]].add(b[0])

    def files(lines: list[str]) -> int:
        return len({line.split(":")[0] for line in lines})

    print(f"modules: {len(known)}")
    print(f"import cycles between modules: {len(found)}")
    for component in found:
        print("   ", " <-> ".join(m.removeprefix("ptce_coding.") for m in component))
    package_cycles = cycles(arrows)
    print(f"import cycles between packages: {len(package_cycles)}")
    for component in package_cycles:
        print("   ", " <-> ".join(component))
    print(
        f"function-level imports outside cli/: {len(nested_own) + len(nested_other)} in "
        f"{files(nested_own + nested_other)} modules ({len(nested_own)} of ptce_coding modules "
        f"in {files(nested_own)}, {len(nested_other)} of other packages)"
    )
    print(
        f"underscored names imported from another module: {len(underscored)} in "
        f"{files(underscored)} modules"
    )
    if listing:
        for line in nested_own + nested_other + underscored:
            print("   ", line)
        print("package arrows:")
        for package in sorted(arrows):
            print(f"    {package} -> {', '.join(sorted(arrows[package]))}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
