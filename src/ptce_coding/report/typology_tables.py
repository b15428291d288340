"""The typology of the chapter « Typologie des pôles », in French: each pole's type beside its
governance (attribute and codes) and its network's reading, and each type described by its
characteristic codes (test values) and attribute values."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ptce_coding.base.attribute_names import attribute_name
from ptce_coding.codebook.model import Codebook
from ptce_coding.compare.comparison import Comparison
from ptce_coding.report.formatting import fr_count, fr_decimal

GOVERNANCE_CODED = ("GOUV.CONFIGURATION.MONOCENTRIQUE", "GOUV.CONFIGURATION.POLYCENTRIQUE")


@dataclass(frozen=True)
class TypeDescription:
    number: int
    poles: list[str]
    codes: list[str]  # French sentences
    attributes: list[str]


@dataclass
class TypologyTables:
    """What the chapter shows of a typology: its ``method`` and cut ``criterion``, the
    ``notes`` on one-pole types, the ``types`` table (pôle → type, gouvernance, lecture du
    réseau) and each type's ``descriptions``."""

    method: str
    criterion: str
    notes: list[str] = field(default_factory=list)
    types: pd.DataFrame | None = None
    descriptions: list[TypeDescription] = field(default_factory=list)


def typology_tables(
    comparison: Comparison,
    codebook: Codebook,
    names: dict[str, str],
    labels: dict[str, str],
    readings: dict[str, str],
) -> TypologyTables:
    """``names``: pole → the name the report gives it; ``labels``: code id → « id — label »;
    ``readings``: pole → the cooperation network's reading (monocentrique …), if any."""
    typology = comparison.typology
    assert typology is not None
    tables = TypologyTables(
        method=(
            "critère de Ward sur les coordonnées des pôles sur tous les axes de l'AFC"
            if typology.method == "ward"
            else "lien moyen sur la distance de Jaccard entre les codes présents"
        ),
        criterion=typology.criterion,
    )
    alone = [str(t) for t, size in typology.types.value_counts().sort_index().items() if size == 1]
    if alone:
        tables.notes.append(
            (
                f"Type d'un seul pôle : {alone[0]}. Ses codes caractéristiques décrivent ce "
                "pôle, pas un groupe ; leur valeur-test n'est pas un test."
            )
            if len(alone) == 1
            else (
                f"Types d'un seul pôle : {', '.join(alone)}. Leurs codes caractéristiques "
                "décrivent chacun un pôle, pas un groupe ; leur valeur-test n'est pas un test."
            )
        )
    attributes = comparison.inputs.attributes
    table = pd.DataFrame(index=typology.poles)
    table["type"] = typology.types
    if "gouvernance" in attributes.columns:
        table["gouvernance (attribut)"] = attributes["gouvernance"].reindex(typology.poles)
    codes = {code.id for code in codebook.codes}
    for code in GOVERNANCE_CODED:  # the governance typology as coded, when the grid has it
        if code in codes:
            found = comparison.inputs.code_segments(codebook, code)
            # no guillemets: a narrow column wrapped « » » alone on its line
            table[f"{code.rsplit('.', 1)[-1].lower()} (segments codés)"] = found.reindex(
                typology.poles
            )
    if readings:
        table["lecture du réseau"] = [readings.get(p, "") for p in typology.poles]
    table.index = [names.get(p, p) for p in table.index]
    tables.types = table
    for number in sorted(typology.types.unique()):
        codes = typology.codes[typology.codes["type"] == number]
        attrs = typology.attributes[typology.attributes["type"] == number]
        tables.descriptions.append(
            TypeDescription(
                number=int(number),
                poles=[names.get(p, p) for p in typology.members(int(number))],
                codes=[
                    # a no-break space before « % »: never « 0,4 » at a line's end, « % » below
                    f"{labels.get(r.code, r.code)} : {fr_decimal(r.mean_type)}\u00a0% des "
                    f"segments contre {fr_decimal(r.mean_all)}\u00a0% en moyenne (valeur-test "
                    f"{fr_decimal(r.test_value, 2)}"
                    + (", significative au seuil de 5\u00a0%" if r.significant else "")
                    + _tie(int(r.tied))
                    + ")"
                    for r in codes.itertuples()
                ],
                attributes=[
                    f"{attribute_name(str(r.attribute))} « {r.value} » : "
                    f"{fr_count(r.in_type, 'pôle')} sur {r.type_size} du type, contre "
                    f"{r.overall} sur {r.poles} au total"
                    for r in attrs.itertuples()
                ],
            )
        )
    return tables


def _tie(tied: int) -> str:
    """Said of a code whose test value others of its type share: all are listed, none
    picked among them."""
    if tied < 2:
        return ""
    others = tied - 1
    return ", à égalité avec " + fr_count(others, "autre code", "autres codes")
