"""Progress callbacks: ``progress(done, total)``, called by a long job as its steps end (the
CLI draws them as a bar; the library never prints)."""

from __future__ import annotations

from collections.abc import Callable

Progress = Callable[[int, int], None]


def part_of(progress: Progress | None, index: int, parts: int) -> Progress | None:
    """The progress of part ``index`` (from 0) of ``parts`` alike parts, as a count of the
    whole job: part 2 of 5 at 3 of 10 steps is 23 of 50."""
    if progress is None:
        return None

    def advance(done: int, total: int) -> None:
        progress(index * total + done, parts * total)

    return advance
