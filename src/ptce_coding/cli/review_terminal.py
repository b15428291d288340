"""The review in the terminal, one suggestion at a time: the passage shown with its context
and evidence, a key per decision (accept, reject, move to another code, a passage one sentence
wider or narrower, skip, undo, quit)."""

from __future__ import annotations

import sys
from collections import Counter
from dataclasses import replace
from typing import TYPE_CHECKING

import click

from ptce_coding.base.errors import PtceError
from ptce_coding.cli.messages import info
from ptce_coding.review import queue as review_queue
from ptce_coding.review.code_search import find_codes
from ptce_coding.review.passage_steps import SPAN_STEPS, reshape
from ptce_coding.review.suggestion import context, evidence_spans

if TYPE_CHECKING:
    from ptce_coding.codebook.model import Codebook
    from ptce_coding.review.suggestion import Suggestion
    from ptce_coding.store import Store

KEYS = {
    "a": "accept",
    "r": "reject",
    "s": "skip",
    "u": "undo",
    "q": "quit",
    "m": "move",
    "(": "widen-start",
    "[": "narrow-start",
    "]": "narrow-end",
    ")": "widen-end",
}

NOT_YET = (
    "No suggestion to review yet: run `ptce-coding code` (rules) or `ptce-coding suggest` "
    "(the model, once codings are accepted)"
)


def review_loop(store: Store, book: Codebook, queue: list[Suggestion], reviewer: str) -> None:
    """The ``queue`` decided one suggestion at a time by ``reviewer``, until it ends or they
    quit; then what was decided, in one line."""
    if not queue:
        info("Nothing to review." if review_queue.ever_suggested(store) else NOT_YET)
        return
    history: list[tuple[int, Suggestion]] = []  # (position, suggestion) of decisions made
    made: dict[int, str] = {}  # position -> accept, passage (accepted on another passage),
    # reject, move or skip, as it stands now
    undone = 0
    position = 0
    shown: Suggestion | None = None
    while position < len(queue):
        suggestion = queue[position]
        if shown is None or shown.id != suggestion.id:
            shown = suggestion
        _show(store, book, shown, position, len(queue))
        key = _ask()
        if key == "quit":
            break
        if key == "undo":
            if not history:
                info("Nothing to undo.")
                continue
            position, back = history.pop()
            review_queue.undo(store, back.id, reviewer)
            undone += 1
            shown = None
            for later in [p for p in made if p >= position]:  # shown again from here
                del made[later]
            info(f"Undone: {back.code} on {back.document} is pending again.")
            continue
        if key in SPAN_STEPS:
            try:
                start, end = reshape(store, shown.document, (shown.start, shown.end), key)
            except PtceError as exc:
                info(str(exc))
                continue
            found = store.document(shown.document)
            if found is None:  # removed by another command meanwhile
                raise PtceError(f"unknown document {shown.document!r}")
            text = found.text[start:end]
            shown = replace(shown, start=start, end=end, text=text)
            continue
        span = (shown.start, shown.end)
        edited = span != (suggestion.start, suggestion.end)
        if key == "move":
            code = _choose_code(book)
            if code is None:
                continue
            review_queue.move(store, suggestion.id, code, reviewer, book, span=span)
            info(f"Moved to {code}: the suggestion of {suggestion.code} is rejected.")
            history.append((position, suggestion))
        elif key == "accept" and edited:
            review_queue.accept_on(store, suggestion.id, reviewer, span)
            history.append((position, suggestion))
            key = "passage"
        elif key in ("accept", "reject"):
            review_queue.decide(store, suggestion.id, key, reviewer)
            history.append((position, suggestion))
        made[position] = key
        position += 1
    counts = Counter(made.values())
    info(
        f"{counts['accept'] + counts['passage']} accepted ({counts['passage']} on another "
        f"passage), {counts['reject']} rejected, {counts['move']} moved to another code, "
        f"{counts['skip']} skipped, {undone} undone by {reviewer}; "
        f"{len(queue) - position} left"
    )


def _choose_code(book: Codebook) -> str | None:
    """The code a suggestion moves to: searched by words of its id or label; None when the
    reviewer gives no words (the search cancelled), none matches or none is chosen."""
    query = _answer("Move to which code? (words of its label or id)", after_key=True)
    if query is None or not query.strip():  # an empty answer, or the input's end: no search
        info("No code searched: nothing was changed.")
        return None
    found = find_codes(book, query)
    if not found:
        info(f"No code matches « {query.strip()} »: nothing was changed.")
        return None
    if len(found) == 1:
        return found[0][0]
    for number, (code, label) in enumerate(found, start=1):
        click.echo(f"  {number}. {code} — {label}")
    choice = _number(len(found))
    return found[choice - 1][0] if choice else None


def _number(largest: int) -> int:
    """The number of the code chosen in a list of ``largest``; 0 for none. Piped, an answer
    that is no number of the list (or the input's end) chooses none, rather than read the
    keys after it as numbers."""
    if sys.stdin.isatty():
        return int(click.prompt("Number (0: none)", type=click.IntRange(0, largest), default=0))
    typed = (_answer("Number (0: none) [0]") or "").strip()
    if typed.isascii() and typed.isdigit() and int(typed) <= largest:
        return int(typed)
    if typed:
        info(f"{typed!r} is no number of the list: nothing was changed.")
    return 0


def _answer(question: str, after_key: bool = False) -> str | None:
    """What the reviewer answers to ``question``: the line typed in a terminal; with keys
    piped on standard input, the rest of the line, which ``after_key`` takes after a key
    (« machats ») or, that rest empty, from the next line (« m », then « achats », as in a
    terminal): echoed, as the keys are. None at the input's end."""
    if sys.stdin.isatty():
        return str(click.prompt(question, default="", show_default=False))
    click.echo(f"{question}: ", nl=False)
    line = sys.stdin.readline()
    if after_key and line.endswith("\n") and not line.strip():
        line = sys.stdin.readline()  # the key alone on its line: the answer on the next
    if not line:
        click.echo()
        return None
    click.echo(line.strip())
    return line.strip()


def _ask() -> str:
    click.echo(
        "[a]ccept  [r]eject  [m]ove to another code  passage: ( [ ] )  [s]kip  [u]ndo  [q]uit ? ",
        nl=False,
    )
    while True:
        # a pipe or a test runner gives its keys on standard input; a terminal key by key
        key = (click.getchar() if sys.stdin.isatty() else sys.stdin.read(1)).lower()
        if key in KEYS:
            click.echo(key)
            return KEYS[key]
        if key in ("", "\x04"):  # end of input
            click.echo("q")
            return "quit"


def _show(store: Store, book: Codebook, suggestion: Suggestion, position: int, total: int) -> None:
    # imported on use, not at the top: start-up speed
    from rich.console import Console
    from rich.text import Text

    console = Console(highlight=False)
    around = context(store, suggestion)
    code = book.get(suggestion.code) if suggestion.code in book else None
    confidence = (
        "" if suggestion.confidence is None else f" · confidence {suggestion.confidence:.2f}"
    )
    console.rule(f"{position + 1}/{total} · {suggestion.document} ({suggestion.case})")
    if around.previous:
        previous = f"{around.previous_speaker or ''}: {_cut(around.previous)}"
        console.print(Text(previous, style="dim"))
    passage = Text(suggestion.text)
    for start, end in evidence_spans(suggestion):
        passage.stylize("bold reverse", start, end)
    console.print(Text(f"{around.speaker or ''}: ", style="bold") + passage)
    if around.next:
        console.print(Text(f"{around.next_speaker or ''}: {_cut(around.next)}", style="dim"))
    console.print(
        Text(f"→ {suggestion.code} — {code.label if code else '?'}", style="bold cyan")
        + Text(f"  [{suggestion.method}{confidence}]")
    )
    if code and code.retired:  # suggested before the code was retired (codebook retire/split)
        console.print(
            Text(
                "  a retired code: no longer offered for coding; [m]ove the suggestion to "
                "another code, or accept it as it is",
                style="bold yellow",
            )
        )
    if code and code.definition:
        console.print(Text(f"  {code.definition}", style="italic"))
    if suggestion.evidence:
        click.echo(f"  evidence: {suggestion.evidence}")


def _cut(text: str, limit: int = 300) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + "…"
