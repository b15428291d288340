"""How transcripts are read into the store: the `speakers`, `coding.preamble` and `import`
settings of project.yaml (parsed by app/project.py).

They live in base/, not corpus/, because the project's settings are read by every command
at start-up: importing ``ptce_coding.corpus`` compiles the speaker-label patterns
(``corpus/__init__`` imports ``corpus.speakers``), which doubled the time of
``import ptce_coding.cli``. Speaker labels are read by privacy/ and interop/ too."""

from __future__ import annotations

from dataclasses import dataclass, field

DEFAULT_MAX_MEGABYTES = 50.0  # import.max_megabytes: a bigger file is refused

DEFAULT_INTERVIEWERS = (
    "Enquêteur",
    "Enquêtrice",
    "Enquêteurice",
    "Intervieweur",
    "Intervieweuse",
    "Interviewer",
    "Chercheur",
    "Chercheuse",
    "ENQ",
    "INT",
    "Question",
    "Q",
    "E",
    "E1",
    "E2",
    "I",
)


@dataclass(frozen=True)
class SpeakerSettings:
    """How speaker labels are recognised in transcripts."""

    interviewers: tuple[str, ...] = DEFAULT_INTERVIEWERS
    extra_interviewers: tuple[str, ...] = ()
    labels: tuple[str, ...] = ()  # extra regular expressions with a (?P<name>...) group

    def all_interviewers(self) -> tuple[str, ...]:
        return self.interviewers + self.extra_interviewers


@dataclass(frozen=True)
class ImportSettings:
    """What `import` needs besides the files: speaker labels, the preamble rule, the size
    limit."""

    speakers: SpeakerSettings = field(default_factory=SpeakerSettings)
    preamble: str = "titles"  # coding.preamble: titles (title lines left out) or all
    max_megabytes: float = DEFAULT_MAX_MEGABYTES
