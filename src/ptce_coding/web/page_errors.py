"""What the page says of a library error, in French, and the warning when it cannot.

In order: the French an error carries itself (``PtceError.french``, ``french_hint``); a
codebook that no longer reads, each problem with its file and line (``codebook_french``);
the translation of the refusals the page's handlers meet, by their English wording
(``french.refusal``); else the codebook file itself (missing, not UTF-8: ``codebook_french``).

A message none of them knows is still shown, introduced in French with its English words;
and an ``UntranslatedMessage`` warning is raised, which the server prints once and which
fails any test that meets it (pytest's ``filterwarnings = error``): a reworded message is
noticed, never shown in English silently. ``PAGE_SOURCES`` lists the modules whose refusals
the page can show; tests/test_web_messages_s39E.py checks that each of their messages has
its French.
"""

from __future__ import annotations

import warnings

from ptce_coding.base.errors import CodebookError, PtceError
from ptce_coding.report.formatting import typeset
from ptce_coding.web.codebook_french import codebook_refusal, hint_french, problem_french
from ptce_coding.web.french import refusal

# french.refusal's words for a message or a hint it does not know (web/french.py)
FALLBACK_MARKS = ("(message d'origine, en anglais)", "(Conseil de ptce-coding, en anglais")

# the modules (« file:function », that function only) whose refusals the page's handlers
# can show, and through what (the page modules, api.py, context.py): every message of theirs has its
# French (tests/test_web_messages_s39E.py says which not)
PAGE_SOURCES = {
    "store/manual.py": "a manual coding added, changed, removed (api.py)",
    "store/review_decisions.py": "a review decision, its undo (api.py through review/queue.py)",
    "review/queue.py": "the review queue, a decision, a move (review_page.py, api.py)",
    "review/coder_plan.py": "who reviews which document (views.py, review_page.py, api.py)",
    "review/passage_steps.py": "a passage one sentence wider or narrower (api.py)",
    "app/option_checks.py": "the matrix's Codeurs and Consensus fields (matrix_pages.py)",
    "app/matrix_job.py": "the matrix and its cells (matrix_pages.py)",
    "base/coder_selection.py": "the Codeurs and Consensus fields read (matrix_pages.py)",
    "codebook/loader.py": "the codebook, read again when its file changes (context.py)",
    "codebook/rule_reader.py": "the codebook's rules, read with it (context.py)",
    # one function of a module: the page calls that one only
    "app/project.py:open_store": "the store, opened by every request (context.py)",
}


class UntranslatedMessage(UserWarning):
    """A library message the page shows without its French."""


def page_message(error: PtceError) -> str:
    """``error`` as the page says it, in French (see the module's docstring)."""
    if error.french:
        if error.hint and not error.french_hint:  # its advice would be lost: said, marked
            _warn(error.hint)
            return _sentence(error.french, f"(Conseil de ptce-coding, en anglais : {error.hint})")
        return _sentence(error.french, error.french_hint or "")
    if isinstance(error, CodebookError):
        text, unknown = codebook_refusal(error)
        for problem in unknown:
            _warn(problem.message)
        return text
    text = refusal(error)
    if not any(mark in text for mark in FALLBACK_MARKS):
        return text
    message, hint = problem_french(error.message), hint_french(error.hint)
    if message is not None and hint is not None:  # the codebook file itself (missing…)
        place = f"{error.path} : " if error.path else ""
        line = f" (ligne {error.line})" if error.line else ""
        return _sentence(f"{place}{message[:1].upper()}{message[1:]}{line}", hint)
    _warn(f"{error.message} / {error.hint or ''}")
    return text


def _sentence(message: str, hint: str) -> str:
    """« Message. » with a capital and a full stop, its hint on the next line, typeset."""
    text = message[:1].upper() + message[1:]
    text += "" if text.endswith((".", "?", "!")) else "."
    return typeset(text + (f"\n{hint}" if hint else ""))


def _warn(message: str) -> None:
    warnings.warn(
        UntranslatedMessage(f"the web page shows this message without French: {message}"),
        stacklevel=3,
    )
