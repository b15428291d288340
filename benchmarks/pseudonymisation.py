"""Recall and precision of person names on the demo corpus, with and without a names list.

What is measured is what ``--anonymise`` would replace if the researcher kept every row of
the review workbook: detections (NER, speaker labels, patterns, list) grouped into entities,
then every variant of every entity found again in every document.

- recall (replaced): person-name occurrences of the ground truth entirely covered by a
  replacement, whatever its kind (the name is gone from the export);
- recall (as person): the same, counting only replacements by a person pseudonym;
- precision: replacements by a person pseudonym that fall on a person name of the ground truth,
  among all person replacements; « lenient » leaves out those on neutral names (a company
  named after a family, a literary character: see benchmarks/data/README.md).

Usage:

    .venv/bin/python benchmarks/pseudonymisation.py [--details]
"""

from __future__ import annotations

import argparse
import csv
import shutil
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from ptce_coding.app.project import init_project, load_project
from ptce_coding.corpus.importer import import_paths
from ptce_coding.privacy.detect import detect, find_literal, load_ner
from ptce_coding.privacy.names import load_names
from ptce_coding.privacy.pseudonyms import build_entities
from ptce_coding.privacy.replacer import Replacer
from ptce_coding.privacy.workflow import speakers_by_document

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "benchmarks" / "data" / "demo_persons.csv"
NAMES = ROOT / "benchmarks" / "data" / "demo_names.csv"


def stored_texts() -> tuple[dict[str, str], dict[str, set[str]], list[str]]:
    """The demo corpus imported into a temporary project: texts as stored, speakers."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "demo"
        init_project(root)
        shutil.rmtree(root / "corpus")
        shutil.copytree(ROOT / "corpus", root / "corpus")
        project = load_project(root)
        with project.open_store() as store:
            import_paths(
                store, [project.corpus_path], project.importing, cases_file=project.cases_path
            )
            return (
                store.document_texts(),
                speakers_by_document(store),
                list(project.speakers.all_interviewers()),
            )


def gold_spans(texts: dict[str, str]) -> dict[str, list[tuple[int, int, str, str]]]:
    """Every ground-truth occurrence (start, end, name, kind); stops if a count differs."""
    rows = list(csv.DictReader(GOLD.open(encoding="utf-8")))
    by_document: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in rows:
        by_document[row["document"]].append(row)
    problems = [f"  {d}: not in the corpus" for d in by_document if d not in texts]
    problems += [f"  {d}: in the corpus, not in {GOLD.name}" for d in texts if d not in by_document]
    spans: dict[str, list[tuple[int, int, str, str]]] = defaultdict(list)
    for document, names in by_document.items():
        if document not in texts:
            continue
        text = texts[document]
        for row in sorted(names, key=lambda r: len(r["name"]), reverse=True):
            found = [
                (s, e)
                for s, e in find_literal(text, row["name"])
                if not any(s < e2 and s2 < e for s2, e2, _, _ in spans[document])
            ]
            if len(found) != int(row["count"]):
                problems.append(
                    f"  {document}: {row['name']!r} expected {row['count']}, found {len(found)}"
                )
            spans[document] += [(s, e, row["name"], row["kind"]) for s, e in found]
    if problems:
        sys.exit(
            f"The demo corpus no longer matches {GOLD}:\n"
            + "\n".join(problems)
            + "\nRead the changed interviews and update the ground truth (see its README)."
        )
    return spans


def measure(texts, speakers, generic, gold, names, nlp, details: bool) -> dict[str, float]:
    detections = detect(texts, speakers, names, nlp=nlp, generic_labels=generic)
    entities = build_entities(detections, names, texts=texts)
    kinds = {e.id: e.kind for e in entities}
    replacer = Replacer(entities, safety_net=False)
    covered = as_person = total = 0
    right = neutral = wrong = 0
    misses, false_positives = [], []
    for document, text in texts.items():
        spans = replacer.spans(text)
        for start, end, name, kind in gold.get(document, []):
            if kind != "person":
                continue
            total += 1
            over = [r for r in spans if r.start <= start and end <= r.end]
            covered += bool(over)
            as_person += any(kinds[r.entity] == "person" for r in over)
            if not over:
                misses.append(f"{document}: {name} at {start}")
        for r in spans:
            if kinds[r.entity] != "person":
                continue
            hits = [g for g in gold.get(document, []) if g[0] < r.end and r.start < g[1]]
            if any(g[3] == "person" for g in hits):
                right += 1
            elif hits:
                neutral += 1
            else:
                wrong += 1
                false_positives.append(f"{document}: {text[r.start : r.end]!r}")
    if details:
        print("  missed:", "; ".join(misses) or "none")
        print("  false person replacements:", "; ".join(sorted(set(false_positives))) or "none")
    return {
        "mentions": total,
        "recall_replaced": covered / total,
        "recall_as_person": as_person / total,
        "precision_lenient": right / (right + wrong) if right + wrong else 0.0,
        "precision_strict": right / (right + wrong + neutral) if right + wrong + neutral else 0.0,
        "person_replacements": right + wrong + neutral,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--details", action="store_true", help="List misses and false ones.")
    args = parser.parse_args()
    texts, speakers, generic = stored_texts()
    gold = gold_spans(texts)
    started = time.perf_counter()
    nlp = load_ner()
    for label, names in (("without a names list", []), (f"with {NAMES.name}", load_names(NAMES))):
        print(f"{label}:")
        scores = measure(texts, speakers, generic, gold, names, nlp, args.details)
        print(
            f"  {scores['mentions']} person-name occurrences in {len(texts)} interviews; "
            f"recall {scores['recall_replaced']:.3f} (replaced), "
            f"{scores['recall_as_person']:.3f} (as a person); "
            f"precision {scores['precision_lenient']:.3f} (lenient), "
            f"{scores['precision_strict']:.3f} (strict) over "
            f"{scores['person_replacements']} person replacements"
        )
    print(f"({time.perf_counter() - started:.1f} s with the model loaded once)")


if __name__ == "__main__":
    main()
