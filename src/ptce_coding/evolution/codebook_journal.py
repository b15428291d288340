"""The journal of a codebook change under way, and what the next command does with it.

The YAML file and the store cannot be written in one atomic step, so the new YAML is written
inside the store transaction (``codebook_ops.together``), after a journal (``.NAME.journal``
beside the codebook) that holds the YAML before and after and a token the store's event
records. A command killed between the two leaves the journal; the next command
(``finish_interrupted``) looks for the token in the store: there, the change is complete and
the journal goes; not there, the store never saw the change and the YAML before is put back.
"""

from __future__ import annotations

import json
from pathlib import Path

from ptce_coding.base.errors import PtceError
from ptce_coding.base.files import atomic_path
from ptce_coding.store import Store


def journal_path(codebook_path: Path) -> Path:
    return codebook_path.with_name(f".{codebook_path.name}.journal")


def write_journal(journal: Path, token: str, operation: str, before: str, after: str) -> None:
    entry = {"token": token, "operation": operation, "before": before, "after": after}
    with atomic_path(journal) as temp:
        temp.write_text(json.dumps(entry, ensure_ascii=False), encoding="utf-8")


def finish_interrupted(codebook_path: Path, store_path: Path) -> str | None:
    """Complete or undo a codebook change that a killed command left half done (see the
    module docstring); a sentence saying what was done, or None when there was nothing."""
    journal = journal_path(codebook_path)
    if not journal.is_file():
        return None
    try:
        entry = json.loads(journal.read_text(encoding="utf-8"))
        token, operation = str(entry["token"]), str(entry["operation"])
        before, after = str(entry["before"]), str(entry["after"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise PtceError(
            f"the journal of an interrupted codebook change cannot be read ({exc})",
            path=journal,
            hint=f"Check that {codebook_path.name} matches `ptce-coding codebook diff`, then "
            "delete the journal.",
        ) from None
    with Store(store_path) as store, store.transaction():  # waits for a change still running
        if store.codebook_change_committed(token):
            journal.unlink(missing_ok=True)
            return None
        current = codebook_path.read_text(encoding="utf-8") if codebook_path.is_file() else None
        if current not in (before, after):
            raise PtceError(
                f"`codebook {operation}` was interrupted before the store recorded it, and "
                f"{codebook_path.name} was edited since: nothing was changed",
                path=journal,
                hint=f"The journal (JSON) holds the codebook as it was (`before`); restore "
                f"{codebook_path.name} from it or keep your edit, then delete the journal.",
            )
        if current == after:
            with atomic_path(codebook_path) as temp:
                temp.write_text(before, encoding="utf-8")
        journal.unlink()
    return (
        f"`codebook {operation}` was interrupted before the store recorded it: "
        f"{codebook_path.name} is back as it was and the codings did not change; run it again."
    )
