"""`ptce-coding history` on a long event log, as a user runs it.

Run by hand (not a test), from the repository:

    .venv/bin/python benchmarks/history_speed.py --events 10000 --runs 5

Makes a temporary project whose store holds ``--events`` review events (each naming its
coding, code, reviewer and document, as `review` logs them), then runs the installed
`ptce-coding history` in a new process, standard output to a pipe (not a terminal: the table
is as wide as its longest row, nothing folded), in four ways: the table as it comes (the
newest 100 events, with a note, since session 32), the table of every event (``--all``), a
filtered table (``--code``) and CSV. Prints the minimum and the median of ``--runs`` runs
after one warm-up (the machine is noisy), start-up included. To compare two checkouts:
``--command "env PYTHONPATH=OTHER/src .venv/bin/ptce-coding"``; an older one has no
``--all`` (said so): its bare table is every event.
"""

from __future__ import annotations

import argparse
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from ptce_coding.app.project import init_project
from ptce_coding.store import Store

CODES = ("COOP.LIEU", "COOP.ACHATS", "ECO.PUBLIC", "GOUV.CA", "EMERG.ACTEURS")
DOCUMENTS = tuple(f"pole-{p}/entretien-{i}.txt" for p in "abcd" for i in range(5))


def fill(root: Path, events: int) -> None:
    """A project at ``root`` whose log holds ``events`` review decisions."""
    init_project(root)
    with Store(root / "coding.sqlite") as store, store.transaction():
        store.actor, store.command = "alice", "review"
        for number in range(events):
            accepted = number % 3 != 0
            store.log(
                "coding.review",
                coding=number + 1,
                code=CODES[number % len(CODES)],
                before="suggested",
                after="accepted" if accepted else "rejected",
                reviewer="alice",
                suggested_by="rules",
                document=DOCUMENTS[number % len(DOCUMENTS)],
            )


def timed(name: str, command: list[str], runs: int) -> None:
    seconds = []
    for run in range(runs + 1):
        started = time.perf_counter()
        done = subprocess.run(command, capture_output=True, check=False)
        if run:  # the first is a warm-up (files in the disk cache)
            seconds.append(time.perf_counter() - started)
        if done.returncode != 0:
            error = done.stderr.decode().strip().splitlines() or ["no message"]
            print(f"{name:<24} failed: {error[-1]}")
            return
    lines = done.stdout.count(b"\n")
    print(
        f"{name:<24} min {min(seconds):6.2f} s   median {statistics.median(seconds):6.2f} s"
        f"   ({lines} lines out)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--command",
        default=str(Path(sys.executable).parent / "ptce-coding"),
        help="The ptce-coding to run, as a shell would split it (default: the one beside "
        "this Python).",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "study"
        fill(root, args.events)
        print(f"{args.events} events, {args.command}")
        base = [*shlex.split(args.command), "history", "--project", str(root)]
        timed("history", base, args.runs)
        timed("history --all", [*base, "--all"], args.runs)
        timed("history --code COOP.LIEU", [*base, "--code", "COOP.LIEU"], args.runs)
        timed("history --format csv", [*base, "--format", "csv"], args.runs)


if __name__ == "__main__":
    main()
