"""A transcript split into speaker turns (``split_turns``), from the labels ``speakers.py``
finds: which candidate labels are taken (a label that comes back, a known one, a weak one where
the transcript alternates such labels; not a label alone on its line that another label
follows directly), a short form given in parentheses as the same speaker, and the section
headings that end a turn."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import replace

from ptce_coding.corpus.dialogue_dashes import dash_labels
from ptce_coding.corpus.headings import list_item, section_heading
from ptce_coding.corpus.label_patterns import TIME
from ptce_coding.corpus.markdown import markdown_label
from ptce_coding.corpus.speakers import (
    Label,
    SpeakerDetector,
    fold,
    full_name,
    head_field,
    parse_time,
)
from ptce_coding.corpus.transcript import Turn

# a time alone on its line (« 00:12:03 », « [0:05] »)
_TIME_LINE = re.compile(rf"^[ \t\u00a0\u202f]*[\[(]?(?P<ts>{TIME})[\])]?[ \t\u00a0\u202f]*$")
# « Marie Dupont (MD) »: the short form a transcript then uses as the label
_ALIAS = re.compile(r"^(?P<name>.+?)[ \t]*\((?P<alias>[^()\d]{1,6})\)$")


def _aliases(labels: Iterable[Label]) -> dict[str, str]:
    """« Marie Dupont (MD) » then « MD »: the short form (folded) → the label that gives it."""
    aliases: dict[str, str] = {}
    for label in labels:
        found = _ALIAS.match(label.speaker)
        if found:
            aliases.setdefault(fold(found.group("alias")), fold(label.speaker))
    return aliases


def _next_line(lines: Sequence[tuple[int, str]], index: int) -> int | None:
    """The index of the first line after ``index`` that is not blank."""
    for at in range(index + 1, len(lines)):
        if lines[at][1].strip():
            return at
    return None


def _words_line(lines: Sequence[tuple[int, str]], index: int) -> int | None:
    """The index of the first line of words under a label alone on line ``index``: the next
    line that is not blank, nor the label's time alone on its line."""
    after = _next_line(lines, index)
    if after is not None and _TIME_LINE.match(lines[after][1]):
        return _next_line(lines, after)
    return after


def _own_line_labels(
    lines: Sequence[tuple[int, str]], detector: SpeakerDetector, taken: AbstractSet[int]
) -> dict[int, Label]:
    """Labels alone on their line (line index → label) that words follow.

    A label followed by another such line is none (a title line above a label, a list of
    names), unless the label is timestamped or starts a block (a blank line above it) and the
    next line may be words: neither timestamped, nor a known label, nor one that comes back
    (« Jean-Luc » then « Saint-Ouen Aubervilliers Pantin », his answer). Nor is a label that
    a field of the head follows (« Paul Martin (enquêteur) » then « Date : 12 mars 2024 »,
    the last name of a list of who was there), unless timestamped. A time alone on the line
    under the label (« Marie Dupont » then « 00:12:03 ») is the label's time."""
    found = {
        index: label
        for index, (start, line) in enumerate(lines)
        if start not in taken and (label := detector.match_own_line(line)) is not None
    }
    counts = Counter(fold(label.speaker) for label in found.values())
    labels: dict[int, Label] = {}
    for index, label in found.items():
        after = _next_line(lines, index)
        if after is not None and label.time is None:
            time = _TIME_LINE.match(lines[after][1])
            if time:
                label = replace(label, time=parse_time(time.group("ts")))
                after = _next_line(lines, after)
        if after is None or (label.time is None and head_field(lines[after][1])):
            continue
        following = found.get(after)
        if following is None or (
            not following.certain
            and (
                label.certain
                or (
                    (index == 0 or not lines[index - 1][1].strip())
                    and not detector.is_known(following.speaker)
                    and counts[fold(following.speaker)] < 2
                )
            )
        ):
            labels[index] = label
    return labels


def _with_words(
    lines: Sequence[tuple[int, str]],
    own_line: Mapping[int, Label],
    labels: Mapping[int, Label],
    sure: AbstractSet[int],
) -> dict[int, Label]:
    """``labels`` (line start → label) where no label alone on its line is followed directly
    by a label on the start of the next line: its words would be the next speaker's, and its
    line in no turn. Either the label under it was taken only as a name said once or as an
    answer (not in ``sure``): its line is the words of the label above (« Marie Dupont » then
    « Paul Martin : il m'a dit oui »); or the label above is none, its line text (the last
    name of a list of who was there, above the first turn), unless timestamped."""
    kept = dict(labels)
    for index in sorted(own_line):
        start = lines[index][0]
        after = _words_line(lines, index)
        if start not in kept or after is None:
            continue
        following = kept.get(lines[after][0])
        if following is None or following.own_line:
            continue
        if lines[after][0] not in sure:
            del kept[lines[after][0]]
        elif kept[start].time is None:
            del kept[start]
    return kept


def _heads_a_list(
    lines: Sequence[tuple[int, str]], index: int, label: Label, list_items: AbstractSet[int]
) -> bool:
    """Whether the label of line ``index`` is a name alone on its line, without a colon
    (« **Paris Mix** », a bold paragraph of a Word file), whose words are a list's items
    (a line that starts as one, or a paragraph of a list: ``list_items``): the heading of a
    list of projects, places or people, no speaker, when said once."""
    line = lines[index][1]
    if label.time is not None or line[label.length :].strip():
        return False
    if ":" in line[: label.length] or "：" in line[: label.length]:
        return False
    after = _words_line(lines, index)
    return after is not None and (lines[after][0] in list_items or list_item(lines[after][1]))


def _lines(text: str) -> Iterable[tuple[int, str]]:
    start = 0
    for line in text.split("\n"):
        yield start, line
        start += len(line) + 1


def split_turns(
    text: str,
    detector: SpeakerDetector,
    hints: Mapping[int, Label] | None = None,
    headings: AbstractSet[int] = frozenset(),
    list_items: AbstractSet[int] = frozenset(),
) -> tuple[Turn, ...]:
    """Turns of ``text``: a label line starts a turn; blank lines split paragraphs; a section
    heading on a line of its own (``headings.section_heading``: « ## Question 2 », « 3. Table
    ronde », « ■ Résultats ») ends the turn, and the text after it, up to the next label,
    belongs to no speaker.

    ``hints`` maps a line's start offset to a label a reader already knows (a bold run in a
    docx paragraph, a speaker element in XML); ``headings`` are the start offsets of lines
    the file's formatting marks as section headings (a short paragraph all in bold), and
    ``list_items`` those of its lists' paragraphs. A name alone on its line said once above a
    list (``_heads_a_list``) is no label: « **Paris Mix** » then « - un pôle culturel… ».
    """
    hints = hints or {}
    candidates: dict[int, Label] = {}
    all_lines = list(_lines(text))
    for start, line in all_lines:
        label = hints.get(start) or detector.match(line) or markdown_label(line, detector)
        if label is not None:
            candidates[start] = label
    own_line = _own_line_labels(all_lines, detector, candidates.keys())
    for index, label in own_line.items():
        candidates[all_lines[index][0]] = label
    candidates = dict(sorted(candidates.items()))
    aliases = _aliases(candidates.values())

    def key(label: Label) -> str:
        return aliases.get(fold(label.speaker), fold(label.speaker))

    counts = Counter(key(label) for label in candidates.values())
    # weak labels are taken when at least two of them come back: a transcript's speakers
    # alternate, a heading or an initial does not
    alternating = (
        len({key(c) for c in candidates.values() if (c.weak or c.own_line) and counts[key(c)] >= 2})
        >= 2
    )

    def comes_back(label: Label) -> bool:
        """The label comes back or is known; « A + B » (both talking at once) when A and B
        do."""
        if counts[key(label)] >= 2 or detector.is_known(label.speaker):
            return True
        parts = [fold(part) for part in label.speaker.split(" + ")]
        return len(parts) > 1 and all(
            counts[aliases.get(part, part)] >= 2 or detector.is_known(part) for part in parts
        )

    labels = {
        start: label
        for start, label in candidates.items()
        if ((label.certain or (start in hints and not label.weak)) and not label.word_alone)
        or (alternating and comes_back(label) if label.weak else comes_back(label))
    }
    sure = set(labels)
    if labels:  # a full name speaking once, in a transcript that has other labels, or
        # any « Name : » answering an interviewer's turn (« E : … ? » then « Marie : … »);
        # not a list's item (« - **Paris Mix** »: a list of the poles studied)
        for start, label in sorted(candidates.items()):
            if start in labels or label.own_line or label.in_list:
                continue
            previous = max((at for at in labels if at < start), default=None)
            answers = (
                not label.weak
                and previous is not None
                and detector.is_interviewer(labels[previous].speaker)
            )
            if full_name(label.speaker) or answers:
                labels[start] = label
    labels = _with_words(all_lines, own_line, labels, sure)
    index_of = {start: index for index, (start, _) in enumerate(all_lines)}
    labels = {
        start: label
        for start, label in labels.items()
        if counts[key(label)] > 1
        or detector.is_known(label.speaker)
        or not _heads_a_list(all_lines, index_of[start], label, list_items)
    }
    if not labels:  # « — Une question ? » / « — Une réponse. »: turns opened by a dash
        labels = dash_labels(all_lines)
    labels = dict(sorted(labels.items()))
    spelling: dict[str, str] = {}
    turns: list[Turn] = []
    speaker: str | None = None
    time: float | None = None
    paragraphs: list[tuple[int, int]] = []
    para_start: int | None = None
    para_end = 0

    def close_paragraph() -> None:
        nonlocal para_start
        if para_start is not None:
            paragraphs.append((para_start, para_end))
        para_start = None

    def close_turn() -> None:
        close_paragraph()
        if paragraphs:
            turns.append(Turn(speaker, detector.is_interviewer(speaker), tuple(paragraphs), time))
        paragraphs.clear()

    # the time alone on the line under a label taken is part of the label
    time_lines = {
        all_lines[after][0]
        for index in own_line
        if all_lines[index][0] in labels
        and (after := _next_line(all_lines, index)) is not None
        and _TIME_LINE.match(all_lines[after][1])
    }
    lines = all_lines
    for index, (start, line) in enumerate(lines):
        content_from = 0
        if start in time_lines:
            continue
        if start in labels:
            close_turn()
            label = labels[start]
            speaker = spelling.setdefault(key(label), label.speaker) or None  # a dash
            time = label.time
            content_from = label.length
        elif (
            speaker is not None
            and para_start is None
            and (index + 1 == len(lines) or not lines[index + 1][1].strip())
            and (start in headings or section_heading(line))
        ):
            close_turn()  # a section heading on its own ends the turn: what follows is nobody's
            speaker = time = None
        body = line[content_from:]
        if not body.strip().lstrip(">").strip():  # blank, or a Markdown quotation's blank
            if content_from == 0:
                close_paragraph()
            continue
        left = content_from + len(body) - len(body.lstrip())
        right = len(line.rstrip())
        if start in labels and line.lstrip().startswith("|"):  # a Markdown table's row
            right = max(content_from, len(line.rstrip().rstrip("|").rstrip()))
        if para_start is None:
            para_start = start + left
        para_end = start + right
    close_turn()
    return tuple(turns)
