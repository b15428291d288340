"""The codebook's changes during the analysis, in French, as the research annex lists them
(« 7 décembre 2026, claire : fusion de A dans B »), and the consensus decisions a change set
aside (evolution/consensus_carry.py: a « no » that, on the code its code became, would take
out codings the group did not refuse), which the annex's method and the restitution's
method note say."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ptce_coding.report.formatting import fr_count, fr_date
from ptce_coding.report.synthesis_model import Synthesis

OPERATIONS = {
    "rename": "renommage",
    "merge": "fusion",
    "split": "scission",
    "retire": "retrait",
    "unretire": "remise en usage",
    "move": "déplacement",
    "undo": "annulation",
}

MAX_LISTED = 8  # codes an import added, named in its line of the report


def _codes(codes: object) -> str:
    """« A », « A, B et C »: code ids as the change names them."""
    names = [str(c) for c in codes] if isinstance(codes, list | tuple) else [str(codes)]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} et {names[-1]}"


def _change_text(change: dict[str, Any]) -> str:
    """One codebook operation in French, with its codes: « renommage de A en B »."""
    operation = str(change.get("operation", ""))
    mapping = {str(a): str(b) for a, b in (change.get("mapping") or {}).items()}
    code = change.get("code")
    if operation == "rename" and change.get("old"):
        return f"renommage de {change['old']} en {change['new']}"
    if operation == "merge" and change.get("into"):
        return f"fusion de {_codes(change.get('sources') or list(mapping))} dans {change['into']}"
    if operation == "split" and change.get("source"):
        return f"scission de {change['source']} en {_codes(change.get('into') or [])}"
    if operation == "retire" and code:
        return f"retrait de {code}"
    if operation == "unretire" and code:
        return f"remise en usage de {code}"
    if operation == "move" and code:
        parent = change.get("parent")
        where = f"sous {parent}" if parent else "au premier niveau de la grille"
        now = mapping.get(str(code))
        return f"déplacement de {code} {where}" + (
            f" (il devient {now})" if now and now != code else ""
        )
    if operation == "import" and change.get("codes_added"):
        added = [str(c) for c in change["codes_added"]]
        listed = _codes(added[:MAX_LISTED]) + (" …" if len(added) > MAX_LISTED else "")
        source = f" de {Path(str(change['file'])).name}" if change.get("file") else ""
        return f"import{source} de {len(added)} code{'s' if len(added) > 1 else ''} : {listed}"
    # a change an earlier version wrote with its mapping only
    moves = ", ".join(f"{a} → {b}" for a, b in mapping.items())
    verb = OPERATIONS.get(operation, f"modification « {operation} »")
    return f"{verb} {moves or code or ''}".strip()


def codebook_changes(synthesis: Synthesis) -> list[str]:
    """The codebook's changes during the analysis, oldest first, in French: « 7 décembre
    2026, claire : fusion de A dans B »; a change undone later says so, and the undo says
    which change it took back."""
    changes = synthesis.method.changes
    by_journal = {c.get("journal"): c for c in changes if c.get("journal")}
    undone_at = {
        str(c.get("undone")): str(c.get("at", "")) for c in changes if c.get("operation") == "undo"
    }
    lines = []
    for change in changes:
        head = f"{fr_date(str(change.get('at', '')))}, {change.get('actor', '')} : "
        if change.get("operation") == "undo":
            target = by_journal.get(change.get("undone"))
            what = (
                f"de la modification du {fr_date(str(target.get('at', '')))} "
                f"({_change_text(target)})"
                if target is not None
                else "de la dernière modification "
                f"({OPERATIONS.get(str(change.get('undoes')), 'inconnue')})"
            )
            lines.append(f"{head}annulation {what}")
            continue
        text = head + _change_text(change)
        if change.get("journal") in undone_at:
            text += f" (annulé le {fr_date(undone_at[str(change.get('journal'))])})"
        lines.append(text)
    return lines


def set_aside(synthesis: Synthesis) -> list[tuple[dict[str, Any], list[dict[str, Any]]]]:
    """The changes that set consensus decisions aside, oldest first, each with those still
    set aside (not put back since: ``analysis.synthesis_data.codebook_changes``)."""
    found = []
    for change in synthesis.method.changes:
        out = [d for d in change.get("set_aside_decisions") or [] if not d.get("back")]
        if out:
            found.append((change, out))
    return found


def _decisions(out: list[dict[str, Any]]) -> str:
    """« 1 décision « non » du consensus (consensus) », « 2 décisions « non » … »."""
    coders = sorted({str(d.get("coder") or "") for d in out} - {""})
    whose = f" ({', '.join(coders)})" if coders else ""
    return f"{fr_count(len(out), 'décision')} « non » du consensus{whose}"


def set_aside_notes(synthesis: Synthesis) -> list[str]:
    """The research annex's sentences on the consensus decisions a codebook change set
    aside and that are still out: how many, by which change, what it means for the figures
    and how to put them back (`codebook undo`) or decide again; none without any."""
    notes = []
    for change, out in set_aside(synthesis):
        one = len(out) < 2
        date = fr_date(str(change.get("at", "")))
        notes.append(
            f"{_decisions(out)} {'a été mise' if one else 'ont été mises'} de côté par la "
            f"modification du {date} ({_change_text(change)}) : sur le code qui en est issu, "
            f"{'elle aurait' if one else 'elles auraient'} retiré des codages que l'équipe "
            f"n'avait pas refusés. {'Elle reste' if one else 'Elles restent'} dans l'historique "
            f"du projet, et les codages qu'{'elle retirait' if one else 'elles retiraient'} "
            "comptent de nouveau dans les chiffres. `ptce-coding codebook undo` "
            f"{'la' if one else 'les'} remet en place en annulant cette modification (les "
            "modifications s'annulent de la plus récente à la plus ancienne) ; l'équipe peut "
            "aussi trancher de nouveau ces passages (`ptce-coding agreement … --disagreements`)."
        )
    return notes


def set_aside_said(synthesis: Synthesis) -> str:
    """The restitution's method note's words on the same decisions, without the commands:
    « 1 décision de consensus a été mise de côté par une modification de la grille de codage
    (fusion de A et B dans C, 7 décembre 2026) : les codages qu'elle retirait comptent de
    nouveau (détail dans l'annexe de recherche). »; empty without any."""
    found = set_aside(synthesis)
    if not found:
        return ""
    total = sum(len(out) for _, out in found)
    one = total < 2
    changes = "; ".join(
        f"{_change_text(change)}, {fr_date(str(change.get('at', '')))}" for change, _ in found
    )
    return (
        f"{fr_count(total, 'décision')} de consensus {'a été mise' if one else 'ont été mises'}"
        f" de côté par {'une modification' if len(found) < 2 else 'des modifications'} de la "
        f"grille de codage ({changes}) : les codages "
        f"qu'{'elle retirait' if one else 'elles retiraient'} comptent de nouveau (détail dans "
        "l'annexe de recherche)."
    )
