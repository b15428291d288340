"""Truth-table columns that hold one value for every pole (`Constant`): they set no pole
apart, and the command line refuses them, saying why."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ptce_coding.codebook.model import Codebook
from ptce_coding.compare.ca import AnalysisError
from ptce_coding.compare.pole_tables import CompareInputs
from ptce_coding.compare.truth_table_data import segments_fr


@dataclass(frozen=True)
class Constant:
    """A truth-table column that holds one value for every pole: it sets no pole apart.
    ``message`` (English) and ``report`` (French) say why; ``values``: what the attribute
    takes, for the hint (empty for a code)."""

    name: str
    value: int
    message: str
    report: str
    values: str = ""


def constant_columns(
    data: pd.DataFrame,
    inputs: CompareInputs,
    codebook: Codebook,
    names: list[str],
    *,
    min_segments: int = 1,
) -> list[Constant]:
    """The columns of ``data`` (from :func:`crisp_data` on ``names``) equal for every pole,
    each said in plain words: ``forme_juridique=SCOP`` that no pole has, a code coded
    nowhere, an attribute every pole fills in."""
    if len(data) < 2:
        return []  # one pole: nothing to compare (truth_table refuses it)
    codes = {code.id for code in codebook.codes}
    found: list[Constant] = []
    for raw in names:
        name = raw.strip().lstrip("~")
        column = data[name]
        if column.nunique() != 1:
            continue
        value = int(column.iloc[0])
        every = "every pole" if value else "no pole"
        tous = "tous les pôles ont" if value else "aucun pôle n'a"
        attribute, _, wanted = name.partition("=")
        if name in codes:
            counted = inputs.code_segments(codebook, name).reindex(data.index)
            most = int(counted.max())
            if value:
                message = f"coded in at least {min_segments} segment(s) in every pole"
                report = (
                    f"tous les pôles ont le code {name} dans au moins {segments_fr(min_segments)}"
                )
            else:
                message = (
                    f"coded in at least {min_segments} segment(s) in no pole; at most {most} "
                    "in a pole"
                )
                report = (
                    f"aucun pôle n'a le code {name} dans au moins {segments_fr(min_segments)}, "
                    f"au plus {most} dans un pôle"
                )
            found.append(Constant(name, value, message, report))
            continue
        # the values of the poles in the table: a pole left out (nothing coded) is not one
        held = inputs.attributes[attribute].reindex(data.index).astype(str).str.strip()
        values = ", ".join(f"{v} ({n})" for v, n in held.value_counts().items())
        if wanted:
            message = f"{every} has {attribute} = {wanted.strip()!r}"
            report = f"{tous} {attribute} = « {wanted.strip()} »"
        else:
            message = f"{every} has a value for {attribute} other than empty or non/no/false/0"
            report = f"{tous} l'attribut {attribute} renseigné"
        found.append(Constant(name, value, message, report, values=f"{attribute}: {values}"))
    return found


def refuse_constant(constants: list[Constant], outcome: str) -> None:
    """A constant condition or outcome refused (the command line: the user picks again)."""
    if not constants:
        return
    lines = []
    for constant in constants:
        role = "the outcome" if constant.name == outcome.lstrip("~") else "condition"
        lines.append(f"{role} {constant.name} sets no pole apart ({constant.message})")
    values = [c.values for c in constants if c.values]
    raise AnalysisError(
        "; ".join(lines),
        hint=("Values taken (number of poles): " + "; ".join(values) + ". " if values else "")
        + "Choose conditions and an outcome that differ between the poles.",
    )
