"""Where project.yaml's settings point: files that are files, folders that are folders, no
two settings on one file, the corpus apart from the project folder and from the outputs.
Checked once, when the project is loaded (``project.py``), each mistake with its line."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from ptce_coding.base.settings import setting_error

PROJECT_FILE = "project.yaml"  # the settings, at the project folder's root


class ProjectPaths(Protocol):
    """The paths of a project (``project.Project``, which imports this module)."""

    @property
    def root(self) -> Path: ...
    @property
    def codebook_path(self) -> Path: ...
    @property
    def cases_path(self) -> Path: ...
    @property
    def documents_path(self) -> Path: ...
    @property
    def store_path(self) -> Path: ...
    @property
    def members_path(self) -> Path: ...
    @property
    def corpus_path(self) -> Path: ...
    @property
    def outputs_path(self) -> Path: ...


def check_paths(project: ProjectPaths, defaults: ProjectPaths, path: Path) -> None:
    """Settings naming a file must not name a folder, and the other way round, nor the same
    file as another; an optional table named away from its default place (``defaults``: the
    project with no setting) must exist; the corpus and the outputs are apart."""
    files = (
        ("codebook", project.codebook_path),
        ("cases", project.cases_path),
        ("documents", project.documents_path),
        ("store", project.store_path),
        ("network.members", project.members_path),
    )
    for key, target in files:
        if target.is_dir():
            raise setting_error(
                path,
                key,
                f"`{key}` names a folder ({target}), not a file",
                hint=f"Give the path of a file in `{key}`.",
            )
    _refuse_shared_files(project.root, files, path)
    _refuse_missing_tables(project, defaults, path)
    _refuse_misplaced_folders(project, path)


def _refuse_shared_files(root: Path, files: tuple[tuple[str, Path], ...], path: Path) -> None:
    """Two settings on one file, or one on project.yaml: a store opened on the codebook is
    « damaged », and the advice to move it away would move the codebook."""
    seen: dict[Path, str] = {(root / PROJECT_FILE).resolve(): "project.yaml itself"}
    for key, target in files:
        other = seen.setdefault(target.resolve(), f"`{key}`")
        if other != f"`{key}`":
            raise setting_error(
                path,
                key,
                f"`{key}` names the same file as {other} ({target})",
                hint=f"Give `{key}` a file of its own (remove the line for its default).",
            )


def _refuse_missing_tables(project: ProjectPaths, defaults: ProjectPaths, path: Path) -> None:
    optional = (
        ("cases", project.cases_path, defaults.cases_path),
        ("documents", project.documents_path, defaults.documents_path),
        ("network.members", project.members_path, defaults.members_path),
    )
    for key, target, default in optional:
        # an optional table at its usual place may be absent; one named elsewhere was meant
        # to be read: a typo there would silently leave every attribute (or member) out
        if not target.exists() and target.resolve() != default.resolve():
            raise setting_error(
                path,
                key,
                f"`{key}` names a file that does not exist ({target})",
                hint=f"Correct the path in `{key}`, or remove the line for the default "
                f"({default.relative_to(project.root).as_posix()}, optional).",
            )


def _refuse_misplaced_folders(project: ProjectPaths, path: Path) -> None:
    corpus, root = project.corpus_path.resolve(), project.root.resolve()
    if corpus == root or corpus in root.parents:
        # each sub-folder would be a case: codebooks/, outputs/ (the report's .md and .html
        # read as interviews), and the corpus folder itself
        raise setting_error(
            path,
            "corpus",
            f"`corpus` names the project folder or a folder above it ({corpus}): its "
            "sub-folders codebooks/ and outputs/ would be imported as cases",
            hint="Give the folder that holds one sub-folder per case (`corpus: corpus`).",
        )
    outputs = project.outputs_path.resolve()
    if outputs == corpus or corpus in outputs.parents or outputs in corpus.parents:
        # the report's .md and .html would be imported as interviews of a case « report »;
        # and outputs/ is « safe to delete »: the transcripts must not be in it
        raise setting_error(
            path,
            "outputs",
            f"`outputs` ({outputs}) and `corpus` ({corpus}) are one folder or one inside the "
            "other: the report's files would be imported as interviews, or deleting the "
            "outputs would delete the transcripts",
            hint="Give `outputs` a folder of its own beside the corpus (`outputs: outputs`).",
        )
    for key, target in (("corpus", project.corpus_path), ("outputs", project.outputs_path)):
        if target.exists() and not target.is_dir():
            raise setting_error(
                path,
                key,
                f"`{key}` names a file ({target}), not a folder",
                hint=f"Give the path of a folder in `{key}`.",
            )
