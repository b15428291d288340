"""What a tagger's run says beside its suggestions: what it wrote again, new and withdrawn,
and the findings it left under ``coding.min_confidence`` with how to read them (`code`,
`run`, `suggest`)."""

from __future__ import annotations

from typing import Protocol

from ptce_coding.tagging.far_documents import shown, shown_cut


class _Replacing(Protocol):
    removed: int
    added: int
    kept: int
    skipped_decided: int


class _Leaving(Protocol):
    below: list[float]


def replaced_note(run: _Replacing) -> str:
    """« 26 made again, 0 new, 0 earlier withdrawn, 1 left out where a coder had already
    decided »: a suggestion made again keeps its row and id (``Store.replace_suggestions``),
    so a second run that changes nothing says so, not that it replaced them."""
    return (
        f"{run.kept} made again, {run.added - run.kept} new, {run.removed - run.kept} earlier "
        f"withdrawn, {run.skipped_decided} left out where a coder had already decided"
    )


LOWER_THRESHOLDS = (0.25, 0.15, 0.05)  # the thresholds `code` counts the findings above


def threshold_lines(run: _Leaving, threshold: float) -> list[str]:
    """What the findings left under ``threshold`` that no coder decided yet are, and how to
    read them: « 94 finding(s) no coder decided are under the threshold, the highest at 0.34
    (5 reach 0.25, 18 reach 0.15, 61 reach 0.05). To read them too, … ». The highest is cut,
    not rounded, to two decimals: 0.3499 under a threshold of 0.35 reads 0.34, not 0.35."""
    if not run.below:
        return []
    reached = {level: sum(value >= level for value in run.below) for level in LOWER_THRESHOLDS}
    counts = [f"{n} reach {level:.2f}" for level, n in reached.items() if n and level < threshold]
    reach = f" ({', '.join(counts)})" if counts else ""
    return [
        f"{len(run.below)} finding(s) no coder decided yet are under the threshold, the highest "
        f"at {shown(max(run.below))}{reach}. To read them too, lower coding.min_confidence in "
        "project.yaml (0 writes every finding) and run `ptce-coding code` again; a suggestion "
        "you reject is not made again."
    ]


FAR_NAMES = 5  # documents a far note names before « and N more »


def far_lines(far: dict[str, float], cut: float, context_codes: tuple[str, ...]) -> list[str]:
    """Which documents the rules read as far from what the codebook describes
    (``RuleRun.far``), and what that does to their suggestions (tagging/far_documents.py)."""
    if not far:
        return []
    named = [f"{name} ({shown(value)})" for name, value in sorted(far.items())]
    more = f" and {len(named) - FAR_NAMES} more" if len(named) > FAR_NAMES else ""
    under = shown_cut(cut)
    return [
        f"{len(far)} document(s) far from what the codebook describes (closeness under "
        f"{under}, coding.far_closeness): {', '.join(named[:FAR_NAMES])}{more}. There, what "
        f"the rules find of {', '.join(context_codes)} (the codebook's context_codes) is "
        "suggested as likely where the talk dwells on them (a long answer, other passages "
        "near it), the rest as rarely right. If one of them is an interview about "
        "a pole, lower coding.far_closeness in project.yaml (0 reads none as far) and run "
        "`ptce-coding code` again."
    ]
