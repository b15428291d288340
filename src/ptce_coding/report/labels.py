"""The names a reader sees: poles, interviews and speakers' roles, never slugs or paths.

A pole's name comes from a column of ``cases.csv`` (``nom``, ``name``, ``libelle`` or
``label``); an interview's label from ``documents.csv`` (``libelle``, ``label``, ``titre``),
else from its ``organisation``; a speaker's role from ``role`` (or ``fonction``, ``poste``).
Without them a readable fallback is built (« Pôle 2 », « Entretien 3 — Pôle 2 »). An
anonymised report uses neutral labels only (« Pôle A », « Entretien A1 »), whatever the
columns say.
"""

from __future__ import annotations

import re
import string
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ptce_coding.codebook.model import Code

POLE_COLUMNS = ("nom", "name", "libelle", "libellé", "label")
INTERVIEW_COLUMNS = ("libelle", "libellé", "label", "titre", "entretien")
ORGANISATION_COLUMNS = ("organisation", "structure")
ROLE_COLUMNS = ("role", "rôle", "fonction", "poste")
DEFAULT_ROLE = "personne interrogée"
RETIRED = "retiré"  # a retired code's mark, in the chapters as in the annex's codebook
# what a retired code is, wherever one is shown (the chapters; the annex's codebook, whose
# HTML and Markdown templates say the same words)
RETIRED_NOTE = "plus proposé au codage ; ses codages antérieurs restent comptés dans les tableaux."
RETIRED_NOTE_PLURAL = (
    "plus proposés au codage ; leurs codages antérieurs restent comptés dans les tableaux."
)

ATTRIBUTE_NAMES = {
    "nom": "Nom",
    "region": "Région",
    "annee_creation": "Année de création",
    "laureat_appel": "Lauréat de l'appel",
    "laureat": "Lauréat de l'appel",
    "forme_juridique": "Forme juridique",
    "gouvernance": "Gouvernance",
    "organisation": "Organisation",
    "role": "Rôle",
    "departement": "Département",
    "secteur": "Secteur",
    "taille": "Taille",
    "statut": "Statut",
}


def attribute_name(column: str) -> str:
    """A column of cases.csv or documents.csv as a French heading (« Année de création »)."""
    known = ATTRIBUTE_NAMES.get(column.lower())
    if known:
        return known
    words = re.sub(r"[_\-]+", " ", column).strip()
    return words[:1].upper() + words[1:]


def code_label(code: Code) -> str:
    """A code's label as tables, headings and figures show it: a retired code (still counted
    for its earlier codings) says so, « Conseil d'administration (retiré) »."""
    return f"{code.label} ({RETIRED})" if code.retired else code.label


def retired_sentence(labels: list[str]) -> str:
    """« Code retiré : « X », plus proposé au codage ; … » for the retired codes ``labels``
    (their plain labels) shown in a chapter or a document; empty without any."""
    if not labels:
        return ""
    quoted = ", ".join(f"« {label} »" for label in labels)
    if len(labels) == 1:
        return f"Code retiré : {quoted}, {RETIRED_NOTE}"
    return f"Codes retirés : {quoted}, {RETIRED_NOTE_PLURAL}"


def _natural_key(name: str) -> tuple[tuple[int, int | str], ...]:
    """« pole-2 » before « pole-10 », as a file manager lists the case folders."""
    return tuple(
        (0, int(part)) if part.isdigit() else (1, part.casefold())
        for part in re.split(r"(\d+)", str(name))
        if part
    )


def pole_order(cases: Iterable[object]) -> list[str]:
    """The case ids in the order every table, figure and list of the report shows them:
    their folders' names with the numbers in them read as numbers (« pole-2 » before
    « pole-10 »; sorted as text, a twelfth pole came between the first and the second)."""
    return sorted({str(case) for case in cases}, key=lambda case: (_natural_key(case), case))


def _first(values: Mapping[str, Any], columns: Iterable[str]) -> str | None:
    lowered = {str(k).lower(): v for k, v in values.items()}
    for column in columns:
        value = lowered.get(column)
        if value is not None and str(value).strip() and str(value).lower() != "nan":
            return str(value).strip()
    return None


@dataclass(frozen=True)
class Names:
    """Display names by case id and by document name."""

    poles: dict[str, str] = field(default_factory=dict)
    interviews: dict[str, str] = field(default_factory=dict)
    roles: dict[str, str] = field(default_factory=dict)

    def pole(self, case: object) -> str:
        return self.poles.get(str(case), str(case))

    def interview(self, document: object) -> str:
        return self.interviews.get(str(document), "entretien")

    def role(self, document: object) -> str:
        return self.roles.get(str(document), DEFAULT_ROLE)


def display_names(
    cases: Mapping[str, Mapping[str, Any]],
    documents: Mapping[str, tuple[str, Mapping[str, Any]]],
    *,
    anonymised: bool = False,
) -> Names:
    """``cases``: id → attributes; ``documents``: name → (case id, attributes)."""
    ordered = pole_order(set(cases) | {case for case, _ in documents.values()})
    letters = {case: _letter(i) for i, case in enumerate(ordered)}
    poles = {}
    for i, case in enumerate(ordered, start=1):
        named = None if anonymised else _first(cases.get(case, {}), POLE_COLUMNS)
        poles[case] = named or (f"Pôle {letters[case]}" if anonymised else f"Pôle {i}")
    interviews, roles = {}, {}
    rank: dict[str, int] = {}
    for document in sorted(documents, key=lambda name: (_natural_key(name), name)):
        case, attributes = documents[document]
        rank[case] = rank.get(case, 0) + 1
        role = _first(attributes, ROLE_COLUMNS)
        if role:
            roles[document] = role
        if anonymised:
            interviews[document] = f"Entretien {letters.get(case, '?')}{rank[case]}"
            continue
        label = _first(attributes, INTERVIEW_COLUMNS)
        organisation = _first(attributes, ORGANISATION_COLUMNS)
        interviews[document] = label or organisation or f"Entretien {rank[case]}"
    return Names(distinct(poles), interviews, roles)


def distinct(names: dict[str, str]) -> dict[str, str]:
    """Poles given one display name (a ``nom`` copied twice in cases.csv) each with its case
    id after it: the report's tables have one row or column per pole, never two alike."""
    used = Counter(names.values())
    return {key: f"{name} ({key})" if used[name] > 1 else name for key, name in names.items()}


def _letter(index: int) -> str:
    letters = string.ascii_uppercase
    return (
        letters[index]
        if index < len(letters)
        else f"{letters[index // 26 - 1]}{letters[index % 26]}"
    )
