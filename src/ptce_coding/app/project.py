"""A project folder: project.yaml, its paths and settings, opening the store; a new one.
project.yaml's own settings are read in top_settings.py, the other packages' sections in
settings_sections.py; what `init` writes is project_template.py.

Layout (see DESIGN.md)::

    my-study/
      project.yaml        name, language, codebook path, case attributes file, settings
      codebooks/ptce.yaml the codebook
      corpus/             transcripts, one sub-folder per case; cases.csv
      coding.sqlite       the store
      outputs/            everything generated; safe to delete
"""

from __future__ import annotations

import getpass
import json
import shutil
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path

import yaml

from ptce_coding.app.project_paths import PROJECT_FILE, check_paths
from ptce_coding.app.project_template import PROJECT_TEMPLATE
from ptce_coding.app.settings_file import read_settings
from ptce_coding.app.settings_sections import (
    SECTIONS,
    analysis_settings,
    assignment_settings,
    network_settings,
    speaker_settings,
    structure_settings,
)
from ptce_coding.app.top_settings import (
    coding_section,
    language_setting,
    max_megabytes_setting,
    model_section,
    text_settings,
)
from ptce_coding.base.coder_selection import CoderSelection
from ptce_coding.base.errors import ProjectError
from ptce_coding.base.settings import (
    ImportSettings,
    SpeakerSettings,
    refuse_unknown,
    setting_error,
)
from ptce_coding.codebook.loader import load_codebook
from ptce_coding.codebook.model import Codebook
from ptce_coding.compare.settings import CompareSettings, compare_settings
from ptce_coding.evolution.structure import StructureSettings
from ptce_coding.network.settings import NetworkSettings
from ptce_coding.privacy.names import NAMES_FILE, PRIVATE_DIR
from ptce_coding.review.assignments import Assignments
from ptce_coding.store import Store
from ptce_coding.tagging.settings import CodingSettings, ModelSettings


@dataclass(frozen=True)
class Project:
    """A project folder: its paths, and its settings as the objects each package reads."""

    root: Path
    name: str = "PTCE"
    codebook_file: str = "codebooks/ptce.yaml"
    corpus_dir: str = "corpus"
    cases_file: str = "corpus/cases.csv"
    documents_file: str = "corpus/documents.csv"
    store_file: str = "coding.sqlite"
    outputs_dir: str = "outputs"
    importing: ImportSettings = field(default_factory=ImportSettings)  # speakers, preamble
    coding: CodingSettings = field(default_factory=CodingSettings)  # language, coding:
    model: ModelSettings = field(default_factory=ModelSettings)  # the assisted tagger
    network: NetworkSettings = field(default_factory=NetworkSettings)
    compare: CompareSettings = field(default_factory=CompareSettings)
    coder: str = ""  # who decides in `review` by default; empty: the OS user name
    analysis: CoderSelection = field(default_factory=CoderSelection)  # whose coding counts
    assignments: Assignments = field(default_factory=Assignments)  # who codes what, blind sample
    structure: StructureSettings = field(default_factory=StructureSettings)  # questions as codes

    @property
    def default_coder(self) -> str:
        if self.coder:
            return self.coder
        try:
            return getpass.getuser()
        except (KeyError, OSError):  # no user name in this environment
            return "unknown"

    @property
    def codebook_path(self) -> Path:
        return self.root / self.codebook_file

    @property
    def corpus_path(self) -> Path:
        return self.root / self.corpus_dir

    @property
    def cases_path(self) -> Path:
        return self.root / self.cases_file

    @property
    def documents_path(self) -> Path:
        return self.root / self.documents_file

    @property
    def members_path(self) -> Path:
        return self.root / self.network.members

    @property
    def store_path(self) -> Path:
        return self.root / self.store_file

    @property
    def outputs_path(self) -> Path:
        return self.root / self.outputs_dir

    @property
    def cache_path(self) -> Path:
        return self.root / ".cache"

    @property
    def private_path(self) -> Path:
        """private/: the pseudonyms and the lists of names, never shared."""
        return self.root / PRIVATE_DIR

    @property
    def speakers(self) -> SpeakerSettings:
        return self.importing.speakers

    def model_settings(self, min_positive: int | None = None) -> ModelSettings:
        """The assisted tagger's settings (``model:``), ``min_positive`` overriding."""
        return replace(self.model, min_positive=min_positive or self.model.min_positive)

    def load_codebook(self) -> Codebook:
        return load_codebook(self.codebook_path)

    def refuse_own_file(self, file: Path, what: str) -> None:
        """Refuse an output ``file`` (``what``: « the codings (CSV) ») that is one of the
        project's own files: its settings, codebook, store, list of names and pseudonyms, or
        anything in the corpus folder (a transcript, cases.csv), which writing would destroy."""
        own = {
            self.root / PROJECT_FILE: "the project's settings",
            self.codebook_path: "the project's codebook",
            self.store_path: "the project's store",
            self.cases_path: "the cases' attributes",
            self.documents_path: "the documents' attributes",
            self.members_path: "the members of the poles",
            self.private_path / NAMES_FILE: "the list of names to pseudonymise",
            self.private_path / "pseudonyms.csv": "the pseudonyms file",  # pseudonyms.MAPPING_FILE
        }
        target = file.resolve()
        name = next((n for path, n in own.items() if target == path.resolve()), None)
        problem = f"this is {name}: {what} would write over it" if name else ""
        if not problem and self.corpus_path.resolve() in target.parents:
            problem = f"{what} would land in the corpus folder, which `import` reads as interviews"
        if problem:
            raise ProjectError(
                f"{problem}; nothing was written",
                path=file,
                hint="Give another file name for the output (outputs/ holds what the "
                "commands write).",
            )

    def open_store(self, *, create: bool = True) -> Store:
        if not self.store_path.parent.is_dir():  # sqlite would say « unable to open »
            raise setting_error(
                self.root / PROJECT_FILE,
                "store",
                f"`store` names a file in a folder that does not exist ({self.store_path})",
                hint="Create the folder, correct the path in `store`, or remove the line for "
                "the default (coding.sqlite).",
            )
        if not create and not self.store_path.exists():
            raise ProjectError(
                "the project has no store yet",
                path=self.store_path,
                hint="Run `ptce-coding import corpus/` (or `ptce-coding run`) first.",
            )
        return Store(self.store_path)


def find_project(start: str | Path | None = None) -> Project:
    """The project whose folder is ``start`` or contains it."""
    here = Path(start or Path.cwd()).resolve()
    if start is not None:
        if not (here / PROJECT_FILE).is_file():
            raise ProjectError(
                f"no {PROJECT_FILE} in {here}",
                hint="Give the project folder with --project, or create one with "
                "`ptce-coding init DIR`.",
            )
        return load_project(here)
    for folder in (here, *here.parents):
        if (folder / PROJECT_FILE).is_file():
            return load_project(folder)
    raise ProjectError(
        f"not inside a ptce-coding project (no {PROJECT_FILE} in {here} or above)",
        hint="Run the command from a project folder, give --project DIR, "
        "or create one with `ptce-coding init DIR`.",
    )


def load_project(root: Path) -> Project:
    path = root / PROJECT_FILE
    try:
        data = read_settings(path) or {}
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        raise ProjectError(
            f"malformed YAML: {exc.problem}", path=path, line=mark.line + 1 if mark else None
        ) from None
    except yaml.YAMLError as exc:
        raise ProjectError(f"cannot read project settings: {exc}", path=path) from None
    if not isinstance(data, dict):
        raise ProjectError(
            "project.yaml must be a mapping of settings, not "
            + ("a list" if isinstance(data, list) else repr(data)),
            path=path,
            line=1,
            hint="Each line is `setting: value` (`name: Mon étude`), starting at the left "
            "margin; `ptce-coding init DIR` writes a complete example.",
        )
    refuse_unknown("", data, SECTIONS, path)
    speakers = speaker_settings(data.get("speakers") or {}, path)
    coding = coding_section(data, path)
    max_megabytes = max_megabytes_setting(data, path)
    model = model_section(data, path)
    strings = text_settings(data, path)
    language = language_setting(data, path)
    project = Project(
        root=root,
        importing=ImportSettings(speakers, coding.preamble, max_megabytes),
        coding=CodingSettings(
            language=language,
            interviewer_turns=coding.interviewer_turns,
            min_confidence=coding.min_confidence,
            sentence_vectors=model.sentence_vectors,
            far_closeness=coding.far_closeness,
        ),
        model=model,
        network=network_settings(data.get("network") or {}, path),
        compare=compare_settings(data.get("compare") or {}, path, SECTIONS),
        analysis=analysis_settings(data.get("analysis") or {}, path),
        assignments=assignment_settings(data.get("assignments") or {}, path),
        structure=structure_settings(data.get("structure") or {}, path),
        **strings,
    )
    check_paths(project, Project(root), path)
    return project


def default_codebook_path() -> Path:
    return Path(str(resources.files("ptce_coding") / "data" / "ptce.yaml"))


def _refuse_inside_a_project(root: Path) -> None:
    """A new project in the corpus or outputs folder of the project around it: the outer
    `import` would read the new project's report (.md, .html) as interviews, and deleting the
    outer outputs would delete it. Elsewhere in a project (a sub-study) it is fine."""
    here = root.resolve()
    outer_root = next((f for f in here.parents if (f / PROJECT_FILE).is_file()), None)
    if outer_root is None:
        return
    try:
        outer = load_project(outer_root)
    except ProjectError:  # its own settings are wrong: that project's commands will say so
        return
    for what, folder in (("corpus", outer.corpus_path), ("outputs", outer.outputs_path)):
        folder = folder.resolve()
        if here == folder or folder in here.parents:
            raise ProjectError(
                f"{root} is inside the {what} folder of the project in {outer_root}: "
                + (
                    "its `import` would read this project's files as interviews"
                    if what == "corpus"
                    else "its outputs are safe to delete, and this project with them"
                )
                + "; nothing was created",
                hint="Create the project beside it, not in its corpus or outputs folder.",
            )


def init_project(root: str | Path, name: str | None = None) -> Project:
    """Create a project folder with the default codebook. Refuses to overwrite one."""
    root = Path(root)
    if (root / PROJECT_FILE).exists():
        raise ProjectError(
            f"{root} is already a project ({PROJECT_FILE} exists); nothing was changed"
        )
    if root.exists() and not root.is_dir():
        raise ProjectError(f"{root} exists and is not a folder")
    _refuse_inside_a_project(root)
    source = default_codebook_path()
    if not source.is_file():
        raise ProjectError(f"the default codebook is missing from the installation ({source})")
    (root / "codebooks").mkdir(parents=True, exist_ok=True)
    (root / "corpus").mkdir(exist_ok=True)
    (root / "outputs").mkdir(exist_ok=True)
    codebook = root / "codebooks" / "ptce.yaml"
    if not codebook.exists():
        shutil.copyfile(source, codebook)
    cases = root / "corpus" / "cases.csv"
    if not cases.exists():
        cases.write_text("case\n", encoding="utf-8")
    (root / PROJECT_FILE).write_text(
        PROJECT_TEMPLATE.format(name=json.dumps(name or root.resolve().name, ensure_ascii=False)),
        encoding="utf-8",
    )
    return load_project(root)
