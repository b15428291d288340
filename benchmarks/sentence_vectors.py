"""What the assisted tagger's sentence vectors cost: load time, speed, memory.

Run by hand (not a test), from the repository:

    .venv/bin/python benchmarks/sentence_vectors.py [FILES...]

By default it reads the demo corpus (corpus/*/*.txt|md) and the French reference transcript in
../shared/reference/transcripts/cfpp2000/, cut into paragraphs (about what a speaker turn is).
It prints the encoder's load time, its speed in paragraphs/s and words/s (median of 3 runs,
each with an empty memo, so every paragraph is encoded), a second pass served from the memo,
and the process's peak memory.
"""

from __future__ import annotations

import resource
import statistics
import sys
import time
from pathlib import Path

from ptce_coding.tagging import sentence_vectors

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT.parent / "shared" / "reference" / "transcripts" / "cfpp2000"


def main() -> None:
    files = [Path(a) for a in sys.argv[1:]] or sorted(
        [*ROOT.glob("corpus/*/*.txt"), *ROOT.glob("corpus/*/*.md"), *REFERENCE.glob("*.txt")]
    )
    texts = [
        p.strip()
        for path in files
        for p in path.read_text("utf-8", errors="replace").split("\n\n")
        if p.strip()
    ]
    words = sum(len(text.split()) for text in texts)
    start = time.perf_counter()
    sentence_vectors.encode(["chargement"])
    loaded = time.perf_counter() - start
    times = []
    for _ in range(3):
        sentence_vectors._memo.clear()
        start = time.perf_counter()
        sentence_vectors.encode(texts)
        times.append(time.perf_counter() - start)
    start = time.perf_counter()
    sentence_vectors.encode(texts)
    memo = time.perf_counter() - start
    seconds = statistics.median(times)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{len(files)} files, {len(texts)} paragraphs, {words:,} words")
    print(f"encoder load: {loaded:.2f} s")
    print(
        f"encoding: {seconds:.2f} s (median of 3), {len(texts) / seconds:,.0f} paragraphs/s, "
        f"{words / seconds:,.0f} words/s"
    )
    print(f"again, from the memo: {memo:.3f} s")
    print(f"peak memory: {peak:.0f} MB")


if __name__ == "__main__":
    main()
