"""Codings in the store: adding human codings, replacing the structural codings, giving
codings another code id (``recode``) and querying codings (with their document, case and
text). Manual and accepted codings are research data: the only deletion offered to automated
taggers is ``replace_suggestions`` (suggested codings of one method, store/suggestions.py).

Also here, as they serve the manual codings too (store/manual.py): ``_held``, a coder's accepted
coding of a code on exactly one passage, and ``_hand_back``, which gives back to a coder an
acceptance that stood behind their coding (the « coded already » case of a review,
store/review_decisions.py)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ptce_coding.base.errors import StoreError
from ptce_coding.base.records import Coding, CodingRow, Document
from ptce_coding.store.base import StoreBase, inserted_id, now


@dataclass(frozen=True, slots=True)
class AddedCodings:
    """What ``added_codings`` did with each coding given, in their order: the id of the
    coding added, or None for one the store held already (same document, span, code and
    coder)."""

    ids: tuple[int | None, ...]

    @property
    def added(self) -> int:
        return sum(i is not None for i in self.ids)

    @property
    def present(self) -> int:
        return len(self.ids) - self.added


def _coding_row(values: Sequence[Any], text: str | None) -> CodingRow:
    """A coding row from the SELECT's values (in the order of CodingRow's fields) and its text."""
    return CodingRow(*[*values, text])


class CodingQueries(StoreBase):
    if TYPE_CHECKING:  # DocumentQueries's, in Store

        def document(self, name: str) -> Document | None: ...

    def coding_rows(
        self,
        *,
        statuses: Iterable[str] | None = None,
        coders: Iterable[str] | None = None,
        methods: Iterable[str] | None = None,
        codes: Iterable[str] | None = None,
        documents: Iterable[str] | None = None,
        with_text: bool = True,
    ) -> list[CodingRow]:
        """Codings with document, case and coded text (None without ``with_text``), filtered."""
        where: list[str] = []
        params: list[Any] = []
        for column, values in (
            ("k.status", statuses),
            ("k.coder", coders),
            ("k.method", methods),
            ("k.code", codes),
            ("d.name", documents),
        ):
            if values is not None:
                values = list(values)
                if column == "d.name":
                    values = [self.stored_document_name(value) for value in values]
                where.append(f"{column} IN ({','.join('?' * len(values))})")
                params.extend(values)
        return self._coding_rows(where, params, with_text=with_text)

    def _coding_rows(
        self, where: Sequence[str], params: Sequence[Any], *, with_text: bool
    ) -> list[CodingRow]:
        # the columns in the order of CodingRow's fields (text comes last), then document_id
        cursor = self.db.cursor()
        cursor.row_factory = None  # plain tuples: a row is built from them positionally
        rows = cursor.execute(
            f"""
            SELECT k.id, d.name AS document, c.name AS "case", k.start, k."end", k.code,
                   k.coder, k.method, k.status, k.confidence, k.evidence, k.memo,
                   k.codebook_version, k.created_at, k.reviewed_by, k.reviewed_at,
                   k.suggested_by, k.origin, k.document_id
            FROM codings k
            JOIN documents d ON d.id = k.document_id
            JOIN cases c ON c.id = d.case_id
            {"WHERE " + " AND ".join(where) if where else ""}
            ORDER BY c.name, d.name, k.start, k.code, k.id
            """,
            list(params),
        ).fetchall()
        if not with_text:
            return [_coding_row(row[:-1], None) for row in rows]
        # each document's text is read once and sliced here: SQLite's substr would read the
        # whole text again for every coding
        texts: dict[int, str] = {}
        result = []
        for row in rows:
            document_id = row[-1]
            if document_id not in texts:
                texts[document_id] = self.db.execute(
                    "SELECT text FROM documents WHERE id = ?", (document_id,)
                ).fetchone()["text"]
            result.append(_coding_row(row[:-1], texts[document_id][row[3] : row[4]]))
        return result

    def document_codings(self, document_id: int) -> list[CodingRow]:
        """Every coding of one document (any status, any coder), with its text."""
        return self._coding_rows(["k.document_id = ?"], [document_id], with_text=True)

    def decided_spans(self, document_id: int, coder: str) -> list[tuple[str, int, int]]:
        """(code, start, end) of the codings ``coder`` suggested that a human has reviewed
        (accepted, then owned by the reviewer, or rejected): a tagger does not suggest them
        again."""
        rows = self.db.execute(
            'SELECT code, start, "end" FROM codings WHERE document_id = ? '
            "AND coalesce(suggested_by, coder) = ? AND status != 'suggested'",
            (document_id, coder),
        )
        return [(row["code"], row["start"], row["end"]) for row in rows]

    def add_codings(self, codings: Sequence[Coding], source: str | None = None) -> tuple[int, int]:
        """Add human codings (manual, imported) in one transaction: ``added_codings``.
        Returns (added, already present)."""
        done = self.added_codings(codings, source)
        return done.added, done.present

    def added_codings(self, codings: Sequence[Coding], source: str | None = None) -> AddedCodings:
        """Add human codings (manual, imported) in one transaction, each checked against its
        document's text. A coding already present (same document, span, code and coder) is
        not added twice. The event log names the codings added (their ids: `history
        --coding` finds each by it) and the ``source`` they came from (a file's name)."""
        ids: list[int | None] = []
        documents: dict[str, tuple[int, int]] = {}
        touched: set[tuple[int, str]] = set()  # (document id, code) of the codings added
        with self.transaction():
            for coding in codings:
                if coding.document not in documents:
                    document = self.document(coding.document)
                    if document is None:
                        raise StoreError(f"unknown document {coding.document!r}")
                    documents[coding.document] = (document.id, len(document.text))
                document_id, length = documents[coding.document]
                if not 0 <= coding.start < coding.end <= length:
                    raise StoreError(
                        f"coding {coding.code} at {coding.start}-{coding.end} falls outside "
                        f"document {coding.document!r} ({length} characters)"
                    )
                exists = self.db.execute(
                    'SELECT 1 FROM codings WHERE document_id = ? AND start = ? AND "end" = ? '
                    "AND code = ? AND coder = ?",
                    (document_id, coding.start, coding.end, coding.code, coding.coder),
                ).fetchone()
                if exists:
                    ids.append(None)
                    continue
                ids.append(self._inserted(document_id, coding))
                touched.add((document_id, coding.code))
            done = AddedCodings(tuple(ids))
            self.log(
                "codings.add",
                **({"file": source} if source else {}),
                added=done.added,
                already_present=done.present,
                coders=sorted({c.coder for c in codings}),
                documents=sorted({self.event_document(i) or "" for i, _ in touched}),
                codes=sorted({code for _, code in touched}),
                codings=[i for i in ids if i is not None],
            )
        return done

    def document_texts(self) -> dict[str, str]:
        rows = self.db.execute("SELECT name, text FROM documents")
        return {row["name"]: row["text"] for row in rows}

    def _insert_coding(self, document_id: int, coding: Coding) -> None:
        self._inserted(document_id, coding)

    def _inserted(self, document_id: int, coding: Coding) -> int:
        """Insert ``coding`` in the document; its id."""
        cursor = self.db.execute(
            'INSERT INTO codings (document_id, start, "end", code, coder, method, status, '
            "confidence, evidence, memo, codebook_version, created_at) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                document_id,
                coding.start,
                coding.end,
                coding.code,
                coding.coder,
                coding.method,
                coding.status,
                coding.confidence,
                coding.evidence,
                coding.memo,
                coding.codebook_version,
                coding.created_at or now(),
            ),
        )
        return inserted_id(cursor)

    def _held(self, document_id: int, start: int, end: int, code: str, coder: str) -> int | None:
        """The id of ``coder``'s accepted coding of ``code`` on exactly ``start``-``end`` of
        the document (the oldest), or None."""
        found = self.db.execute(
            'SELECT id FROM codings WHERE document_id = ? AND start = ? AND "end" = ? '
            "AND code = ? AND coder = ? AND status = 'accepted' ORDER BY id LIMIT 1",
            (document_id, start, end, code, coder),
        ).fetchone()
        return int(found["id"]) if found else None

    def _hand_back(self, document_id: int, start: int, end: int, code: str, coder: str) -> None:
        """``coder``'s coding of ``code`` on ``start``-``end`` is removed or recoded: an
        acceptance of theirs there that stood behind it (``review``: the row stayed the
        tagger's) becomes their coding, unless they hold another one there still."""
        if self._held(document_id, start, end, code, coder) is not None:
            return
        behind = self.db.execute(
            'SELECT id FROM codings WHERE document_id = ? AND start = ? AND "end" = ? '
            "AND code = ? AND reviewed_by = ? AND coder != ? AND status = 'accepted' "
            "AND method IN ('rule', 'model') ORDER BY id LIMIT 1",
            (document_id, start, end, code, coder, coder),
        ).fetchone()
        if behind is None:
            return
        self.db.execute("UPDATE codings SET coder = ? WHERE id = ?", (coder, behind["id"]))
        self.log(
            "coding.review.hand_back",
            coding=behind["id"],
            code=code,
            coder=coder,
            document=self.event_document(document_id),
        )

    def deciders(self) -> dict[str, set[str]]:
        """Per document, the reviewers who decided (accepted or rejected) suggestions of the
        taggers there."""
        rows = self.db.execute(
            "SELECT DISTINCT d.name AS document, k.reviewed_by AS coder "
            "FROM codings k JOIN documents d ON d.id = k.document_id "
            "WHERE k.method IN ('rule', 'model') AND k.status != 'suggested' "
            "AND k.reviewed_by IS NOT NULL"
        )
        found: dict[str, set[str]] = {}
        for row in rows:
            found.setdefault(row["document"], set()).add(row["coder"])
        return found

    def count_codings(self, statuses: Sequence[str], *, except_coder: str | None = None) -> int:
        """How many codings have one of ``statuses`` (those of ``except_coder`` left out)."""
        marks = ", ".join("?" * len(statuses))
        row = self.db.execute(
            f"SELECT count(*) FROM codings WHERE status IN ({marks}) AND coder IS NOT ?",
            (*statuses, except_coder),
        ).fetchone()
        return int(row[0])

    def replace_structure(self, codings: Sequence[Coding], coder: str) -> int:
        """Replace the structural codings (``coder``, method import: structure.py) by these,
        in one transaction; no other coding is touched. Returns how many were removed."""
        with self.transaction():
            removed = self.db.execute(
                "DELETE FROM codings WHERE coder = ? AND method = 'import'", (coder,)
            ).rowcount
            ids: dict[str, int] = {}
            for coding in codings:
                if coding.coder != coder or coding.method != "import":
                    raise StoreError("replace_structure only writes structural codings")
                if coding.document not in ids:
                    document = self.document(coding.document)
                    if document is None:
                        raise StoreError(f"unknown document {coding.document!r}")
                    ids[coding.document] = document.id
                self._insert_coding(ids[coding.document], coding)
            self.log(
                "structure.replace",
                coder=coder,
                removed=removed,
                added=len(codings),
                documents=sorted({self.event_document(i) or n for n, i in ids.items()}),
                codes=sorted({coding.code for coding in codings}),
            )
        return int(removed)

    def code_usage(self) -> dict[str, int]:
        """How many codings use each code id (any status)."""
        rows = self.db.execute("SELECT code, count(*) AS n FROM codings GROUP BY code")
        return {row["code"]: int(row["n"]) for row in rows}

    def recode(self, mapping: dict[str, str], action: str, **details: Any) -> dict[str, int]:
        """Codings (and code memos) of each old id moved to its new id, in one transaction;
        the event log keeps the ids of the codings moved. Returns {old id: codings moved}."""
        moved: dict[str, int] = {}
        with self.transaction():
            for old, new in mapping.items():
                ids = [
                    row["id"]
                    for row in self.db.execute(
                        "SELECT id FROM codings WHERE code = ? ORDER BY id", (old,)
                    )
                ]
                self.db.execute("UPDATE codings SET code = ? WHERE code = ?", (new, old))
                self.db.execute(
                    "UPDATE memos SET target = ? WHERE target_kind = 'code' AND target = ?",
                    (new, old),
                )
                moved[old] = len(ids)
                if ids:
                    self.log(action, before=old, after=new, codings=ids, **details)
        return moved

    def coding_id(self, document: str, start: int, end: int, code: str, coder: str) -> int | None:
        """The id of the coding of ``code`` by ``coder`` on ``document[start:end]``."""
        row = self.db.execute(
            "SELECT c.id FROM codings c JOIN documents d ON d.id = c.document_id WHERE d.name = ? "
            'AND c.start = ? AND c."end" = ? AND c.code = ? AND c.coder = ? ORDER BY c.id LIMIT 1',
            (self.stored_document_name(document), start, end, code, coder),
        ).fetchone()
        return int(row["id"]) if row else None

    def coding_by_id(self, coding_id: int) -> CodingRow | None:
        """One coding with its document, case and text; None when there is no such id."""
        rows = self._coding_rows(["k.id = ?"], [coding_id], with_text=True)
        return rows[0] if rows else None
