"""Reading the store's rows: coding rows and the codings and segments tables built from them.

Run by hand (not a test), from the repository:

    .venv/bin/python benchmarks/store_rows.py --codings 20000 --runs 15

Builds a temporary store of 20 documents (500 segments each) and ``--codings`` manual codings,
then times ``Store.coding_rows()`` (with and without the text), ``codings_frame`` and
``segments_frame``: the minimum and the median of ``--runs`` runs after 3 warm-ups (the
machine is noisy). Run it on two checkouts (``PYTHONPATH=OTHER/src``) to compare them.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from ptce_coding.analysis.frames import codings_frame, segments_frame
from ptce_coding.base.records import Coding, DocumentText, Segment
from ptce_coding.store import Store

DOCUMENTS = 20
SEGMENTS = 500


def fill(store: Store, codings: int) -> None:
    per_document = codings // DOCUMENTS
    for d in range(DOCUMENTS):
        text = "mot " * (SEGMENTS * 100)
        store.add_document(
            name=f"d{d}.txt",
            case=f"c{d % 4}",
            content=DocumentText(format="txt", text=text, text_hash=str(d), words=SEGMENTS * 100),
            segments=[Segment(i, i * 400, i * 400 + 400, words=100) for i in range(SEGMENTS)],
        )
        store.add_codings(
            [
                Coding(f"d{d}.txt", i * 10, i * 10 + 40, f"C{i % 30}", "anne")
                for i in range(per_document)
            ]
        )


def timed(name: str, work: Callable[[], object], runs: int) -> None:
    for _ in range(3):
        work()
    seconds = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        seconds.append(time.perf_counter() - started)
    print(
        f"{name:<22} min {min(seconds) * 1000:6.0f} ms   "
        f"median {statistics.median(seconds) * 1000:6.0f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--codings", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "coding.sqlite") as store:
        fill(store, args.codings)
        print(f"{args.codings} codings, {DOCUMENTS * SEGMENTS} segments")
        timed("coding_rows", store.coding_rows, args.runs)
        timed("coding_rows (no text)", lambda: store.coding_rows(with_text=False), args.runs)
        timed("codings_frame", lambda: codings_frame(store), args.runs)
        timed("segments_frame", lambda: segments_frame(store), args.runs)


if __name__ == "__main__":
    main()
