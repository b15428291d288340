"""What a killed command (kill -9, a power cut) left behind, put right when the next one starts.

Two things can be left: hidden ``.NAME.PID.XXXXXXXX.part`` files of an output never finished
(``files.atomic_path``), and a codebook change cut between the YAML and the store (its journal,
``codebook_journal.finish_interrupted``). The store itself needs nothing: SQLite rolls back an
unfinished transaction by itself.
"""

from __future__ import annotations

from pathlib import Path

from ptce_coding.app.project import Project
from ptce_coding.base.files import remove_stale_parts
from ptce_coding.evolution.codebook_journal import finish_interrupted, journal_path


def recover(project: Project) -> list[str]:
    """Finish or undo what an interrupted command left; one sentence per thing done."""
    notes: list[str] = []
    if journal_path(project.codebook_path).is_file() and project.store_path.is_file():
        note = finish_interrupted(project.codebook_path, project.store_path)
        if note:
            notes.append(note)
    removed: list[Path] = []
    for folder, recursive in (
        (project.codebook_path.parent, False),
        (project.root, False),
        (project.outputs_path, True),
        (project.cache_path, True),
    ):
        removed += remove_stale_parts(folder, recursive=recursive)
    if removed:
        names = ", ".join(str(_relative(path, project.root)) for path in removed[:5])
        more = f" and {len(removed) - 5} more" if len(removed) > 5 else ""
        notes.append(
            f"Removed {len(removed)} unfinished file(s) left by an interrupted command: "
            f"{names}{more}"
        )
    return notes


def _relative(path: Path, root: Path) -> Path:
    try:
        return path.relative_to(root)
    except ValueError:
        return path
