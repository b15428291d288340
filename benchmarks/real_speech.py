"""Day one on real speech that we coded: two ESLO1 interviews and one CFPP2000 interview.

Usage::

    .venv/bin/python benchmarks/real_speech.py [--transcripts ../shared/reference/transcripts]
        [--check FOLDER]

The three interviews of the reference folder (``eslo1/*.trs``, ``cfpp2000/*.txt``) are imported
into a fresh project, the interviewer ``PB`` (and ``421INC``, who asks one question) set as
interviewers, and coded with every rule finding written (``coding.min_confidence: 0``). Their
534 interviewee segments were coded at the level of the ten categories of the dev set's
``coding_instructions.md`` (``benchmarks/data/speech_gold.csv``; how, in
``benchmarks/data/README.md``). A segment has a category when a suggestion of it overlaps
the segment. Printed: the two readings against each other (the ceiling), then day one per
category at the default threshold and micro P/R/F1 at every threshold, and the gold pairs the
rules find nothing for, by category.

``--check FOLDER``: the same on two more CFPP2000 interviews, coded the same way after the
rules above were written and never read by whoever wrote them
(``benchmarks/data/speech_check_gold.csv``): ``Jacqueline_Pelletier_F_65_Ivry-v2.TextGrid`` and
``Andre_Morange_H_58_Mo-v2.TextGrid`` from github.com/kittog/spon-speech at commit
1ef8677dee7d24eb78f5a5de8292f19d5882d6ac, folder ``TextGrid-corpus/``, put in FOLDER.

These interviews are not about PTCE: the business people of Orléans in 1969 and a resident of
Saint-Ouen speak of their firm, their town, its labour and its changes. They stand for the
held-out real interviews the issue measures on (other ESLO1 interviews), not for them: we tuned
nothing on them before they were coded, and anything tuned on them afterwards says so.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import sys
import tempfile
from collections import Counter
from pathlib import Path

from real_text import CATEGORIES, category, invoke, new_project, print_table, scores

GOLD = Path(__file__).resolve().parent / "data" / "speech_gold.csv"
CHECK_GOLD = Path(__file__).resolve().parent / "data" / "speech_check_gold.csv"
CHECK_FILES = ("Jacqueline_Pelletier_F_65_Ivry-v2.TextGrid", "Andre_Morange_H_58_Mo-v2.TextGrid")
CUTS = (0.0, 0.1, 0.2, 0.25, 0.3, 0.35, 0.4)
DEFAULT_CUT = 0.35


def read_gold(path: Path) -> dict[str, dict[tuple[str, int, int], set[str]]]:
    """Per coder (``coder_a``, ``coder_b``, ``gold``): the categories of each segment
    (document, start, end), with the segment's text hash kept under the key ``sha1``."""
    coded: dict[str, dict[tuple[str, int, int], set[str]]] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            key = (row["document"], int(row["start"]), int(row["end"]))
            coded.setdefault(row["coder"], {}).setdefault(key, set()).add(row["code"])
            coded.setdefault("sha1", {}).setdefault(key, set()).add(row["text_sha1"])
    return coded


def coded_speech(
    title: str,
    files: list[Path],
    gold_path: Path = GOLD,
    interviewers: str = "[]",
    quiet: bool = False,
) -> dict:
    """Import ``files``, code and score against ``gold_path``; returns the micro (P, R, F1)
    per threshold. ``interviewers``: the YAML list for ``speakers.interviewers``."""
    from ptce_coding.app.project import load_project

    coded = read_gold(gold_path)
    with tempfile.TemporaryDirectory() as tmp:
        root = new_project(Path(tmp) / "p", 0.0)
        settings = root / "project.yaml"
        settings.write_text(
            settings.read_text(encoding="utf-8").replace(
                "  interviewers: []", f"  interviewers: {interviewers}"
            ),
            encoding="utf-8",
        )
        for path in files:
            invoke(["--quiet", "import", str(path), "--case", "reference", "--project", str(root)])
        invoke(["--quiet", "code", "--project", str(root)])
        with load_project(root).open_store(create=False) as store:
            texts = store.document_texts()
            rows = store.coding_rows(methods=["rule"], with_text=False)
            segments = [
                (document.name.split("/", 1)[1], segment)
                for document in store.documents()
                for segment in store.segments(document.id)
                if not segment.interviewer and not segment.title
            ]
            keys = [(name, s.start, s.end) for name, s in segments]
            stored = {
                (name, s.start, s.end): texts[f"reference/{name}"][s.start : s.end]
                for name, s in segments
            }
    changed = [
        key
        for key, hashes in coded["sha1"].items()
        if key not in stored or hashlib.sha1(stored[key].encode()).hexdigest()[:12] not in hashes
    ]
    if changed:
        sys.exit(
            f"{len(changed)} coded segment(s) are not where the gold says (import changed?): "
            f"first {changed[0]}; re-derive benchmarks/data/speech_gold.csv"
        )

    def truth(coder: str) -> list[set[str]]:
        return [coded[coder].get(key, set()) for key in keys]

    def predicted(cut: float) -> list[set[str]]:
        found: list[set[str]] = []
        for name, segment in segments:
            found.append(
                {
                    category(r.code)
                    for r in rows
                    if r.document == f"reference/{name}"
                    and (r.confidence or 0.0) >= cut
                    and r.start < segment.end
                    and r.end > segment.start
                }
                - {None}
            )
        return found

    gold = truth("gold")
    micro = {cut: scores(gold, predicted(cut))["micro"][:3] for cut in CUTS}
    if quiet:
        return micro
    ceiling = scores(truth("coder_a"), truth("coder_b"))["micro"]
    print(
        f"\n{title} ({len(files)} interviews, {len(segments)} interviewee "
        f"segments, {sum(map(len, gold))} gold categories on "
        f"{sum(bool(g) for g in gold)} segments): coder_a vs coder_b micro F1 {ceiling[2]:.3f}"
    )
    print_table(f"  day one at {DEFAULT_CUT}", scores(gold, predicted(DEFAULT_CUT)))
    for cut, (p, r, f) in micro.items():
        print(f"  day one at {cut:.2f}: micro P {p:.3f} R {r:.3f} F1 {f:.3f}")
    every = predicted(0.0)
    missed = Counter(c for g, p in zip(gold, every, strict=True) for c in g - p)
    print(
        "  gold categories with no rule finding at all: "
        + ", ".join(f"{c} {missed[c]}" for c in CATEGORIES if missed[c])
    )
    return micro


def main() -> None:
    shared = Path(__file__).resolve().parents[2] / "shared"
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--transcripts", type=Path, default=shared / "reference/transcripts")
    parser.add_argument("--check", type=Path, help="the folder of the two check interviews")
    args = parser.parse_args()
    speech(args.transcripts, args.check)


def speech(transcripts: Path, check: Path | None) -> None:
    """Both sets: the one the rules were written with, then the check set if given."""
    files = sorted([*transcripts.glob("eslo1/*.trs"), *transcripts.glob("cfpp2000/*.txt")])
    coded_speech("real speech coded by us, seen", files, GOLD, "[PB, 421INC]")
    if check is None:
        return
    missing = [name for name in CHECK_FILES if not (check / name).is_file()]
    if missing:
        sys.exit(f"--check {check}: {', '.join(missing)} not found (see this script's help)")
    coded_speech(
        "real speech coded by us, never read by the rules' author",
        [check / name for name in CHECK_FILES],
        CHECK_GOLD,
    )


if __name__ == "__main__":
    main()
