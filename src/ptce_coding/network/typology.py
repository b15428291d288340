"""A reading of Gianfaldoni's typology from the measures, with its thresholds stated.

The seminar's typology (monocentrique, monocentrique élargie, polycentrique, multipolaire;
coordination verticale or horizontale) was built from case studies, not from networks: this
reading is an aid to discussion, to be set against what the researchers coded and know.
"""

from __future__ import annotations

from dataclasses import dataclass

from ptce_coding.network.measures import PoleMeasures

# Below 3 ties the count alone makes the shape: one tie joins a pair; two ties share a member
# (a « star » of two, its member in 100 % of the ties) or do not (two pairs). From 3 ties a
# star, a triangle, a chain and separate pairs can be told apart.
MIN_TIES = 3
ISOLATED_MAX = 0.5  # past this share of named members without a tie, no reading
MONOCENTRIC_CENTRALISATION = 0.6  # degree centralisation at least this…
MONOCENTRIC_SHARE = 0.5  # …and the most central member in at least half of the ties
EXTENDED_CORE = (2, 3)  # a core of 2 or 3 members…
EXTENDED_FIT = 0.5  # …fitting the core/periphery model at least this well…
EXTENDED_CENTRALISATION = 0.3  # …in a network still centralised at least this much…
EXTENDED_SHARE = 0.4  # …whose most central member is in at least this share of the ties
MULTIPOLAR_MODULARITY = 0.3  # groups of ≥ 3 members, loosely tied: modularity at least this
VERTICAL_BETWEENNESS = 0.5  # betweenness centralisation from which coordination is vertical

TYPES = ("monocentrique", "monocentrique élargie", "polycentrique", "multipolaire")


def _f1(value: float) -> str:
    return f"{value:.1f}".replace(".", ",")


RULES_FR = (
    f"pas de lecture sous {MIN_TIES} liens, ni quand plus de {ISOLATED_MAX:.0%} des membres "
    f"cités n'ont aucun lien ; monocentrique : centralisation de degré ≥ "
    f"{_f1(MONOCENTRIC_CENTRALISATION)} et membre le plus central présent dans au moins "
    f"{MONOCENTRIC_SHARE:.0%} des liens, ou un même membre dans tous les liens ; "
    f"monocentrique élargie : noyau de {EXTENDED_CORE[0]} ou {EXTENDED_CORE[1]} membres "
    f"(ajustement cœur/périphérie ≥ {_f1(EXTENDED_FIT)}) et centralisation de degré ≥ "
    f"{_f1(EXTENDED_CENTRALISATION)}, le membre le plus central restant dans au moins "
    f"{EXTENDED_SHARE:.0%} des liens ; multipolaire : plusieurs groupes d'au moins 3 membres "
    f"peu liés entre eux (modularité ≥ {_f1(MULTIPOLAR_MODULARITY)}) ou plusieurs composantes "
    "d'au moins 2 membres ; polycentrique : les autres cas (des liens qui ne passent pas par "
    "le membre le plus central). Coordination verticale quand la centralisation "
    "d'intermédiarité est ≥ "
    f"{_f1(VERTICAL_BETWEENNESS)}, horizontale sinon."
).replace("%", "\u202f%")


@dataclass(frozen=True)
class Reading:
    configuration: str  # one of TYPES, « indéterminé », or NOT_CODED
    coordination: str  # verticale, horizontale, indéterminée, or « non lue »
    why: str  # in French, with the figures


NOT_CODED = "non codé"  # as the rest of the report says of a pole nobody has coded yet
NOT_LISTED = "membres non listés"
# A pole none of whose interviews has a coding counted: its cooperation segments are not
# known yet, so its members named without a tie say nothing of how they work together.
UNCODED = Reading(
    NOT_CODED,
    "non lue",
    "aucun entretien du pôle n'est encore codé : ses liens de coopération ne sont pas encore lus",
)


def unlisted(members_file: str) -> Reading:
    """The reading of a pole with interviews whose members ``members_file`` does not list:
    no member can be found in its interviews, so it has no network to read (not « none »)."""
    return Reading(
        NOT_LISTED,
        "non lue",
        f"aucun membre du pôle n'est listé dans {members_file} : son réseau n'est pas lu",
    )


def _fr(value: float) -> str:
    return f"{value:.2f}".replace(".", ",")


def read_typology(
    measures: PoleMeasures,
    groups: int,
    modularity: float | None,
    big_components: int,
    isolated: int = 0,
) -> Reading:
    """``groups``: communities of ≥ 3 members (greedy modularity); ``big_components``:
    connected components of ≥ 2 members; ``isolated``: named members without a tie.

    Below :data:`MIN_TIES` ties, or with no centralisation (fewer than 3 members), the
    reading is « indéterminé », and the configuration is not compared with the governance.
    """
    m = measures
    if m.ties < MIN_TIES or m.degree_centralisation is None:
        return Reading(
            "indéterminé",
            "indéterminée",
            f"trop peu de liens pour lire une forme : {_ties(m.ties)}, il en faut au moins "
            f"{MIN_TIES}",
        )
    if isolated > ISOLATED_MAX * m.members:
        return Reading(
            "indéterminé",
            "indéterminée",
            f"{isolated} des {m.members} membres cités n'ont aucun lien documenté par un "
            "segment de coopération : trop peu de liens pour une lecture",
        )
    cd, share = m.degree_centralisation, m.most_central_share or 0.0
    coordination = (
        "verticale"
        if (m.betweenness_centralisation or 0.0) >= VERTICAL_BETWEENNESS
        else "horizontale"
    )
    if cd >= MONOCENTRIC_CENTRALISATION and share >= MONOCENTRIC_SHARE:
        why = (
            f"centralisation de degré {_fr(cd)} ; {m.most_central} est dans {_pc(share)} des liens"
        )
        return Reading("monocentrique", coordination, why)
    if share >= 1.0:  # a star among the members tied, its centralisation lowered by the others
        why = (
            f"tous les liens passent par {m.most_central} ({_pc(share)} des liens) ; "
            f"centralisation de degré {_fr(cd)}"
        )
        if isolated:
            why += f", abaissée par {_members_without_tie(isolated)}"
        return Reading("monocentrique", coordination, why)
    if big_components >= 2 or (
        groups >= 2 and modularity is not None and modularity >= MULTIPOLAR_MODULARITY
    ):
        why = (
            f"{big_components} composantes séparées"
            if big_components >= 2
            else f"{groups} groupes peu liés entre eux (modularité {_fr(modularity or 0)})"
        )
        return Reading("multipolaire", coordination, why)
    low, high = EXTENDED_CORE
    if (
        low <= len(m.core) <= high
        and (m.core_fit or 0.0) >= EXTENDED_FIT
        and cd >= EXTENDED_CENTRALISATION
        and share >= EXTENDED_SHARE
    ):
        why = (
            f"noyau de {len(m.core)} membres ({', '.join(m.core)}), ajustement "
            f"{_fr(m.core_fit or 0)} ; centralisation de degré {_fr(cd)}"
        )
        return Reading("monocentrique élargie", coordination, why)
    # share < 1 here: at least one tie leaves the most central member out
    others = m.ties - round(share * m.ties)
    verb = "joint" if others == 1 else "joignent"
    why = (
        f"centralisation de degré {_fr(cd)} ; le membre le plus central est dans {_pc(share)} "
        f"des liens : {others} des {m.ties} liens {verb} d'autres membres entre eux"
    )
    return Reading("polycentrique", coordination, why)


def _pc(share: float) -> str:
    """« 67 % », with the narrow no-break space of the rest of the report; never « 100 % »
    for a share short of it (199 of 200 ties is not every tie)."""
    text = f"{share:.0%}"
    if share < 1.0 and text == "100%":
        text = "plus de 99%"
    return text.replace("%", "\u202f%")


def _ties(count: int) -> str:
    return f"{count} lien" if count <= 1 else f"{count} liens"


def _members_without_tie(isolated: int) -> str:
    if isolated == 1:
        return "1 membre cité sans lien"
    return f"{isolated} membres cités sans lien"


def family(text: str | None) -> str | None:
    """monocentric or polycentric, from a reading or a governance attribute in French."""
    if not text:
        return None
    lowered = text.lower()
    if "mono" in lowered:
        return "monocentric"
    if "poly" in lowered or "multi" in lowered or "hétérarch" in lowered:
        return "polycentric"
    return None
