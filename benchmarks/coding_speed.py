"""Coding speed: import + rule coding of a synthetic corpus, cold and warm, against a regex floor.

Run by hand (not a test), from the repository:

    .venv/bin/python benchmarks/coding_speed.py --words 200000 --words 1000000 --runs 3

For each size it builds, in a temporary project, a corpus of about N words made from the demo
interviews (turns drawn from all of them and reshuffled into new interviews of 5,000–15,000
words, so no file is a copy of another), then measures in one process run:
  - cold: `import` + `code` on an empty store and an empty cache;
  - warm: `code` again after a codebook edit (rules changed, texts unchanged: the cache works);
  - the regex floor: every rule's terms as one compiled regular expression over the raw text
    (skip it with --no-floor: at 10M words it takes longer than the coding);
  - `matrix` (case × code counts of the suggestions) and `codings export` to CSV, whole
    commands, start-up included;
and prints words/s, the warm/regex ratio, peak memory and, with two sizes, the scaling ratio.
With --one-block, each interview is one paragraph of 5,000–15,000 words (an automatic
transcript pasted as one block: one segment per document), the case where finding the token of
each match must not walk the whole turn.
With --with-model, then: the rule suggestions of confidence ≥ 0.8 accepted in review as if a
coder had (`review --accept-above 0.8`), `suggest` (training, its suggestions, the rules
weighed again with the model's reading), and `code` once more, which reads the saved model.
Medians of --runs runs are printed; the machine is noisy.
"""

from __future__ import annotations

import argparse
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from click.testing import CliRunner

from ptce_coding.cli import cli
from ptce_coding.codebook.loader import load_codebook

ROOT = Path(__file__).resolve().parent.parent


def demo_turns() -> list[str]:
    turns = []
    for path in sorted((ROOT / "corpus").glob("*/*.*")):
        if path.suffix in (".txt", ".md"):
            blocks = path.read_text(encoding="utf-8").split("\n\n")
            turns.extend(b.strip() for b in blocks if " : " in b[:40] or b.startswith("**"))
    return turns


def build_corpus(folder: Path, words: int, seed: int = 7, one_block: bool = False) -> int:
    """Interviews of 5,000–15,000 words drawn from the demo turns, 8 cases; with
    ``one_block``, each interview is one paragraph."""
    generator = random.Random(seed)
    turns = demo_turns()
    total, number = 0, 0
    while total < words:
        size = generator.randint(5_000, 15_000)
        chosen, count = [], 0
        while count < size:
            turn = generator.choice(turns)
            chosen.append(turn)
            count += len(turn.split())
        case = folder / f"pole-{number % 8}"
        case.mkdir(parents=True, exist_ok=True)
        joint = " " if one_block else "\n\n"
        (case / f"entretien-{number:04d}.txt").write_text(joint.join(chosen) + "\n", "utf-8")
        total += count
        number += 1
    return total


def regex_floor(project: Path) -> float:
    """Seconds to scan all texts with each rule as a compiled regex: its regex, or its terms
    as literal words (one alternation per rule), case-insensitive."""
    book = load_codebook(project / "codebooks" / "ptce.yaml")
    patterns = []
    for rule in book.rules():
        if rule.kind == "regex":
            patterns.append(re.compile(rule.regex, 0 if rule.case_sensitive else re.IGNORECASE))
        elif rule.terms:
            words = "|".join(re.escape(term) for term in rule.terms)
            patterns.append(re.compile(rf"\b(?:{words})\b", re.IGNORECASE))
    texts = [p.read_text("utf-8") for p in (project / "corpus").glob("*/*.txt")]
    start = time.perf_counter()
    for text in texts:
        for pattern in patterns:
            for _ in pattern.finditer(text):
                pass
    return time.perf_counter() - start


def invoke(project: Path, *args: str) -> float:
    start = time.perf_counter()
    result = CliRunner().invoke(cli, ["--quiet", *args, "--project", str(project)])
    if result.exit_code != 0:
        raise SystemExit(f"{' '.join(args)} failed: {result.output}")
    return time.perf_counter() - start


def command(project: Path, *args: str) -> float:
    """Seconds for a whole `ptce-coding` process (Python start-up and imports included)."""
    program = Path(sys.executable).with_name("ptce-coding")
    start = time.perf_counter()
    result = subprocess.run(
        [str(program), "--quiet", *args, "--project", str(project)],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed: {result.stderr}")
    return time.perf_counter() - start


def one_run(
    words: int, floor: bool = True, model: bool = False, one_block: bool = False
) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as temp:
        project = Path(temp) / "bench"
        invoke_init = CliRunner().invoke(cli, ["init", str(project)])
        assert invoke_init.exit_code == 0, invoke_init.output
        shutil.rmtree(project / "corpus")
        total = build_corpus(project / "corpus", words, one_block=one_block)
        cold_import = invoke(project, "import", str(project / "corpus"))
        cold_code = invoke(project, "code")
        codebook = project / "codebooks" / "ptce.yaml"  # a codebook edit: one more rule
        text = codebook.read_text("utf-8")
        codebook.write_text(
            text.replace("    rules:\n", "    rules:\n      - phrase: ETPT\n", 1), "utf-8"
        )
        warm = invoke(project, "code")
        matrix = command(project, "matrix", "--status", "suggested", "--format", "csv")
        export = command(project, "codings", "export", str(Path(temp) / "codings.csv"))
        seconds = regex_floor(project) if floor else float("nan")
        suggest = with_model = float("nan")
        if model:
            invoke(project, "review", "--accept-above", "0.8", "--yes", "--coder", "bench")
            suggest = invoke(project, "suggest")
            with_model = invoke(project, "code")
    return {
        "suggest": suggest,
        "with model": with_model,
        "words": total,
        "cold": cold_import + cold_code,
        "import": cold_import,
        "code": cold_code,
        "warm": warm,
        "floor": seconds,
        "matrix": matrix,
        "export": export,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--words", type=int, action="append", default=None)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-floor", dest="floor", action="store_false")
    parser.add_argument("--with-model", dest="model", action="store_true")
    parser.add_argument("--one-block", action="store_true")
    options = parser.parse_args()
    sizes = options.words or [200_000]
    medians = {}
    for size in sizes:
        runs = [
            one_run(size, options.floor, options.model, options.one_block)
            for _ in range(options.runs)
        ]
        median = {key: statistics.median(run[key] for run in runs) for key in runs[0]}
        medians[size] = median
        print(
            f"{median['words']:>10,.0f} words | cold {median['cold']:7.1f} s "
            f"({median['words'] / median['cold']:,.0f} words/s; import {median['import']:.1f} s, "
            f"code {median['code']:.1f} s) | warm {median['warm']:6.1f} s | regex floor "
            f"{median['floor']:5.2f} s | warm/floor {median['warm'] / median['floor']:5.1f}× | "
            f"matrix {median['matrix']:.1f} s | codings export {median['export']:.1f} s"
        )
        if options.model:
            print(
                f"{'':>10} with the model: suggest {median['suggest']:.1f} s | code reading "
                f"the saved model {median['with model']:.1f} s (warm without it "
                f"{median['warm']:.1f} s)"
            )
    peak = max(
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
    )
    print(f"peak memory: {peak / 1024:,.0f} MB (largest process)")
    if len(sizes) == 2:
        small, large = sorted(sizes)
        ratio = medians[large]["cold"] / medians[small]["cold"]
        print(f"scaling: cold time ratio {ratio:.1f} for {large / small:.0f}× the words")


if __name__ == "__main__":
    main()
