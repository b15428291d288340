"""The assisted tagger on real human coding: the EdgeAI ATLAS.ti quotation export.

Usage::

    .venv/bin/python benchmarks/edgeai.py PATH/TO/atlasti_edgeai_icsa26 [--folds 5] [--seed 0]

Each quotation becomes a document of an English project (``language: en``), the 18 themes
(``T<n>. Theme: Subcode`` → ``T<n>``) with at least 5 quotations become the codebook; the
quotations are dealt into K folds (one case per fold). For each fold, a fresh copy of the project
imports the theme codings of the other folds with ``codings import``, runs ``suggest`` with
default settings, and its model suggestions on the held-out fold are compared with the human
themes. Everything goes through the tool's own commands (click's CliRunner); nothing is tuned
on the held-out folds. Prints micro and macro F1 and a per-theme table.

The codebook (``--subcodes``):

- ``attested`` (default): the themes, and as their child codes the ATLAS.ti subcodes (names
  only, no definitions) that the *training* quotations of the fold carry: the codebook as it
  stood when only those had been coded. Nothing comes from the held-out quotations.
- ``none``: the themes only.
- ``all``: every subcode of the ATLAS.ti codebook export (``20250914_codebook_full.csv``).
  This leaks: 224 of its 435 used subcodes were written for a single quotation, held-out ones
  included. For comparison only.

``--no-sentence-vectors`` turns the sentence encoder off (``model.sentence_vectors: false``).
"""

from __future__ import annotations

import argparse
import csv
import re
import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import yaml
from click.testing import CliRunner

from ptce_coding.cli import cli

SUBCODE = re.compile(r"T(\d+)\s*[.–-][^:]*:\s*(.+)")
THEME = re.compile(r"(?:^|, )T(\d+)\s*[.–-]\s*([^:,]+(?:, [^:,T][^:,]*)*)")
MIN_QUOTATIONS = 5


def read_quotations(folder: Path) -> tuple[list[str], list[set[str]], dict[str, str]]:
    """Texts, theme ids per quotation, theme labels."""
    rows = quotation_rows(folder)
    texts, themes, labels = [], [], {}
    for row in rows:
        found = {}
        for match in THEME.finditer(row["Codes"]):
            found[f"T{match.group(1)}"] = match.group(2).strip()
        labels.update(found)
        texts.append(" ".join(row["Text Content"].strip().strip('"').split()))
        themes.append(set(found))
    return texts, themes, labels


def quotation_rows(folder: Path) -> list[dict[str, str]]:
    path = folder / "20250914_quotation_export.csv" if folder.is_dir() else folder
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle, delimiter=";"))


def read_subcodes(folder: Path) -> list[tuple[str, str, str]]:
    """(full name, theme id, subcode name) of every subcode in the codebook export (empty if
    it is not there), in the export's order."""
    path = folder / "20250914_codebook_full.csv"
    if not path.is_file():
        return []
    found = []
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle, delimiter=";"):
            match = SUBCODE.match(row["Code"])
            if match:
                found.append((row["Code"], f"T{match.group(1)}", match.group(2).strip()))
    return found


def subcodes_used(rows: list[dict[str, str]], names: list[str]) -> list[set[str]]:
    """The full subcode names each quotation carries."""
    return [{name for name in names if f"{name}, " in f"{row['Codes']}, "} for row in rows]


def write_codebook(root: Path, labels: dict[str, str], subcodes: list[tuple[str, str]]) -> None:
    """Themes, with ``subcodes`` (theme id, name) as their child codes."""
    codes = []
    for theme, label in sorted(labels.items(), key=lambda t: int(t[0][1:])):
        children = [
            {"id": f"{theme}.S{k:03d}", "label": name}
            for k, name in enumerate((n for t, n in subcodes if t == theme), start=1)
        ]
        codes.append({"id": theme, "label": label, "definition": label, "children": children})
    (root / "codebooks" / "ptce.yaml").write_text(
        yaml.safe_dump({"name": "EdgeAI themes", "codes": codes}, allow_unicode=True),
        encoding="utf-8",
    )


def run(cmd: list[str], project: Path) -> str:
    result = CliRunner().invoke(cli, [*cmd, "--project", str(project)])
    if result.exit_code != 0:
        sys.exit(f"`ptce-coding {' '.join(cmd)}` failed:\n{result.output}")
    return result.output


def build_project(
    root: Path, texts: list[str], fold_of: list[int], labels: dict[str, str], vectors: bool
) -> dict[str, tuple[int, int]]:
    CliRunner().invoke(cli, ["init", str(root)])
    settings = yaml.safe_load((root / "project.yaml").read_text(encoding="utf-8"))
    settings["language"] = "en"
    settings.setdefault("model", {})["sentence_vectors"] = vectors
    (root / "project.yaml").write_text(yaml.safe_dump(settings), encoding="utf-8")
    write_codebook(root, labels, [])
    for index, (text, fold) in enumerate(zip(texts, fold_of, strict=True)):
        folder = root / "corpus" / f"fold-{fold + 1}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"q{index + 1:03d}.txt").write_text(text + "\n", encoding="utf-8")
    run(["import", str(root / "corpus")], root)
    run(["segments", "export", str(root / "segments.csv")], root)
    with (root / "segments.csv").open(encoding="utf-8") as handle:
        spans = {
            row["document"]: (int(row["start"]), int(row["end"])) for row in csv.DictReader(handle)
        }
    return spans


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("path", type=Path, help="the export folder or its quotation CSV")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--subcodes",
        choices=["attested", "none", "all"],
        default="attested",
        help="child codes: the subcodes of the training quotations (default), none, or all "
        "(leaks: many subcodes were written for one held-out quotation)",
    )
    parser.add_argument(
        "--no-sentence-vectors",
        dest="vectors",
        action="store_false",
        help="model.sentence_vectors: false",
    )
    args = parser.parse_args()
    import numpy as np

    texts, themes, labels = read_quotations(args.path)
    folder = args.path if args.path.is_dir() else args.path.parent
    subcodes = read_subcodes(folder) if args.subcodes != "none" else []
    used = subcodes_used(quotation_rows(args.path), [name for name, _, _ in subcodes])
    counts = Counter(t for ts in themes for t in ts)
    kept = sorted((t for t, n in counts.items() if n >= MIN_QUOTATIONS), key=lambda t: int(t[1:]))
    labels = {t: labels[t] for t in kept}
    themes = [ts & set(kept) for ts in themes]
    order = np.random.default_rng(args.seed).permutation(len(texts))
    fold_of = [0] * len(texts)
    for rank, index in enumerate(order):
        fold_of[index] = rank % args.folds
    names = [f"fold-{fold_of[i] + 1}/q{i + 1:03d}.txt" for i in range(len(texts))]
    print(
        f"{len(texts)} quotations, {len(kept)} themes with ≥ {MIN_QUOTATIONS} quotations, "
        f"{args.folds} folds",
        file=sys.stderr,
    )
    started = time.perf_counter()
    tally = {t: Counter() for t in kept}
    with tempfile.TemporaryDirectory() as temp:
        base = Path(temp) / "base"
        spans = build_project(base, texts, fold_of, labels, args.vectors)
        for fold in range(args.folds):
            project = Path(temp) / f"fold{fold + 1}"
            shutil.copytree(base, project)
            known = (
                set().union(*(used[i] for i in range(len(texts)) if fold_of[i] != fold))
                if args.subcodes == "attested"
                else {name for name, _, _ in subcodes}
            )
            write_codebook(project, labels, [(t, n) for name, t, n in subcodes if name in known])
            with (project / "training.csv").open("w", encoding="utf-8", newline="") as handle:
                writer = csv.writer(handle)
                writer.writerow(["document", "start", "end", "code", "coder"])
                for i, name in enumerate(names):
                    if fold_of[i] != fold:
                        for theme in sorted(themes[i]):
                            writer.writerow([name, *spans[name], theme, "atlas"])
            run(["codings", "import", str(project / "training.csv")], project)
            run(["suggest"], project)
            run(["codings", "export", str(project / "model.csv"), "--method", "model"], project)
            with (project / "model.csv").open(encoding="utf-8") as handle:
                found: dict[str, set[str]] = {}
                for row in csv.DictReader(handle):
                    found.setdefault(row["document"], set()).add(row["code"])
            for i, name in enumerate(names):
                if fold_of[i] == fold:
                    for theme in kept:
                        gold, guess = theme in themes[i], theme in found.get(name, set())
                        tally[theme]["tp"] += gold and guess
                        tally[theme]["fp"] += guess and not gold
                        tally[theme]["fn"] += gold and not guess
            print(f"fold {fold + 1}/{args.folds} done", file=sys.stderr)
    report(tally, labels, time.perf_counter() - started)


def report(tally: dict[str, Counter], labels: dict[str, str], seconds: float) -> None:
    def f1(c: Counter) -> float:
        return 2 * c["tp"] / (2 * c["tp"] + c["fp"] + c["fn"]) if c["tp"] + c["fn"] else 0.0

    print(f"{'theme':<5} {'precision':>9} {'recall':>7} {'F1':>6} {'support':>8}  label")
    for theme, c in tally.items():
        precision = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 0.0
        recall = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 0.0
        print(
            f"{theme:<5} {precision:>9.3f} {recall:>7.3f} {f1(c):>6.3f} "
            f"{c['tp'] + c['fn']:>8}  {labels[theme][:50]}"
        )
    total = sum(tally.values(), Counter())
    macro = sum(f1(c) for c in tally.values()) / len(tally)
    print(f"micro-F1 {f1(total):.3f}  macro-F1 {macro:.3f}  ({seconds:.0f} s)")


if __name__ == "__main__":
    main()
