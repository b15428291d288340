"""The pseudonyms mapping (``private/pseudonyms.csv``: entity, kind, pseudonym, variants,
decision), written by ``pseudonymise --apply`` from the reviewed workbook and read by every
``--anonymise`` export."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path

from ptce_coding.base.errors import PtceError
from ptce_coding.base.files import atomic_path
from ptce_coding.privacy.entity import Entity, bare_variant
from ptce_coding.privacy.names import KINDS

MAPPING_FILE = "pseudonyms.csv"
MAPPING_COLUMNS = ("entity", "kind", "pseudonym", "variants", "decision")
SEPARATOR = " | "


def write_mapping(entities: Sequence[Entity], path: Path) -> Path:
    """The mapping file, atomically."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(MAPPING_COLUMNS)
    for entity in entities:
        writer.writerow(
            [
                entity.id,
                entity.kind,
                entity.pseudonym,
                SEPARATOR.join(entity.variants),
                "keep" if entity.kept else "drop",
            ]
        )
    with atomic_path(path) as temp:
        temp.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def read_mapping(path: Path) -> list[Entity]:
    """The mapping written by ``write_mapping`` (or edited by hand), checked row by row."""
    if not path.is_file():
        raise PtceError(
            "no pseudonyms yet",
            path=path,
            hint="Run `ptce-coding pseudonymise --review private/revue.xlsx`, fill it in, then "
            "`ptce-coding pseudonymise --apply private/revue.xlsx`.",
        )
    reader = csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig")))
    missing = [c for c in MAPPING_COLUMNS[:4] if c not in (reader.fieldnames or [])]
    if missing:
        raise PtceError(f"missing column(s): {', '.join(missing)}", path=path, line=1)
    entities = []
    for line, row in enumerate(reader, start=2):
        variants = [v.strip() for v in (row["variants"] or "").split(SEPARATOR.strip())]
        variants = [v for v in variants if v]
        kind, pseudonym = (row["kind"] or "").strip(), (row["pseudonym"] or "").strip()
        decision = (row.get("decision") or "keep").strip()
        if kind not in KINDS or not pseudonym or not variants or decision not in ("keep", "drop"):
            raise PtceError(
                "each row needs a kind (" + ", ".join(KINDS) + "), a pseudonym, variants and "
                "a decision (keep or drop)",
                path=path,
                line=line,
            )
        entity_id = (row["entity"] or "").strip() or f"E{line - 1}"
        entity = Entity(entity_id, kind, bare_variant(variants[0]), variants, pseudonym)
        entity.kept = decision == "keep"
        entities.append(entity)
    return entities
