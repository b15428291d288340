"""The SQLite store: schema, migrations and every query. The only package that speaks SQL.

Manual and accepted codings are research data: the only deletion the store offers to
automated taggers is ``replace_suggestions``, which removes *suggested* codings of one method.
Every write to codings and documents is recorded in the append-only ``events`` table.
"""

from ptce_coding.store.base import now
from ptce_coding.store.batch_acceptances import Batch, BatchAcceptanceQueries
from ptce_coding.store.codings import CodingQueries
from ptce_coding.store.documents import DocumentQueries
from ptce_coding.store.manual import ManualQueries
from ptce_coding.store.memos import MemoQueries
from ptce_coding.store.recoding import RecodingQueries
from ptce_coding.store.removal import RemovalQueries
from ptce_coding.store.review_decisions import ReviewDecisionQueries
from ptce_coding.store.review_passages import ReviewPassageQueries
from ptce_coding.store.schema import SCHEMA_VERSION
from ptce_coding.store.suggestions import SuggestionQueries


class Store(
    DocumentQueries,
    CodingQueries,
    SuggestionQueries,
    ReviewDecisionQueries,
    BatchAcceptanceQueries,
    ReviewPassageQueries,
    ManualQueries,
    MemoQueries,
    RemovalQueries,
    RecodingQueries,
):
    """A project's coding.sqlite. Use as a context manager, or call ``close()``."""


__all__ = ["SCHEMA_VERSION", "Batch", "Store", "now"]
