"""The columns of cases.csv and documents.csv as French headings, for the report and the
comparison's legends alike (« laureat_appel » → « Lauréat de l'appel »)."""

from __future__ import annotations

import re

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
