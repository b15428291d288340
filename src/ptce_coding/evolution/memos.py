"""Memos: checking what they are about, and exporting them as Markdown."""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from ptce_coding.base.errors import PtceError
from ptce_coding.base.records import MemoRow
from ptce_coding.codebook.model import Codebook, did_you_mean
from ptce_coding.store import Store

HEADINGS = {
    "project": "Projet",
    "case": "Pôles",
    "document": "Entretiens",
    "code": "Codes",
    "coding": "Passages codés",
}


def check_target(
    store: Store,
    codebook: Codebook,
    kind: str,
    target: str,
    consequence: str = "the memo was not written",
) -> None:
    """A memo is about something that exists (``consequence``: what a target that does not
    exist means for the command: `memo add` writes nothing, `memo list` would list nothing)."""
    checks: dict[str, Callable[[], bool]] = {
        "project": lambda: True,
        "code": lambda: target in codebook,
        "document": lambda: store.document(store.stored_document_name(target)) is not None,
        "case": lambda: store.stored_case_name(target) in store.cases(),
        "coding": lambda: target.isdigit() and bool(store.coding_by_id(int(target))),
    }
    exists = checks[kind]()
    if not exists:
        raise PtceError(
            f"no {kind} {target!r} in this project{_nearest(store, codebook, kind, target)}: "
            f"{consequence}",
            hint=_LISTS.get(kind),
        )


_LISTS = {
    "code": "`ptce-coding codebook show` lists the codes.",
    "document": "`ptce-coding documents` lists the documents (with their case folder).",
    "case": "`ptce-coding documents` lists the cases.",
    "coding": "The `id` column of `ptce-coding codings export` gives a coding's id.",
}


def _nearest(store: Store, codebook: Codebook, kind: str, target: str) -> str:
    """« (did you mean …?) » for a code, document or case close to ``target``; else ""."""
    if kind == "code":
        return codebook.did_you_mean(target)
    if kind == "case":
        return did_you_mean(target, store.cases())
    if kind == "document":
        return nearest_document(target, [d.name for d in store.documents()])
    return ""


def nearest_document(name: str, known: list[str]) -> str:
    """« (did you mean pole-a/x.txt?) »: the documents whose name ends with ``name`` (typed
    without its case folder), else those close to it; "" when none."""
    tails = [k for k in known if k.endswith("/" + name.lstrip("/"))]
    return f" (did you mean {' or '.join(tails[:3])}?)" if tails else did_you_mean(name, known)


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
