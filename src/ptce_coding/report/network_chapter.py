"""The report's chapter on cooperation networks: plain data from a NetworkResult.

Renderers (html, md, docx) show it as it is; the figures are drawn into the report's
figures folder by :func:`draw_network_figures`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from ptce_coding.analysis.quotation_marks import without_marks
from ptce_coding.analysis.quotations import MIN_CHARS, focus, quotation, spoken_chars, terms_of
from ptce_coding.base.files import distinct_file_names
from ptce_coding.network.drawing import draw_pole
from ptce_coding.network.typology import MULTIPOLAR_MODULARITY, RULES_FR, Reading
from ptce_coding.report.labels import pole_order

if TYPE_CHECKING:
    import networkx as nx

    from ptce_coding.network.members import Member
    from ptce_coding.network.network_result import NetworkResult, PoleNetwork

# the measures by their technical names (the annex's readers are researchers), each said in
# plain French in parentheses and explained: the poles' directors read the annex too
EXPLANATIONS = (
    (
        "Densité (part des liens possibles qui existent)",
        "parmi toutes les paires de membres cités, la part qui travaillent ensemble d'après "
        "les entretiens. 1 : chacun travaille avec chacun ; 0,2 : une paire sur cinq.",
    ),
    (
        "Centralisation de degré (concentration des liens sur un membre, selon Freeman)",
        "1 : une étoile, tout passe par une structure et les autres ne travaillent pas entre "
        "eux ; 0 : chacun a autant de partenaires que les autres. À 0,8, le pôle est presque "
        "une étoile : un membre est relié à presque tous, les autres presque seulement à lui.",
    ),
    (
        "Centralisation d'intermédiarité (passage obligé par un intermédiaire)",
        "proche de 1, les autres membres ne se rejoignent qu'en passant par un même membre "
        "(coordination verticale) ; proche de 0, ils sont reliés directement entre eux "
        "(coordination horizontale).",
    ),
    (
        "Composantes (groupes séparés)",
        "les groupes de membres reliés entre eux ; un membre cité sans lien de coopération "
        "forme à lui seul un groupe.",
    ),
    (
        "Part des liens du membre le plus relié",
        "la part de tous les liens du pôle auxquels participe le membre qui en a le plus.",
    ),
    (
        "Cœur et périphérie (noyau et reste du pôle, selon Borgatti et Everett)",
        "le petit groupe de membres tous liés entre eux et au reste (le noyau, ou cœur), face "
        "à ceux qui ne sont liés qu'à lui (la périphérie) ; l'ajustement (de -1 à 1) dit à "
        "quel point le pôle ressemble à ce modèle.",
    ),
)
# the restitution's glossary of the measures its readings cite (``NetworkChapter.glossary``):
# the word that cites one, then the glossary's term and text (helper U, session 42: the
# demo's « 2 groupes peu liés entre eux (modularité 0,33) » was explained nowhere in it)
MEASURE_GLOSSARY = (
    (
        "composantes",
        "Composantes",
        "des groupes de membres reliés entre eux et à aucun autre membre : deux composantes "
        "sont deux groupes qui ne travaillent pas ensemble.",
    ),
    (
        "modularité",
        "Modularité",
        "une mesure de la part des liens qui restent à l'intérieur de groupes de membres "
        "plutôt qu'entre ces groupes : proche de 0, aucun groupe ne se détache ; à partir de "
        f"{MULTIPOLAR_MODULARITY:.1f}".replace(".", ",")
        + ", le réseau se lit en groupes peu liés entre eux.",
    ),
    (
        "ajustement",
        "Noyau, ajustement",
        "le noyau est un petit groupe de membres tous liés entre eux, les autres membres "
        "n'étant liés qu'à lui ; l'ajustement, de -1 à 1, dit à quel point le réseau "
        "ressemble à ce modèle.",
    ),
)
# what a reading of the network means, for a reader who does not know the typology's words
PLAIN_FORMS = {
    "monocentrique": "la coopération passe surtout par une seule structure",
    "monocentrique élargie": (
        "la coopération passe surtout par un petit noyau de deux ou trois structures"
    ),
    "polycentrique": "plusieurs structures animent la coopération, pas une seule",
    "multipolaire": "plusieurs groupes de membres coopèrent chacun de leur côté",
}
PLAIN_COORDINATION = {
    "horizontale": "les membres sont reliés directement entre eux",
    "verticale": "les membres se rejoignent surtout en passant par une même structure",
}

MEASURE_COLUMNS = {
    "members_named": "membres cités",
    "ties": "liens",
    "density": "densité",
    "degree_centralisation": "centralisation de degré",
    "betweenness_centralisation": "centralisation d'intermédiarité",
    "components": "composantes",
    "most_central": "membre le plus central",
    "most_central_share": "part de ses liens",
    "core": "cœur",
    "core_fit": "ajustement",
}

COMPARISON_COLUMNS = {
    "reading": "lecture du réseau",
    "coordination": "coordination lue",
    "governance_attribute": "gouvernance déclarée",
    "codes_monocentrique": "segments « monocentrique »",
    "codes_polycentrique": "segments « polycentrique »",
    "codes_verticale": "segments « verticale »",
    "codes_horizontale": "segments « horizontale »",
    "agreement": "concordance",
}

RULE_NAMES = {
    "co-mention": "ils sont nommés tous les deux dans un même passage d'entretien",
    "interviewee": "une personne interrogée qui travaille dans l'un nomme l'autre",
}
QUOTES = 3  # quoted ties per pole


@dataclass(frozen=True)
class TieQuote:
    a: str
    b: str
    weight: int
    document: str
    text: str


@dataclass
class PoleSection:
    case: str
    name: str
    configuration: str
    coordination: str
    why: str
    members_listed: int
    never_named: list[str]
    ties: list[TieQuote]
    graph: nx.Graph  # drawn into the report's figures
    members: list[Member]
    charts: dict[str, list[Path]] = field(default_factory=dict)
    read: bool = True  # False: members not listed or nothing coded, no tie read, no drawing


@dataclass
class NetworkChapter:
    statuses: tuple[str, ...]
    rules: str
    thresholds: str
    measures: pd.DataFrame  # pole × measures, French headings
    comparison: pd.DataFrame  # pole × reading and governance, French headings
    poles: list[PoleSection]
    explanations: tuple[tuple[str, str], ...] = EXPLANATIONS

    @property
    def includes_suggestions(self) -> bool:
        return "suggested" in self.statuses

    def glossary(self) -> list[tuple[str, str]]:
        """The glossary's words for the measures the poles' readings cite (« modularité
        0,33 »), and only those (``MEASURE_GLOSSARY``)."""
        said = " ".join(pole.why for pole in self.poles)
        return [(term, text) for word, term, text in MEASURE_GLOSSARY if word in said]


def network_chapter(
    result: NetworkResult,
    names: dict[str, str] | None = None,
    cases: Sequence[str] | None = None,
    code_labels: Mapping[str, str] | None = None,
) -> NetworkChapter:
    """The chapter on the networks of the poles ``cases`` (None: every pole): a report on
    some poles shows nothing of the others' networks (a pole's network is its own). The poles
    come in the report's order (``labels.pole_order``: pole-2 before pole-10); a pole none of
    whose interviews is coded yet reads « non codé », one whose members the members file does
    not list « membres non listés », their measures left empty (« — »). The cooperation
    codes are named by their labels (``code_labels``: id → label) where it gives them:
    « code « Activités de coopération » », not « code COOP », in a document a pole's
    director reads (helper U, session 42)."""
    order = {case: i for i, case in enumerate(pole_order(pole.case for pole in result.poles))}
    poles = sorted(
        (pole for pole in result.poles if cases is None or pole.case in cases),
        key=lambda pole: order[pole.case],
    )
    frame = result.measures_frame().set_index("case", drop=False)
    frame = frame.loc[[pole.case for pole in poles]]
    for pole in poles:  # why, where its ties would be (« non codé »), « — » for the rest
        if pole.read:
            continue
        unread = [c for c in MEASURE_COLUMNS if c != "members_named"]
        if not pole.coded:
            unread += [c for c in COMPARISON_COLUMNS if c.startswith("codes_")]
        frame = frame.astype({c: object for c in unread})
        frame.loc[pole.case, unread] = "—"
        frame.loc[pole.case, "ties"] = pole.reading.configuration
    names = {pole.case: pole.name for pole in result.poles} | (names or {})
    frame.index = [names.get(case, case) for case in frame["case"]]
    frame.index.name = "pôle"
    measures = frame[list(MEASURE_COLUMNS)].rename(columns=MEASURE_COLUMNS)
    comparison = frame[list(COMPARISON_COLUMNS)].rename(columns=COMPARISON_COLUMNS)
    rules = " ou ".join(RULE_NAMES.get(rule, rule) for rule in result.rules)
    labels = code_labels or {}
    codes = ", ".join(
        f"« {labels[code]} »" if code in labels else code for code in result.cooperation_codes
    )
    return NetworkChapter(
        statuses=result.statuses,
        rules=(
            f"{rules}, dans un passage où il est question de coopération "
            f"({'codes' if len(result.cooperation_codes) > 1 else 'code'} {codes} de la "
            "grille de codage, ou l'un de ses sous-codes)"
        ),
        thresholds=RULES_FR,
        measures=measures,
        comparison=comparison,
        poles=[_section(pole, result, names) for pole in poles],
    )


def _section(pole: PoleNetwork, result: NetworkResult, names: dict[str, str]) -> PoleSection:
    """The pole's strongest ties, each quoted from a segment not quoted yet: the first of
    its segments whose quotation says enough (``long_enough``), else the first with words."""
    evidence = result.evidence[result.evidence["case"] == pole.case]
    used: set[tuple[str, int]] = set()
    quotes = []
    for tie in [t for t in result.ties if t.case == pole.case]:
        rows = evidence[
            (evidence["organisation_a"] == tie.a) & (evidence["organisation_b"] == tie.b)
        ]
        found: list[tuple[tuple[str, int], str]] = []
        for row in rows.to_dict(orient="records"):
            here = (row["document"], row["segment"])
            if here in used:
                continue
            spans = [
                (m.start - row["start"], m.end - row["start"])
                for m in result.mentions
                if (m.document, m.segment) == here and m.member in (tie.a, tie.b)
            ]
            text = tie_quotation(str(row["text"]), spans)
            if text:
                found.append((here, text))
            if text and spoken_chars(text) >= MIN_CHARS:
                break
        if found:
            here, text = next(
                (item for item in found if spoken_chars(item[1]) >= MIN_CHARS), found[0]
            )
            used.add(here)
            quotes.append(TieQuote(tie.a, tie.b, tie.weight, here[0], text))
        if len(quotes) == QUOTES:
            break
    return PoleSection(
        case=pole.case,
        name=names.get(pole.case, pole.name),
        configuration=pole.reading.configuration,
        coordination=pole.reading.coordination,
        why=plain_reading(pole.reading),
        members_listed=len(pole.members),
        never_named=pole.never_named,
        ties=quotes,
        graph=pole.graph,
        members=pole.members,
        read=pole.read,
    )


def plain_reading(reading: Reading) -> str:
    """Why a pole's network reads as it does, for a pole's director: what the form and the
    coordination mean in plain French, then the figures of the reading (``reading.why``,
    with the measures' technical names). A network that is not read (too few ties, not coded,
    members not listed) has only its reason, already plain."""
    form = PLAIN_FORMS.get(reading.configuration)
    if form is None:
        return reading.why
    coordination = PLAIN_COORDINATION.get(reading.coordination)
    said = f"{form} ; {coordination}" if coordination else form
    return f"{said} — en chiffres : {reading.why}"


def tie_quotation(text: str, spans: list[tuple[int, int]]) -> str:
    """A segment (``text``) quoted for the tie whose members it names at ``spans`` (offsets
    in ``text``), as the other chapters quote (analysis/quotations.py): the sentences that
    name them, whole, « […] » only where a sentence is cut; without the transcriber's marks
    (« (rires) » dropped, what was not heard « […] »). Where no name has a word of four
    letters or more to find it by (« GE », « CAE »), the segment's first sentences. Empty
    when the segment is nothing but marks."""
    passage = without_marks(text)
    if not any(character.isalnum() for character in passage):  # only « (rires) »
        return ""
    names = terms_of(*(text[start:end] for start, end in spans))
    quoted, _ = focus(passage, names) if names else quotation(passage)
    return quoted


def draw_network_figures(chapter: NetworkChapter, folder: Path) -> None:
    """A drawing per pole (PNG, SVG) in the report's figures folder, each in a file of its
    own (``files.distinct_file_names``: two poles whose names differ only by letter case or
    accents are two files on macOS and Windows too). A pole with no tie has none: its
    members without a line between them say nothing its text does not (« 0 lien »)."""
    files = distinct_file_names(section.case for section in chapter.poles)
    for section in chapter.poles:
        if section.read and section.graph.number_of_edges():
            section.charts["network"] = draw_pole(
                section.graph,
                section.members,
                f"{section.name} : réseau de coopération (lecture : {section.configuration})",
                folder / f"reseau-{files[section.case]}",
            )
