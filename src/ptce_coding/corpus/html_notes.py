"""What a web page holds beside its transcript: footnotes and hidden text.

Word, Google Docs and LibreOffice, saving a document as a web page, write a footnote's call
as a link to the note (« <sup><a href="#ftnt1" id="ftnt_ref1">[1]</a></sup> ») and the note,
at the end of the page, with a link back to its call. Read as text, the call would stick to
the word before it (« 2014.[1] ») and the note would be the last speaker's words. An element
hidden by its style (``display: none``) or by the ``hidden`` attribute is not shown either.
They are taken out of the page before it is read, and their words counted, as a .docx's
footnotes and hidden text are (``unread``).
"""

from __future__ import annotations

import re

from lxml.html import HtmlElement

from ptce_coding.corpus.transcript import count_words

_HIDDEN_STYLE = re.compile(r"(?:^|;)\s*display\s*:\s*none\b", re.IGNORECASE)
_NOTE_BLOCKS = ("p", "li", "div")


def set_aside(root: HtmlElement) -> tuple[tuple[str, int], ...]:
    """Takes the footnotes, their calls and the hidden elements out of ``root`` (the page in
    memory) and returns the words they held, by where they were."""
    counts = {"footnotes": _without_notes(root), "hidden text": _without_hidden(root)}
    return tuple((what, words) for what, words in counts.items() if words)


def _without_hidden(root: HtmlElement) -> int:
    hidden = [
        element
        for element in root.iter()
        if isinstance(element.tag, str)
        and (element.get("hidden") is not None or _HIDDEN_STYLE.search(element.get("style", "")))
    ]
    words = 0
    inside = set(hidden)
    for element in hidden:
        if not any(parent in inside for parent in element.iterancestors()):
            words += count_words(element.text_content())
            element.drop_tree()
    return words


def _without_notes(root: HtmlElement) -> int:
    """Takes out each note (a link whose target links back to it, after it in the page) and
    its call; the words of the notes."""
    anchors = {
        key: anchor
        for anchor in root.iter("a")
        for key in (anchor.get("id"), anchor.get("name"))
        if key
    }
    order = {element: index for index, element in enumerate(root.iter())}
    pairs = []
    for call in root.iter("a"):
        target = anchors.get((call.get("href") or "").removeprefix("#"))
        if target is None or target is call or order[target] < order[call]:
            continue
        if (target.get("href") or "").removeprefix("#") in (call.get("id"), call.get("name")):
            pairs.append((call, target))
    words = 0
    links = {link for pair in pairs for link in pair}
    for call, back in pairs:
        note = _note_block(back, links - {back})
        if note is None:
            continue
        words += max(count_words(note.text_content()) - count_words(back.text_content()), 0)
        note.drop_tree()
        wrapper = call.getparent()
        if (
            wrapper is not None
            and wrapper.tag == "sup"
            and wrapper.text_content() == call.text_content()
        ):
            wrapper.drop_tree()
        else:
            call.drop_tree()
    return words


def _note_block(back: HtmlElement, others: set[HtmlElement]) -> HtmlElement | None:
    """The element a note is: the outermost block around its link back that holds no other
    note nor any call (Word's ``<div id=ftn1>`` of several paragraphs; a paragraph of Google
    Docs' notes)."""
    found = None
    for parent in back.iterancestors():
        if parent.tag in ("body", "html") or any(a in others for a in parent.iter("a")):
            break
        if parent.tag in _NOTE_BLOCKS:
            found = parent
    return found
