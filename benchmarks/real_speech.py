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

``--third FOLDER``: the same on a third set, coded the same way after session 41 read far
documents as such (``tagging/far_documents.py``), its two interviews drawn at random (seed 41)
from the same corpus: ``JEAN-FREDERIC_SCHMIDT_H_70_MONETTE_SCHMIDT_F_69_17e.TextGrid`` and
``Killian_Belamy_H_22_Lucas_Hermano_H_21_KB-v2.TextGrid`` (``Sonia Branca enq`` set as the
interviewer: the first file names her so), ``benchmarks/data/speech_third_gold.csv``.

``--fourth FOLDER``: a fourth set, coded the same way after session 42 weighed a far finding's
segment length and neighbours, never fitted on (``benchmarks/data/speech_fourth_gold.csv``):
``Morel_Paul_H_71_Morel_Amandine_F_67_15e-v2.TextGrid`` and
``Blanche_Duchemin_F_25_Reine_Ceret_F_60_11e-v2.TextGrid``, drawn at random (seed 42) from the 56
interviews of the same corpus not used before (``Florence Lefeuvre (ENQ)`` and ``Sonia
Branca-Rosoff (ENQ)`` set as the interviewers).

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

import numpy as np
from real_text import CATEGORIES, category, invoke, new_project, print_table, scores

GOLD = Path(__file__).resolve().parent / "data" / "speech_gold.csv"
CHECK_GOLD = Path(__file__).resolve().parent / "data" / "speech_check_gold.csv"
CHECK_FILES = ("Jacqueline_Pelletier_F_65_Ivry-v2.TextGrid", "Andre_Morange_H_58_Mo-v2.TextGrid")
THIRD_GOLD = Path(__file__).resolve().parent / "data" / "speech_third_gold.csv"
THIRD_FILES = (
    "JEAN-FREDERIC_SCHMIDT_H_70_MONETTE_SCHMIDT_F_69_17e.TextGrid",
    "Killian_Belamy_H_22_Lucas_Hermano_H_21_KB-v2.TextGrid",
)
FOURTH_GOLD = Path(__file__).resolve().parent / "data" / "speech_fourth_gold.csv"
FOURTH_FILES = (
    "Morel_Paul_H_71_Morel_Amandine_F_67_15e-v2.TextGrid",
    "Blanche_Duchemin_F_25_Reine_Ceret_F_60_11e-v2.TextGrid",
)
FOURTH_INTERVIEWERS = '["Florence Lefeuvre (ENQ)", "Sonia Branca-Rosoff (ENQ)"]'
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


def imported(folder: Path, files: list[Path], interviewers: str) -> Path:
    """A new project in ``folder`` writing every rule finding, ``interviewers`` (a YAML list)
    as its interviewers, with ``files`` imported under the case « reference »."""
    root = new_project(folder, 0.0)
    settings = root / "project.yaml"
    settings.write_text(
        settings.read_text(encoding="utf-8").replace(
            "  interviewers: []", f"  interviewers: {interviewers}"
        ),
        encoding="utf-8",
    )
    for path in files:
        invoke(["--quiet", "import", str(path), "--case", "reference", "--project", str(root)])
    return root


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
        root = imported(Path(tmp) / "p", files, interviewers)
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


def far_findings(files: list[Path], gold_path: Path, interviewers: str) -> tuple[list, dict, list]:
    """Every rule finding in ``files`` with its signals and whether the gold has its category
    on its segment; each document's closeness to the codebook; the segments and their gold."""
    from ptce_coding.app.project import load_project
    from ptce_coding.base.language import DocCache, load_pipeline
    from ptce_coding.tagging.rule_coding import Scoring, code_with_rules
    from ptce_coding.tagging.rules import RuleTagger

    gold = read_gold(gold_path)["gold"]
    with tempfile.TemporaryDirectory() as tmp:
        root = imported(Path(tmp) / "p", files, interviewers)
        project = load_project(root)
        book = project.load_codebook()
        nlp = load_pipeline()
        with project.open_store(create=False) as store:
            run = code_with_rules(
                store,
                book,
                RuleTagger(book, nlp),
                DocCache(None, nlp),
                scoring=Scoring(min_confidence=0.0, keep_signals=True),
            )
            segments = [
                (document.name.split("/", 1)[1], s.start, s.end)
                for document in store.documents()
                for s in store.segments(document.id)
                if not s.interviewer and not s.title
            ]
    findings = [
        {
            "document": name.split("/", 1)[1],
            "segment": (name.split("/", 1)[1], start, end),
            "code": code,
            "context": book.is_context(code),
            "signals": signals,
            "right": category(code) in gold.get((name.split("/", 1)[1], start, end), set()),
        }
        for name, start, end, code, signals in run.signals
    ]
    closeness = {name.split("/", 1)[1]: value for name, value in run.closeness.items()}
    return findings, closeness, [(key, gold.get(key, set())) for key in segments]


def fit_far(transcripts: Path, check: Path, third: Path) -> None:
    """Fit ``far_documents.FAR_CONTEXT`` on the context codes' findings in the far documents
    of the seen, check and third sets (a logistic regression on the rule evidence, the
    segment's ``length`` and its ``nearby`` signal), and ``FAR_OTHER``'s intercept on the other
    findings of the seen and third sets (the rule evidence weighed as on PTCE text). Print
    what the fit gives each interview when fitted on the others (day one at the default
    threshold, micro over the interviews)."""
    from scipy.optimize import minimize_scalar
    from sklearn.linear_model import LogisticRegression

    from ptce_coding.tagging.far_documents import FAR_CLOSENESS
    from ptce_coding.tagging.relevance import WEIGHTS, Weights

    files = sorted([*transcripts.glob("eslo1/*.trs"), *transcripts.glob("cfpp2000/*.txt")])
    findings, closeness, segments = far_findings(files, GOLD, "[PB, 421INC]")
    # (folder, files, gold, interviewers, whether FAR_OTHER is fitted on it too)
    for folder, names, gold, interviewers, other in (
        (check, CHECK_FILES, CHECK_GOLD, "[]", False),
        (third, THIRD_FILES, THIRD_GOLD, "[Sonia Branca enq]", True),
    ):
        more = far_findings(_files(folder, names, "--fit"), gold, interviewers)
        for f in more[0]:
            f["check"] = not other
        findings, segments = findings + more[0], segments + more[2]
        closeness.update(more[1])
    print(f"closeness to the codebook (far under {FAR_CLOSENESS}): ")
    for name, value in sorted(closeness.items()):
        print(f"  {name}: {value:.3f}")
    far = [f for f in findings if closeness[f["document"]] < FAR_CLOSENESS]
    for kind in (True, False):
        chosen = [f for f in far if f["context"] == kind]
        print(
            f"findings of {'context' if kind else 'other'} codes: "
            f"{sum(f['right'] for f in chosen)} right of {len(chosen)}"
        )
    read = ("rules", "length", "nearby")

    def fitted_context(chosen: list[dict]) -> Weights:
        """A logistic regression (scikit-learn's defaults) on the rule evidence, the
        segment's length and its neighbours."""
        model = LogisticRegression().fit(
            [[f["signals"][n] for n in read] for f in chosen], [f["right"] for f in chosen]
        )
        weights = dict(zip(read, (round(float(w), 2) for w in model.coef_[0]), strict=True))
        return Weights(round(float(model.intercept_[0]), 2), **weights)

    def fitted_other(chosen: list[dict]) -> Weights:
        """The intercept that maximises the likelihood of ``chosen``'s labels, the rule
        evidence weighed as on PTCE text (``WEIGHTS.rules``)."""
        offset = np.array([WEIGHTS.rules * f["signals"]["rules"] for f in chosen])
        right = np.array([f["right"] for f in chosen], dtype=float)

        def loss(intercept: float) -> float:
            z = intercept + offset
            return float(np.sum(np.logaddexp(0.0, z) - right * z))

        found = minimize_scalar(loss, bounds=(-10.0, 10.0), method="bounded").x
        return Weights(round(float(found), 2), WEIGHTS.rules)

    def fit_all(kept: list[dict]) -> dict[bool, Weights]:
        return {
            True: fitted_context([f for f in kept if f["context"]]),
            False: fitted_other([f for f in kept if not f["context"] and not f.get("check")]),
        }

    gold, predicted = [], []
    for held in sorted(closeness):
        weights = fit_all([f for f in far if f["document"] != held])
        found: dict[tuple, set[str]] = {key: set() for key, _ in segments if key[0] == held}
        for f in findings:
            if f["document"] != held:
                continue
            confidence = WEIGHTS.confidence(f["signals"])
            if closeness[held] < FAR_CLOSENESS:
                confidence = weights[f["context"]].confidence(f["signals"])
            if confidence >= DEFAULT_CUT:
                found[f["segment"]].add(category(f["code"]))
        for key, truth in segments:
            if key[0] == held:
                gold.append(truth)
                predicted.append(found[key] - {None})
    p, r, f1 = scores(gold, predicted)["micro"][:3]
    print(
        f"each interview by the fit on the others, day one at {DEFAULT_CUT}: "
        f"micro P {p:.3f} R {r:.3f} F1 {f1:.3f}"
    )
    weights = fit_all(far)
    print(f"on all of them: FAR_CONTEXT = {weights[True]}; FAR_OTHER = {weights[False]}")


def main() -> None:
    shared = Path(__file__).resolve().parents[2] / "shared"
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--transcripts", type=Path, default=shared / "reference/transcripts")
    parser.add_argument("--check", type=Path, help="the folder of the two check interviews")
    parser.add_argument(
        "--third", type=Path, help="the folder of the two interviews of the third set"
    )
    parser.add_argument(
        "--fourth", type=Path, help="the folder of the two interviews of the fourth set"
    )
    parser.add_argument(
        "--fit", action="store_true", help="fit far_documents.FAR_CONTEXT (see fit_far)"
    )
    args = parser.parse_args()
    if args.fit:
        if args.third is None or args.check is None:
            sys.exit("--fit reads the check and third sets too: give --check and --third")
        fit_far(args.transcripts, args.check, args.third)
    speech(args.transcripts, args.check, args.third, args.fourth)


def speech(
    transcripts: Path,
    check: Path | None,
    third: Path | None = None,
    fourth: Path | None = None,
) -> None:
    """The set the rules were written with, then the check set and the third set if given."""
    files = sorted([*transcripts.glob("eslo1/*.trs"), *transcripts.glob("cfpp2000/*.txt")])
    coded_speech("real speech coded by us, seen", files, GOLD, "[PB, 421INC]")
    if check is not None:
        coded_speech(
            "real speech coded by us, never read by the rules' author",
            _files(check, CHECK_FILES, "--check"),
            CHECK_GOLD,
        )
    if third is not None:
        coded_speech(
            "real speech coded by us after far documents were read as such (session 41)",
            _files(third, THIRD_FILES, "--third"),
            THIRD_GOLD,
            "[Sonia Branca enq]",
        )
    if fourth is not None:
        coded_speech(
            "real speech coded by us after session 42 (never fitted on)",
            _files(fourth, FOURTH_FILES, "--fourth"),
            FOURTH_GOLD,
            FOURTH_INTERVIEWERS,
        )


def _files(folder: Path, names: tuple[str, ...], option: str) -> list[Path]:
    missing = [name for name in names if not (folder / name).is_file()]
    if missing:
        sys.exit(f"{option} {folder}: {', '.join(missing)} not found (see this script's help)")
    return [folder / name for name in names]


if __name__ == "__main__":
    main()
