"""A research group's project at full size: twelve poles, five coders, the analysis commands.

Run by hand (not a test), from the repository:

    .venv/bin/python benchmarks/group_scale.py --poles 12 --interviews 8 --words 6000

Builds, in a temporary project, ``--poles`` case folders of ``--interviews`` interviews of
about ``--words`` words each (turns drawn from the demo interviews and reshuffled, as
`coding_speed.py` does), imports and codes them, then makes five coders' codings as a group
would: each interview has a main coder (in turn) and one in four a second, blind coder; a
coder keeps each rule suggestion of confidence ≥ 0.5 of their interviews with probability
0.85 and adds a code of their own to one segment in fifty. Those codings go in with
`codings import`, and each analysis command a group runs is timed as a whole process
(start-up included): `documents`, `matrix` (case × code, attribute × code, quotations in
cells, co-occurrence), `agreement --pairs` over the five coders, `compare ca` and
`typology`, `report`, `history` and, last, `evaluate`. Medians of ``--runs`` runs of each
command are printed, with the peak memory of the largest; the machine is noisy.
"""

from __future__ import annotations

import argparse
import csv
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from click.testing import CliRunner

from ptce_coding.cli import cli

sys.path.insert(0, str(Path(__file__).resolve().parent))
from coding_speed import demo_turns

CODERS = ("alice", "bruno", "chloe", "driss", "emma")


def build_corpus(folder: Path, poles: int, interviews: int, words: int, seed: int) -> int:
    """``poles`` × ``interviews`` interviews of about ``words`` words; cases.csv with a
    territory attribute, so that attribute × code matrices have something to read."""
    generator = random.Random(seed)
    turns = demo_turns()
    total = 0
    rows = []
    for pole in range(poles):
        case = folder / f"pole-{pole:02d}"
        case.mkdir(parents=True, exist_ok=True)
        rows.append({"case": case.name, "territoire": ("urbain", "rural", "mixte")[pole % 3]})
        for number in range(interviews):
            chosen, count = [], 0
            while count < words:
                turn = generator.choice(turns)
                chosen.append(turn)
                count += len(turn.split())
            (case / f"entretien-{number:02d}.txt").write_text("\n\n".join(chosen) + "\n", "utf-8")
            total += count
    with (folder / "cases.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, ["case", "territoire"])
        writer.writeheader()
        writer.writerows(rows)
    return total


def group_codings(project: Path, out: Path, seed: int) -> int:
    """The five coders' codings, made from the rule suggestions as described above."""
    generator = random.Random(seed)
    exported = project / "suggestions.csv"
    invoke(project, "codings", "export", str(exported))
    with exported.open(encoding="utf-8") as handle:
        suggestions = [r for r in csv.DictReader(handle) if r["method"] == "rule"]
    codes = sorted({r["code"] for r in suggestions})
    documents = sorted({r["document"] for r in suggestions})
    coders: dict[str, list[str]] = {}
    for index, document in enumerate(documents):
        main = CODERS[index % len(CODERS)]
        coders[document] = [main]
        if generator.random() < 0.25:
            coders[document].append(CODERS[(index + 1 + generator.randrange(4)) % len(CODERS)])
    rows = []
    for row in suggestions:
        for coder in coders[row["document"]]:
            if float(row["confidence"] or 0) >= 0.5 and generator.random() < 0.85:
                rows.append([row["document"], row["start"], row["end"], row["code"], coder])
            if generator.random() < 0.02:
                code = generator.choice(codes)
                rows.append([row["document"], row["start"], row["end"], code, coder])
    unique = sorted({tuple(r) for r in rows})
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["document", "start", "end", "code", "coder"])
        writer.writerows(unique)
    return len(unique)


def invoke(project: Path, *args: str) -> float:
    start = time.perf_counter()
    result = CliRunner().invoke(cli, ["--quiet", *args, "--project", str(project)])
    if result.exit_code != 0:
        raise SystemExit(f"{' '.join(args)} failed: {result.output}")
    return time.perf_counter() - start


# runs a command and prints its peak memory: a process spawned from this one would count
# this one's memory as its own peak (Linux keeps the high-water mark across exec)
MEASURE = (
    "import resource, subprocess, sys\n"
    "done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)\n"
    "sys.stderr.buffer.write(done.stderr)\n"
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    "sys.exit(done.returncode)\n"
)


def command(project: Path, *args: str) -> tuple[float, float]:
    """Seconds and peak memory (MB) of a whole `ptce-coding` process."""
    program = str(Path(sys.executable).with_name("ptce-coding"))
    argv = [sys.executable, "-c", MEASURE, program, "--quiet", *args, "--project", str(project)]
    start = time.perf_counter()
    done = subprocess.run(argv, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed: {done.stderr}")
    return seconds, int(done.stdout.split()[-1]) / 1024


COMMANDS: list[tuple[str, list[str]]] = [
    ("documents", ["documents", "--format", "csv"]),
    ("matrix case × code", ["matrix", "--format", "csv"]),
    ("matrix territoire × code", ["matrix", "--rows", "territoire", "--format", "csv"]),
    ("matrix framework, 2 quotes", ["matrix", "--kind", "framework", "--quotes", "2"]),
    ("matrix co-occurrence", ["matrix", "--kind", "cooccurrence", "--format", "csv"]),
    (
        "agreement, 5 coders, pairs",
        ["agreement", "--coders", ",".join(CODERS), "--pairs", "--format", "csv"],
    ),
    ("compare ca", ["compare", "ca"]),
    ("compare typology", ["compare", "typology"]),
    ("report", ["report"]),
    ("history", ["history", "--format", "csv"]),
    # last: the assisted tagger cross-validated by pole, the longest by far
    ("evaluate", ["evaluate", "--format", "csv"]),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--poles", type=int, default=12)
    parser.add_argument("--interviews", type=int, default=8)
    parser.add_argument("--words", type=int, default=6000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--keep", type=Path, help="build the project in this (new) folder and keep it, to profile"
    )
    parser.add_argument(
        "--only", nargs="*", default=None, help="time only these commands (names as printed)"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        if args.keep is not None:
            args.keep.mkdir(parents=True)
            temp = str(args.keep)
        project = Path(temp) / "groupe"
        result = CliRunner().invoke(cli, ["init", str(project)])
        assert result.exit_code == 0, result.output
        shutil.rmtree(project / "corpus")
        words = build_corpus(project / "corpus", args.poles, args.interviews, args.words, args.seed)
        seconds = invoke(project, "import", str(project / "corpus"))
        seconds += invoke(project, "code")
        print(
            f"{args.poles} poles × {args.interviews} interviews, {words:,} words: "
            f"import + code {seconds:.1f} s"
        )
        codings = group_codings(project, Path(temp) / "codings.csv", args.seed)
        seconds = invoke(project, "codings", "import", str(Path(temp) / "codings.csv"))
        print(f"{codings:,} codings by {len(CODERS)} coders imported in {seconds:.1f} s")
        print(f"{'command':<36} {'median s':>9} {'min s':>7} {'peak MB':>8}")
        for name, arguments in COMMANDS:
            if args.only is not None and name not in args.only:
                continue
            runs = [command(project, *arguments) for _ in range(args.runs)]
            times = [t for t, _ in runs]
            peak = max(m for _, m in runs)
            print(f"{name:<36} {statistics.median(times):>9.2f} {min(times):>7.2f} {peak:>8.0f}")


if __name__ == "__main__":
    main()
