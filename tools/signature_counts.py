"""The library functions (outside cli/) of a checkout that take many parameters (issue 21).

    python -m tools.signature_counts [CHECKOUT] [--at-least N] [--list]

CHECKOUT is the repository's root (default: this one); N defaults to 9 (more than 8, the
limit tests/test_architecture.py checks). Counted as there: positional, keyword-only,
``*args`` and ``**kwargs``, a method's self or cls not. Prints the count, and with
``--list`` each function (path below src/ptce_coding, name, parameters).
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

from tools.architecture import MAX_PARAMETERS, long_signatures


def library_signatures(checkout: Path, at_least: int) -> list[tuple[str, str, int]]:
    """(path below src/ptce_coding, function, parameters) outside cli/."""
    package = checkout / "src" / "ptce_coding"
    found = []
    for path in sorted(package.rglob("*.py")):
        name = path.relative_to(package).as_posix()
        if not name.startswith("cli/"):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            found += [(name, f, n) for _, f, n in long_signatures(tree, at_least)]
    return found


def main(argv: list[str]) -> None:
    at_least = MAX_PARAMETERS + 1
    if "--at-least" in argv:
        at_least = int(argv[argv.index("--at-least") + 1])
    skip = {"--list", "--at-least", str(at_least)}
    roots = [a for a in argv if a not in skip]
    checkout = Path(roots[0]) if roots else Path(__file__).resolve().parent.parent
    found = library_signatures(checkout, at_least)
    print(f"library functions with {at_least} or more parameters: {len(found)}")
    if "--list" in argv:
        for name, function, count in found:
            print(f"  {name} {function} {count}")


if __name__ == "__main__":
    main(sys.argv[1:])
