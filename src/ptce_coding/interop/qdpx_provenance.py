"""How each coding was made, and the decisions on the taggers' suggestions, carried in a .qdpx.

REFI-QDA says that a user coded a passage; it has no room for how: by hand, imported, a
rule's or the model's suggestion accepted one by one or by threshold (`review
--accept-above`), with its confidence and evidence; nor for a suggestion rejected, which is
no coding. Read back without it, every coding is a plain import: the matrix no longer says
which codings were accepted by threshold, and `code` suggests again what a reviewer
rejected. So the export writes, for each document, a source variable ``VARIABLE`` (as
``overlap_turns`` and ``speaker_turns`` are carried): a JSON object, the text's
fingerprint (``text``) and a list (``codings``) with one item per coding of the file that
is more than a plain import (``Made``), and one per decision the file holds no coding for
(``decision_only``: a suggestion rejected, or accepted where its reviewer had coded the
passage already, which stays the tagger's). Another tool shows it as one more text
attribute of the document; a ptce-coding import reads it back (``qdpx_replay``) and makes
the suggestions and decisions again, when the text is the one fingerprinted. Offsets are
code points of the text, as the selections are.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any, TypeGuard

from ptce_coding.base.coder_selection import MACHINE_CODERS, RESERVED_CODERS
from ptce_coding.base.records import METHODS, STATUSES, CodingRow
from ptce_coding.corpus.transcript import text_hash
from ptce_coding.interop.refi import RefiProject

VARIABLE = "coding_provenance"
TAGGER_METHODS = ("rule", "model")
_FINGERPRINT_LENGTH = 16


@dataclass(frozen=True)
class Made:
    """How one coding of a document was made, or one decision on a tagger's suggestion:
    its passage, code (an id of the codebook that wrote the file), coder (the file's user;
    a decision's tagger when ``decision_only``), status and method; for a tagger's
    suggestion, who decided it (``reviewer``), which tagger made it (``suggested_by``),
    its confidence and evidence, the threshold it was accepted at (``accepted_above``: by
    threshold, not read), the passage suggested when it was accepted on another one
    (``suggested``), whether it was a second coder's decision (``second``: blind double
    review) and when it was suggested (``suggested_at``)."""

    start: int
    end: int
    code: str
    coder: str
    status: str
    method: str
    reviewer: str | None = None
    suggested_by: str | None = None
    confidence: float | None = None
    evidence: str | None = None
    accepted_above: float | None = None
    suggested: tuple[int, int] | None = None
    second: bool = False
    codebook_version: str | None = None
    suggested_at: str | None = None
    decision_only: bool = False

    @property
    def tagger(self) -> str:
        """The tagger whose suggestion it is (for a tagger's method)."""
        return self.suggested_by or self.coder

    @property
    def passage(self) -> tuple[int, int]:
        """The passage as suggested."""
        return self.suggested or (self.start, self.end)

    def as_item(self) -> dict[str, Any]:
        """The JSON object: the fields that say something (none empty)."""
        item: dict[str, Any] = {
            "start": self.start,
            "end": self.end,
            "code": self.code,
            "coder": self.coder,
            "status": self.status,
            "method": self.method,
        }
        optional: dict[str, Any] = {
            "reviewer": self.reviewer,
            "suggested_by": self.suggested_by,
            "confidence": self.confidence,
            "evidence": self.evidence,
            "accepted_above": self.accepted_above,
            "suggested": list(self.suggested) if self.suggested else None,
            "second": self.second or None,
            "codebook_version": self.codebook_version,
            "suggested_at": self.suggested_at,
            "decision_only": self.decision_only or None,
        }
        item.update({key: value for key, value in optional.items() if value is not None})
        return item


def made_of(
    row: CodingRow,
    accepted_above: float | None,
    suggested: tuple[int, int] | None,
    decision_only: bool = False,
) -> Made | None:
    """How the stored coding ``row`` was made (``accepted_above``: its threshold when it
    stands accepted by threshold; ``suggested``: its passage as suggested, when another);
    None when the file's coding says it all (a plain import, no version, no evidence)."""
    tagger = row.method in TAGGER_METHODS
    plain = row.method == "import" and not (row.codebook_version or row.evidence)
    if plain and not decision_only:
        return None
    decided = tagger and row.status != "suggested"
    return Made(
        start=row.start,
        end=row.end,
        code=row.code,
        coder=row.coder,
        status=row.status,
        method=row.method,
        reviewer=row.reviewed_by if decided else None,
        suggested_by=row.suggested_by if decided else None,
        confidence=row.confidence if tagger else None,
        evidence=row.evidence,
        accepted_above=accepted_above if decided and row.status == "accepted" else None,
        suggested=suggested if decided and suggested != (row.start, row.end) else None,
        second=bool(decided and row.origin),
        codebook_version=row.codebook_version,
        suggested_at=row.created_at if tagger else None,
        decision_only=decision_only,
    )


def provenance_value(text: str, made: Iterable[Made]) -> str:
    """The ``VARIABLE`` value of a document (its ``text``): '' when nothing is to carry.
    Sorted, so that two exports of one project give the same bytes."""
    items = sorted((m.as_item() for m in made), key=lambda item: json.dumps(item))
    if not items:
        return ""
    value = {"text": _fingerprint(text), "codings": items}
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def read_provenance(text: str, value: object, codes: Mapping[str, str]) -> tuple[list[Made], str]:
    """The items of a ``VARIABLE`` value written for ``text``, each code given the id it has
    in the importing project (``codes``: the file's code id → the project's; an item of a
    code not imported is left out, as its coding is); and '' , or nothing and what does not
    fit (the text is not the one it was written for, an item is not one ``Made``, a passage
    is outside the text)."""
    try:
        found = json.loads(str(value))
    except json.JSONDecodeError as exc:
        return [], f"it is not JSON ({exc.msg}, character {exc.pos})"
    if not isinstance(found, dict) or not isinstance(found.get("codings"), list):
        return [], "it is not an object with a list « codings »"
    if found.get("text") != _fingerprint(text):
        return [], "the text is not the one it was written for"
    made: list[Made] = []
    for number, item in enumerate(found["codings"], start=1):
        read, problem = _made(item, len(text))
        if read is None:
            return [], f"item {number}: {problem}"
        if read.code in codes:
            made.append(replace(read, code=codes[read.code]))
    return made, ""


_TEXTS = ("code", "coder", "status", "method")
_OPTIONAL_TEXTS = ("reviewer", "suggested_by", "evidence", "codebook_version", "suggested_at")


def _made(item: object, length: int) -> tuple[Made | None, str]:
    """One item read, checked against the text's ``length``; or None and what is wrong."""
    if not isinstance(item, dict):
        return None, "not an object"
    start, end = item.get("start"), item.get("end")
    if not _is_int(start) or not _is_int(end) or not 0 <= start < end <= length:
        return None, f"the passage {start}-{end} is not inside the text"
    missing = [key for key in _TEXTS if not isinstance(item.get(key), str) or not item[key]]
    if missing:
        return None, f"no {', '.join(missing)}"
    wrong = [key for key in _OPTIONAL_TEXTS if key in item and not isinstance(item[key], str)] + [
        key
        for key in ("confidence", "accepted_above")
        if key in item and (not isinstance(item[key], int | float) or isinstance(item[key], bool))
    ]
    if wrong:
        return None, f"{', '.join(wrong)} of the wrong type"
    if item["status"] not in STATUSES or item["method"] not in METHODS:
        return None, f"status {item['status']!r} or method {item['method']!r} unknown"
    decided = item["method"] in TAGGER_METHODS and item["status"] != "suggested"
    if decided and not str(item.get("reviewer") or "").strip():
        return None, "a decision on a suggestion without its reviewer"
    if decided and str(item["reviewer"]).strip().lower() in RESERVED_CODERS:
        return None, f"a decision on a suggestion by a tagger ({item['reviewer']!r})"
    tagger = item.get("suggested_by") or item["coder"]
    if item["method"] in TAGGER_METHODS and tagger not in MACHINE_CODERS:
        return None, f"a suggestion of {tagger!r}, who is no tagger ({', '.join(MACHINE_CODERS)})"
    suggested = item.get("suggested")
    if suggested is not None and not (
        isinstance(suggested, list)
        and len(suggested) == 2
        and all(_is_int(value) for value in suggested)
        and 0 <= suggested[0] < suggested[1] <= length
    ):
        return None, f"the passage suggested {suggested} is not inside the text"
    return Made(
        start=start,
        end=end,
        code=item["code"],
        coder=item["coder"],
        status=item["status"],
        method=item["method"],
        reviewer=item.get("reviewer"),
        suggested_by=item.get("suggested_by"),
        confidence=item.get("confidence"),
        evidence=item.get("evidence"),
        accepted_above=item.get("accepted_above"),
        suggested=(suggested[0], suggested[1]) if suggested else None,
        second=item.get("second") is True,
        codebook_version=item.get("codebook_version"),
        suggested_at=item.get("suggested_at"),
        decision_only=item.get("decision_only") is True,
    ), ""


def _is_int(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def _fingerprint(text: str) -> str:
    return text_hash(text)[:_FINGERPRINT_LENGTH]


def file_provenance(
    refi: RefiProject, ids: Mapping[str, str], names: Mapping[str, str], warnings: list[str]
) -> dict[str, list[Made]]:
    """{document: its items} of the sources imported (``names``: source GUID → document),
    their codes as the project's (``ids``: code GUID → the project's id); a source whose
    ``VARIABLE`` does not fit its text is said in ``warnings`` and its codings are plain
    imports."""
    codes = {code.code_id or code.name: ids[code.guid] for code in refi.codes if code.guid in ids}
    found: dict[str, list[Made]] = {}
    for source in refi.sources:
        value = source.variables.get(VARIABLE)
        if value is None or source.guid not in names:
            continue
        made, problem = read_provenance(source.text, value, codes)
        if problem:
            warnings.append(
                f"source {source.name!r}: its variable « {VARIABLE} » does not fit its text "
                f"({problem}), so its codings are imported as they are, each one a coding "
                "of its user, and the decisions it holds are left out"
            )
        elif made:
            found[names[source.guid]] = made
    return found
