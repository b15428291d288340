"""Memos: checking what they are about, and exporting them as Markdown."""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from ptce_coding.base.errors import PtceError
from ptce_coding.base.records import MemoRow
from ptce_coding.codebook.model import Codebook
from ptce_coding.store import Store

HEADINGS = {
    "project": "Projet",
    "case": "Pôles",
    "document": "Entretiens",
    "code": "Codes",
    "coding": "Passages codés",
}


def check_target(store: Store, codebook: Codebook, kind: str, target: str) -> None:
    """A memo is about something that exists."""
    checks: dict[str, Callable[[], bool]] = {
        "project": lambda: True,
        "code": lambda: target in codebook,
        "document": lambda: store.document(target) is not None,
        "case": lambda: store.stored_case_name(target) in store.cases(),
        "coding": lambda: target.isdigit() and bool(store.coding_by_id(int(target))),
    }
    exists = checks[kind]()
    if not exists:
        close = codebook.did_you_mean(target) if kind == "code" else ""
        raise PtceError(f"no {kind} {target!r} in this project{close}: the memo was not written")


def memos_markdown(memos: list[MemoRow], codebook: Codebook) -> str:
    lines = ["# Mémos", ""]
    for kind, heading in HEADINGS.items():
        mine = [m for m in memos if m.target_kind == kind]
        if not mine:
            continue
        lines += [f"## {heading}", ""]
        for memo in mine:
            about = memo.target
            if kind == "code" and about in codebook:
                about = f"{codebook.get(about).label} ({about})"
            title = f" — {_text(memo.title)}" if memo.title else ""
            lines += [
                f"### {_text(about)}{title}" if about else f"### Mémo {memo.id}{title}",
                "",
                f"*{_text(memo.author)}, {memo.updated_at[:10]}*",
                "",
                _text(memo.text.strip()),
                "",
            ]
    return "\n".join(lines)


def _text(value: str) -> str:
    """Memo text as Markdown text: raw HTML (« <script> », « <img onerror> ») is shown, not
    run by a Markdown viewer."""
    return escape(value, quote=False)
