"""The names a reader sees: poles, interviews and speakers' roles, never slugs or paths.

A pole's name comes from a column of ``cases.csv`` (``nom``, ``name``, ``libelle`` or
``label``); an interview's label from ``documents.csv`` (``libelle``, ``label``, ``titre``),
else from its ``organisation``; a speaker's role from ``role`` (or ``fonction``, ``poste``).

Without them, the named report names a pole after its folder and an interview after its
file, so that the researcher can tell which is which (a number, « Pôle 3 », said nothing
of it). A name typed as a slug, in lower case with hyphens or underscores, is made readable
by one fixed rule (``readable_name``): « terres-d-orlan » → « Terres d'Orlan », « pole-2 »
→ « Pôle 2 », « entretien-directrice-scic.txt » → « Entretien directrice scic »; a name
written with a capital or a space (« Pôle Sud (2024) ») is kept as it is. An anonymised
report uses neutral labels only (« Pôle A », « Entretien A1 »), whatever the columns and
the folders say. Whose coding a report rests on is said in plain words (``whose_coding``),
and the words of the restitution a pole's director may not know are in its glossary
(``GLOSSARY``).
"""

from __future__ import annotations

import re
import string
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ptce_coding.base.coder_selection import CoderSelection
    from ptce_coding.codebook.model import Code

POLE_COLUMNS = ("nom", "name", "libelle", "libellé", "label")
INTERVIEW_COLUMNS = ("libelle", "libellé", "label", "titre", "entretien")
ORGANISATION_COLUMNS = ("organisation", "structure")
ROLE_COLUMNS = ("role", "rôle", "fonction", "poste")
DEFAULT_ROLE = "personne interrogée"
# readable_name: the words a slug leaves in lower case inside a name (« Val de Lisonne »),
# the letters elided before a vowel or an h (« d-orlan » → « d'Orlan »), and the one word
# a folder's name writes without its accent
_PARTICLES = frozenset({"de", "du", "des", "la", "le", "les", "et", "en", "sur", "sous", "au"})
_PARTICLES |= frozenset({"aux", "à", "lès", "lez"})
_ELIDED = frozenset({"d", "l"})
_ACCENTED = {"pole": "pôle"}
# « saint-ouen », « sainte-foy »: a saint's name is a place's, written with its hyphen
_SAINTS = frozenset({"saint", "sainte", "saints", "saintes"})
_SLUG_SEPARATORS = re.compile(r"[-_]+")
RETIRED = "retiré"  # a retired code's mark, in the chapters as in the annex's codebook
# what a retired code is, wherever one is shown (the chapters; the annex's codebook, whose
# HTML and Markdown templates say the same words)
RETIRED_NOTE = "plus proposé au codage ; ses codages antérieurs restent comptés dans les tableaux."
RETIRED_NOTE_PLURAL = (
    "plus proposés au codage ; leurs codages antérieurs restent comptés dans les tableaux."
)

# the restitution's glossary: the words it uses that a pole's director may not know, each
# said when the document uses it (``Synthesis.glossary``)
GLOSSARY = {
    "pôle": (
        "Pôle (PTCE)",
        "un pôle territorial de coopération économique, c'est-à-dire des structures d'un même "
        "territoire (entreprises, associations, collectivités…) qui coopèrent autour d'un "
        "projet commun.",
    ),
    "grille": (
        "Grille de codage",
        "la liste des thèmes avec lesquels l'équipe de recherche lit les entretiens, rangés "
        "en grands axes (morphologie, gouvernance…).",
    ),
    "code": (
        "Code",
        "un thème de la grille de codage. Coder un passage d'entretien, c'est y noter le "
        "thème dont il parle ; un passage peut recevoir plusieurs codes.",
    ),
    "segment": (
        "Segment de parole",
        "un paragraphe de la réponse d'une personne interrogée, l'unité que l'on code et que "
        "l'on compte. Les questions de l'enquêteur ne sont jamais comptées.",
    ),
    "suggestion": (
        "Suggestion automatique",
        "un code proposé par des règles qui repèrent les mots de la grille de codage dans "
        "les entretiens ; une personne de l'équipe l'accepte ou la rejette à la relecture.",
    ),
    "accord": (
        "Accord entre codeurs (inter-codeurs)",
        "la mesure de la concordance entre deux personnes qui ont codé les mêmes entretiens "
        "sans se concerter ; un accord élevé dit que chacun lit la grille de la même façon.",
    ),
    "consensus": (
        "Consensus",
        "la décision commune de l'équipe sur un passage où deux codeurs n'étaient pas "
        "d'accord ; elle remplace leurs codages de ce passage.",
    ),
    # the same, in a document that counts one person's coding: theirs is what it replaces
    "consensus, un codeur": (
        "Consensus",
        "la décision commune de l'équipe sur un passage où deux codeurs n'étaient pas "
        "d'accord ; elle y remplace le codage de la seule personne dont ce document compte "
        "le codage.",
    ),
    "sans précision": (
        "Sans précision",
        "un passage codé sur une catégorie de facteurs (par exemple « Déterminants ») sans "
        "que le facteur lui-même soit précisé.",
    ),
    "lien": (
        "Lien (réseau de coopération)",
        "deux membres d'un pôle que les entretiens montrent en train de travailler ensemble.",
    ),
    "formes": (
        "Monocentrique, monocentrique élargie, polycentrique, multipolaire",
        "les formes de réseau de la typologie de P. Gianfaldoni (séminaire PTCE, 2015) : la "
        "coopération passe par une structure, par un petit noyau, par plusieurs structures, "
        "ou se fait en groupes séparés.",
    ),
    "coordination": (
        "Coordination horizontale, verticale",
        "horizontale : les membres sont reliés directement entre eux ; verticale : ils se "
        "rejoignent surtout en passant par une même structure.",
    ),
    "centralisation": (
        "Centralisation",
        "une mesure, de 0 à 1, de la concentration des liens sur un seul membre (de degré) "
        "ou de son rôle d'intermédiaire obligé (d'intermédiarité).",
    ),
}
RESTITUTION_READERS = "aux pôles étudiés et à la Région"
ANNEX_READERS = "à l'équipe de recherche"


def whose_coding(
    selection: CoderSelection,
    used: list[str],
    *,
    suggestions: bool,
    waiting: bool,
    shown_in: str = "ce rapport",
) -> str:
    """In French, after « Ce document repose sur »: whose coding the report counts, said
    plainly (``used``: ``coders_used``; ``suggestions``: unreviewed suggestions are counted;
    ``waiting``: some wait for review). One person's coding, every person's who coded, the
    coders chosen for the report (``shown_in``: what shows it, « cette matrice » on the web
    page that says it too), and the consensus where the team settled a disagreement.
    Whether suggestions are unreviewed is the cover's warning's to say, not this sentence's:
    it names who coded, and said it again beside the warning (« repose sur les suggestions
    automatiques, non relues » above « inclut des suggestions automatiques non relues »).
    The word before a coder's name is made to agree with it by the caller
    (``formatting.names_agreeing``: « de alice » → « d'alice »)."""
    if not used and waiting:  # no person's coding: the taggers' suggestions, if counted
        if suggestions:
            return (
                "le seul repérage automatique (des règles sur les mots de la grille de "
                "codage) : personne n'a encore codé ni validé de passage"
            )
        return "des entretiens que personne n'a encore codés ni validés"
    if not used:  # nothing coded at all, not even by the rules
        return "des entretiens encore sans aucun codage, ni humain ni automatique"
    each = [f"de {name}" for name in used]  # « de alice, de bob et de chloé »
    names = each[0] if len(each) == 1 else f"{', '.join(each[:-1])} et {each[-1]}"
    if selection.coders:
        kept = "seul codage retenu" if len(used) == 1 else "seuls codages retenus"
        text = f"le codage {names}, {kept} pour {shown_in}"
    elif len(used) == 1:
        text = f"le codage {names}, seule personne à avoir codé ces entretiens"
    else:
        listed = ", ".join(used[:-1]) + f" et {used[-1]}"
        text = f"le codage de toutes les personnes qui ont codé ces entretiens ({listed})"
    if selection.consensus:  # one coder counted: theirs is the coding it replaces
        replaced = f"le codage {names}" if len(used) == 1 else "leurs codages"
        text += (
            " ; là où l'équipe a tranché un désaccord entre codeurs, sa décision commune "
            f"(le consensus, enregistré sous le nom « {selection.consensus} ») remplace "
            f"{replaced}"
        )
    return text


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
    # named after their folder or file, for want of a name in cases.csv, documents.csv
    unnamed_poles: tuple[str, ...] = ()
    unnamed_interviews: tuple[str, ...] = ()

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
    poles, unnamed_poles = {}, []
    for case in ordered:
        named = None if anonymised else _first(cases.get(case, {}), POLE_COLUMNS)
        if anonymised:
            poles[case] = f"Pôle {letters[case]}"
        elif named:
            poles[case] = named
        else:
            poles[case] = readable_name(case, title=True)
            unnamed_poles.append(case)
    interviews, roles, unnamed_interviews = {}, {}, []
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
        if given := label or organisation:
            interviews[document] = given
        else:
            unnamed_interviews.append(document)
    interviews |= _file_labels(unnamed_interviews, documents)
    return Names(
        distinct(poles), interviews, roles, tuple(unnamed_poles), tuple(unnamed_interviews)
    )


def readable_name(slug: str, *, title: bool = False) -> str:
    """A folder's or a file's name as a reader sees it. A slug (no capital, no space) has
    its hyphens and underscores read as spaces, a « d » or « l » before a vowel or an h
    elided (« d'orlan »), « pole » accented, a saint's name hyphenated as a place's
    (« saint-ouen » → « Saint-Ouen »), and its first letter in capital; with
    ``title`` (a pole: a proper name) every word's too, but the particles (« de », « la »,
    « et »…): « terres-d-orlan » → « Terres d'Orlan », « ressources-val-de-lisonne » →
    « Ressources Val de Lisonne ». A name with a capital or a space was written as a name:
    it stays as it is (« Pôle Sud (2024) »)."""
    if slug != slug.lower() or any(c.isspace() for c in slug):
        return slug
    words = [_ACCENTED.get(w, w) for w in _SLUG_SEPARATORS.split(slug) if w]
    if not words:
        return slug
    shown: list[str] = []
    for word in words:
        if shown and shown[-1].lower() in _SAINTS:  # « Saint-Ouen », whatever ``title``
            shown[-1] = f"{_capital(shown[-1])}-{_capital(word)}"
        elif shown and shown[-1].lower() in _ELIDED and _opens_with_vowel(word):
            shown[-1] += "'" + (_capital(word) if title else word)
        elif not shown:
            shown.append(_capital(word))
        else:
            shown.append(_capital(word) if title and word not in _PARTICLES | _ELIDED else word)
    return " ".join(shown)


def _capital(word: str) -> str:
    return word[:1].upper() + word[1:]


def _opens_with_vowel(word: str) -> bool:
    first = unicodedata.normalize("NFD", word[:1].casefold())[:1]
    return first in "aeiouyh"


def _file_labels(
    names: list[str], documents: Mapping[str, tuple[str, Mapping[str, Any]]]
) -> dict[str, str]:
    """Interviews with no label in documents.csv, by their file's name made readable
    (``readable_name``, its extension left out, « Entretien 1 » for a file named « 1 »);
    two of one pole that would read alike (« entretien.txt », « entretien.TextGrid ») by
    their files' whole names."""
    labels = {}
    for name in names:
        case = documents[name][0]
        inside = name.removeprefix(f"{case}/")
        shown = readable_name(PurePosixPath(inside).with_suffix("").as_posix() or inside)
        labels[name] = shown if any(c.isalpha() for c in shown) else f"Entretien {shown}"
    used = Counter((documents[name][0], label) for name, label in labels.items())
    return {
        name: name.removeprefix(f"{documents[name][0]}/")
        if used[(documents[name][0], label)] > 1
        else label
        for name, label in labels.items()
    }


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
