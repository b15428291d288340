"""What a run of the assisted tagger did (``SuggestRun``): what it learned, from what, what
it passed over, and the suggestions it removed and added."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class SuggestRun:
    """What a run of the assisted tagger did."""

    segments: int = 0
    training_segments: int = 0
    learned: dict[str, float] = field(default_factory=dict)  # code -> cross-validated F1
    # code -> the coded segments with it that its cross-validated F1 was measured on
    learned_on: dict[str, int] = field(default_factory=dict)
    few_shot: dict[str, int] = field(default_factory=dict)  # code -> coded segments (< min)
    skipped: dict[str, int] = field(default_factory=dict)  # code -> positive segments
    # of those, skipped for want of coded segments *without* the code: code -> (with, without)
    one_sided: dict[str, tuple[int, int]] = field(default_factory=dict)
    # documents coded by hand (training_data.human_coded_documents): without any, only a
    # rejected suggestion says a segment is without a code (an accepted one says where it is)
    hand_coded: int = 0
    removed: int = 0
    added: int = 0
    kept: int = 0  # of those added, the suggestions made again (their rows and ids stay)
    skipped_decided: int = 0
    already_suggested: int = 0  # a rule suggestion of the code on the segment waits for review
    unread: int = 0  # accepted codings on no segment the model reads (interviewer turns)
    reused: bool = False
    encoded: int = 0  # texts whose sentence vector was not in .cache/vectors/ yet
    language_note: str | None = None
