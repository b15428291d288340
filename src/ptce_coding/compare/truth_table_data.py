"""The data of a truth table (csQCA): pole × conditions and outcome as 0/1, from codes
(present in a pole when coded in at least ``min_segments`` of its segments) or case attributes;
the poles it leaves out, and how each attribute was read."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping, Sequence

import pandas as pd

from ptce_coding.base.attribute_names import attribute_name
from ptce_coding.codebook.model import Codebook
from ptce_coding.compare.attribute_values import ABSENT_VALUES, UNKNOWN_VALUES, plain_value
from ptce_coding.compare.ca import AnalysisError
from ptce_coding.compare.pole_tables import CompareInputs


def crisp_data(
    inputs: CompareInputs,
    codebook: Codebook,
    names: list[str],
    *,
    min_segments: int = 1,
    pole_names: Mapping[str, str] | None = None,
) -> tuple[pd.DataFrame, dict[str, str]]:
    """Pole × names as 0/1, and how each column was made (French, for the report).

    A name is a code id (present when coded in at least ``min_segments`` of the pole's
    segments, sub-codes included), a case attribute (present unless empty or non/no/false/0),
    or ``attribute=value`` (present when the attribute has that value). A leading ``~`` (the
    outcome's absence) is kept for the truth table and not looked up here. The poles
    :func:`left_out_of_truth_table` names are not rows of the table. ``pole_names``: the
    poles' names in a report (see :func:`pole_names_said`).
    """
    if min_segments < 1:
        raise AnalysisError("the presence threshold must be at least 1 segment")
    columns: dict[str, pd.Series] = {}
    meaning: dict[str, str] = {}
    codes = {code.id for code in codebook.codes}
    left_out = left_out_of_truth_table(inputs, codebook, names)
    poles = [pole for pole in inputs.counts.index if str(pole) not in left_out]
    if left_out and len(poles) < 2:
        refuse_too_few_coded(left_out, len(poles), pole_names)
    # a pole left out is not read: its attributes may be blank (a pole just added)
    attributes_read = inputs.attributes.reindex(poles)
    for raw in names:
        name = raw.strip().lstrip("~")
        if name in columns:
            continue
        attribute, _, wanted = name.partition("=")
        if name in inputs.structural:
            raise AnalysisError(
                f"{name} is a code of the interview's structure (`ptce-coding structure`): it "
                "says where a passage is in the interview, not what it is about",
                report=f"« {name} » est un code de la structure de l'entretien : il dit où se "
                "trouve un passage, pas de quoi il parle",
                hint="Give codes of the codebook's grid, or case attributes.",
            )
        if name in codes:
            found = inputs.code_segments(codebook, name).reindex(poles)
            columns[name] = (found >= min_segments).astype(int)
            meaning[name] = (
                f"code {name} ({codebook.get(name).label}) dans au moins "
                f"{segments_fr(min_segments)} du pôle, sous-codes compris"
            )
        elif attribute in attributes_read.columns:
            values = attributes_read[attribute]
            missing = values.isna()
            # pandas keeps a missing value missing through astype(str): read as empty text
            text = values.where(~missing, "").astype(str).str.strip()
            plain = text.map(plain_value)
            unknown = plain.isin(UNKNOWN_VALUES) & ~missing
            if missing.any() or unknown.any():
                empty, vide = pole_names_said(values.index[missing], pole_names)
                odd, inconnu = pole_names_said(text.index[unknown], pole_names)
                said = [f"{pole} ({text[case]!r}: unknown)" for case, pole in odd.items()]
                dit = [f"{pole} (« {text[case]} » : inconnu)" for case, pole in inconnu.items()]
                raise AnalysisError(
                    f"attribute {attribute!r} has no value for "
                    f"{', '.join([*empty.values(), *said])}: fill it in cases.csv (a truth "
                    "table needs every pole)",
                    report=f"l'attribut « {attribute} » n'a pas de valeur pour "
                    f"{', '.join([*vide.values(), *dit])} (cases.csv) : une table de vérité "
                    "demande tous les pôles",
                )
            if "=" in name and not wanted.strip():
                raise AnalysisError(
                    f"{name!r}: attribute=value needs the value after `=`",
                    report=f"« {name} » : il manque la valeur après « = »",
                )
            if wanted:
                columns[name] = (plain == plain_value(wanted)).astype(int)
                meaning[name] = f"« {attribute_name(attribute)} » = « {wanted.strip()} »"
            else:
                columns[name] = (~plain.isin(ABSENT_VALUES)).astype(int)
                meaning[name] = f"« {attribute_name(attribute)} » renseigné et différent de « non »"
        else:
            attributes = ", ".join(map(str, inputs.attributes.columns)) or "none"
            known = [*map(str, inputs.attributes.columns), *sorted(codes)]
            close = difflib.get_close_matches(attribute, known, n=1, cutoff=0.6)
            guess = f" (did you mean {close[0]}?)" if close else ""
            raise AnalysisError(
                f"{name!r} is neither a code of the codebook nor a case attribute{guess}",
                report=f"« {name} » n'est ni un code de la grille ni un attribut des pôles"
                + (f" (peut-être {close[0]} ?)" if close else ""),
                hint=f"Case attributes: {attributes}. Codes: see `ptce-coding codebook show`.",
            )
    return pd.DataFrame(columns, index=pd.Index(poles, name=inputs.counts.index.name)), meaning


def segments_fr(count: int) -> str:
    """« 1 segment », « 2 segments »."""
    return f"{count} segment" + ("s" if count > 1 else "")


def left_out_of_truth_table(
    inputs: CompareInputs, codebook: Codebook, names: Sequence[str]
) -> list[str]:
    """The poles a truth table on ``names`` leaves out: those where nothing is coded yet, when
    a name is a code (every code would read as absent there, and a pole not coded yet is not
    a pole without the codes), as the CA and the typology leave them out; none when every
    name is a case attribute, which a pole has whether it is coded or not."""
    codes = {code.id for code in codebook.codes}
    if not any(raw.strip().lstrip("~") in codes for raw in names):
        return []
    return inputs.uncoded


def refuse_too_few_coded(
    left_out: list[str], remaining: int, names: Mapping[str, str] | None = None
) -> None:
    """Fewer than two poles left once those where nothing is coded are left out: no truth
    table, and the reason is these poles. ``names``: the poles' names in a report (case →
    name, in the report's order), which its text gives and the terminal gives beside the
    case that --cases takes; without them, the cases."""
    said, named = pole_names_said(left_out, names)
    raise AnalysisError(
        f"a truth table needs at least 2 poles where something is coded (here {remaining}): "
        f"nothing is coded in {', '.join(said.values())}, every code would read as absent "
        "there",
        report="une table de vérité demande au moins 2 pôles où quelque chose est codé "
        f"(ici {remaining}) : rien n'est codé pour {', '.join(named.values())}, chaque code y "
        "serait lu comme absent",
        hint="Code these poles' interviews first (`ptce-coding code`, then `review`), or "
        "compare case attributes only.",
    )


def pole_names_said(
    cases: Iterable[object], names: Mapping[str, str] | None
) -> tuple[dict[str, str], dict[str, str]]:
    """``cases`` as a message names them, in the order of ``names`` (a report's poles, case →
    name, in its order): {case: « Pôle Nord (pole-nord) »} for the terminal, where --cases
    takes the case, and {case: « Pôle Nord »} for the report's text; the case alone without
    a name."""
    names = names or {}
    rank = {case: i for i, case in enumerate(names)}
    ordered = sorted(map(str, cases), key=lambda case: (rank.get(case, len(rank)), case))
    return (
        {c: f"{names[c]} ({c})" if names.get(c, c) != c else c for c in ordered},
        {c: names.get(c, c) for c in ordered},
    )


def attribute_readings(
    attributes: pd.DataFrame, data: pd.DataFrame, names: Sequence[str]
) -> dict[str, tuple[list[str], list[str]]]:
    """How ``crisp_data`` read each attribute of ``names`` (codes left out): {name: (the
    values read as present, those read as absent)}, so that a « Non. » or « oui ? » read the
    way it was not meant shows."""
    found = {}
    for name in dict.fromkeys(names):
        if name in attributes.columns and name in data.columns:
            values = attributes[name].reindex(data.index).astype(str).str.strip()
            found[name] = (
                sorted(set(values[data[name] == 1])),
                sorted(set(values[data[name] == 0])),
            )
    return found
