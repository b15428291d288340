"""Poles and interviews named on the page as the report names them.

The names come from the report's own function (``report.labels.display_names``) on the
same data as the report's (``analysis.synthesis_data``: every case with its attributes,
every document with its case and attributes): ``nom`` of ``cases.csv``; ``libelle`` or
``organisation`` and ``role`` of ``documents.csv``; without them, the folder's and the
file's names made readable (« pole-a/entretien-directrice-scic.txt » → « Entretien
directrice scic »). The file's name stays where a researcher needs it (the commands and the
codings sheets name a document by it): in every link's tooltip, beside each interview of the
list of documents, under the document's title, and beside a name two interviews of one pole
share in the review queue and a matrix cell.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from ptce_coding.report.labels import Names, display_names
from ptce_coding.store import Store


@dataclass(frozen=True)
class PageNames:
    """The report's names (``names``) and the documents whose label and role one pole
    gives twice (``alike``), which the page tells apart by their file's name."""

    names: Names
    cases: dict[str, str]  # document -> its case
    alike: frozenset[str] = frozenset()

    def pole(self, case: object) -> str:
        return self.names.pole(case)

    def interview(self, document: str) -> str:
        """« SCIC Terres d'Orlan (directrice) »: the interview's label and, when
        ``documents.csv`` gives one, the interviewee's role; a document the store no longer
        holds keeps its file's name."""
        if document not in self.names.interviews:
            return document
        label = self.names.interviews[document]
        role = self.names.roles.get(document)
        return f"{label} ({role})" if role and role.casefold() not in label.casefold() else label

    def short_file(self, document: str) -> str:
        """Its file's name within its pole's folder (« directrice.txt »)."""
        case = self.cases.get(document, "")
        return document.removeprefix(f"{case}/") if case else document


def page_names(store: Store) -> PageNames:
    """The names of every pole and interview in ``store``, as the report gives them (the
    documents' cases and attributes, not their texts)."""
    documents = store.document_attributes()
    names = display_names(store.cases(), documents)
    cases = {name: case for name, (case, _) in documents.items()}
    plain = PageNames(names, cases)
    told = Counter((cases[name], plain.interview(name)) for name in cases)
    alike = frozenset(name for name in cases if told[(cases[name], plain.interview(name))] > 1)
    return PageNames(names, cases, alike)
