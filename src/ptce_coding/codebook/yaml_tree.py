"""The ruamel.yaml tree of a codebook: loading and dumping with the file's own indentation,
finding a code's node, and moving nodes without losing the comments around them."""

from __future__ import annotations

import io
import re
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark
from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString, ScalarString
from ruamel.yaml.tokens import CommentToken

from ptce_coding.base.errors import PtceError
from ptce_coding.codebook.loader import parse_codebook
from ptce_coding.codebook.model import Codebook

KEY_ORDER = (
    "id",
    "label",
    "retired",
    "parent",
    "color",
    "definition",
    "include",
    "exclude",
    "examples",
    "memo",
    "rules",
    "children",
)


_KEY_ONLY = re.compile(r"^( *)((?:- +)*)[^\s#-][^#]*?:\s*(?:#.*)?$")


_BLOCK = (LiteralScalarString, FoldedScalarString)


@dataclass
class CodePlace:
    node: CommentedMap  # the code's mapping
    seq: CommentedSeq  # the list that holds it
    owner: CommentedMap | None  # the code whose `children` is ``seq``; None at top level


def load_tree(text: str) -> tuple[YAML, CommentedMap, Codebook]:
    book = parse_codebook(text)
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.brace_single_entry_mapping_in_flow_sequence = True  # keep [{A: 1}, {B: 2}] as is
    mapping, sequence, offset = indentation(text)
    yaml.indent(mapping=mapping, sequence=max(sequence, offset + 2), offset=offset)
    return yaml, yaml.load(text.replace("\r\n", "\n")), book


def indentation(text: str) -> tuple[int, int, int]:
    """The file's mapping indent, sequence indent and dash offset (the most frequent)."""
    lines = [line for line in text.splitlines() if line.strip()[:1] not in ("", "#")]
    maps: Counter[int] = Counter({2: 0})
    seqs: Counter[tuple[int, int]] = Counter({(4, 2): 0})
    for above, below in pairwise(lines):
        if match := _KEY_ONLY.match(above):
            key = len(match[1]) + len(match[2])
            dash = len(below) - len(below.lstrip(" "))
            if below[dash:].startswith("- "):
                item = len(below) - len(below[dash + 1 :].lstrip(" "))
                seqs[(item - key, dash - key)] += 1
            elif dash > key:
                maps[dash - key] += 1
    (sequence, offset), _ = seqs.most_common(1)[0]
    return maps.most_common(1)[0][0], sequence, offset


def dump_tree(yaml: YAML, doc: CommentedMap, original: str, action: str) -> str:
    stream = io.StringIO()
    yaml.dump(doc, stream)
    text = stream.getvalue().replace("\n", "\r\n") if "\r\n" in original else stream.getvalue()
    try:
        parse_codebook(text)
    except PtceError as exc:
        raise PtceError(
            f"{action} gave a codebook that does not load: {exc}",
            hint="Nothing was changed; please report this with the codebook file.",
        ) from None
    return text


def code_places(doc: CommentedMap) -> dict[str, CodePlace]:
    """Every code's mapping, the list that holds it and the code owning that list."""
    found: dict[str, CodePlace] = {}

    def visit(seq: CommentedSeq, owner: CommentedMap | None) -> None:
        for node in seq:
            found[str(node["id"])] = CodePlace(node, seq, owner)
            if isinstance(node.get("children"), list):
                visit(node["children"], node)

    visit(doc["codes"], None)
    return found


def apply_ids(doc: CommentedMap, mapping: dict[str, str]) -> None:
    for place in code_places(doc).values():
        for key in ("id", "parent"):
            if place.node.get(key) in mapping:
                place.node[key] = id_like(place.node[key], mapping[place.node[key]])


def id_like(old: Any, new: str) -> str:
    """``new`` with the quoting style of ``old``."""
    return type(old)(new) if isinstance(old, ScalarString) and not isinstance(old, _BLOCK) else new


def appended_text(value: Any, extra: Any, sep: str) -> str:
    """``value``, ``sep`` and ``extra`` in the block style of ``value`` (a folded text starts
    a new line at the join)."""
    head = str(value).rstrip("\n")
    text = f"{head}{sep}{extra}"
    if not isinstance(value, FoldedScalarString):
        return LiteralScalarString(text) if "\n" in text else id_like(value, text)
    result: FoldedScalarString = FoldedScalarString(text)
    shift = len(head) + len(sep)
    folds = [p + shift for p in getattr(extra, "fold_pos", [])]
    # ruamel declares fold_pos in __slots__ only, with no annotation mypy could read
    result.fold_pos = [  # type: ignore[attr-defined]
        *getattr(value, "fold_pos", []),
        *([len(head)] * (sep == " ")),
        *folds,
    ]
    return result


def split_node(source: CommentedMap, new: str, label: str | None, old: str) -> CommentedMap:
    node = CommentedMap(id=new, label=label or new.rsplit(".", 1)[-1].replace("_", " ").title())
    if "parent" in source:
        node["parent"] = source["parent"]
    note = f"(issu de la scission de {old})"
    definition = source.get("definition")
    node["definition"] = appended_text(definition, note, " ") if definition else note
    node.update({key: source[key] for key in ("include", "exclude") if key in source})
    return node


def put_key(node: CommentedMap, key: str, value: Any, after: str | None = None) -> None:
    """Set ``key``; a new key goes after ``after`` or at its place in KEY_ORDER."""
    keys = list(node)
    if key in keys:
        node[key] = value
        return
    rank = KEY_ORDER.index(key)
    later = [i for i, k in enumerate(keys) if k in KEY_ORDER and KEY_ORDER.index(k) > rank]
    pos = keys.index(after) + 1 if after in keys else (later or [len(keys)])[0]
    with _tail_kept(node) if pos == len(keys) else nullcontext():
        node.insert(pos, key, value)


def drop_key(node: CommentedMap, key: str) -> None:
    with _tail_kept(node):
        node.pop(key, None)
        node.ca.items.pop(key, None)


def detach(place: CodePlace) -> None:
    """Take a code out of its list; the comments around it stay where they were."""
    seq, index = place.seq, place.seq.index(place.node)
    pre = seq.ca.items.get(index, [None, None])[1]
    outer = _text(pre) + pop_tail(place.node)
    del seq[index]
    if not seq and place.owner is not None:  # the list is now empty
        drop_key(place.owner, "children")
        push_tail(place.owner, _text((seq.ca.comment or [None, None])[1]) + outer)
    elif index < len(seq) and outer:
        entry = seq.ca.items.setdefault(index, [None, None])
        entry[1] = [_token(line) for line in outer.splitlines(True)] + (entry[1] or [])
    elif index == len(seq):
        push_tail(seq[index - 1], outer)


def extend_list(node: CommentedMap, key: str, items: Any) -> None:
    """Append ``items`` (a list, with the comments between its items, or a text)."""
    items = CommentedSeq([items]) if isinstance(items, str) else items
    if key not in node:
        put_key(node, key, items)
        return
    if isinstance(node[key], str):
        node[key] = CommentedSeq([node[key]])
    seq, base = node[key], len(node[key])
    with _tail_kept(seq):
        seq.extend(items)
        seq.ca.items.update({base + i: entry for i, entry in items.ca.items.items()})
        if items.ca.comment and items.ca.comment[1]:
            entry = seq.ca.items.setdefault(base, [None, None])
            entry[1] = list(items.ca.comment[1]) + (entry[1] or [])


def _tail_slot(node: Any) -> tuple[list[Any], int, Any, list[Any]] | None:
    """Where the comment after ``node``'s last line is kept: (comment entry, index in it, the
    last value, the containers from that value up to ``node``); None for an empty node."""
    path = []
    while isinstance(node, (CommentedMap, CommentedSeq)) and node and not node.fa.flow_style():
        key = next(reversed(node)) if isinstance(node, CommentedMap) else len(node) - 1
        path.append((node, key))
        node = node[key]
    if not path:
        return None
    container, key = path[-1]
    if isinstance(container, CommentedMap):
        entry, index = container.ca.items.setdefault(key, [None, None, None, None]), 2
    else:
        entry, index = container.ca.items.setdefault(key, [None, None]), 0
    return entry, index, node, [node, *(c for c, _ in reversed(path))]


def pop_tail(node: Any) -> str:
    """Remove and return the comment lines after ``node``'s last line."""
    if (slot := _tail_slot(node)) is None:
        return ""
    entry, index, value, holders = slot
    tail, token = "", entry[index]
    if token is not None and isinstance(value, _BLOCK):
        tail, entry[index] = _text([token]), None  # no end-of-line comment after a block
    elif token is not None:
        cut = token.value.find("\n") + 1 or len(token.value)
        token.value, tail = token.value[:cut], token.value[cut:]
        entry[index] = token if token.value.strip() else None
    for holder in holders:
        if getattr(holder, "ca", None) is not None and holder.ca.end:
            tail, holder.ca.end = tail + _text(holder.ca.end), []
    return tail


def push_tail(node: Any, tail: str) -> None:
    """Put comment lines after ``node``'s last line."""
    if not tail or (slot := _tail_slot(node)) is None:
        return
    entry, index, value, _ = slot
    if entry[index] is None:
        entry[index] = _token(tail if isinstance(value, _BLOCK) else "\n" + tail)
    else:
        old = entry[index].value
        entry[index].value = old + ("" if old.endswith("\n") else "\n") + tail


@contextmanager
def _tail_kept(node: Any) -> Iterator[None]:
    tail = pop_tail(node)
    yield
    push_tail(node, tail)


def _text(tokens: list[CommentToken] | None) -> str:
    """Comment tokens back to lines of the file."""
    return "".join(
        t.value if t.value.startswith("\n") else " " * t.column + t.value for t in tokens or []
    )


def _token(text: str) -> CommentToken:
    """Lines of the file as one comment token."""
    column = 0 if text.startswith("\n") else len(text) - len(text.lstrip(" "))
    return CommentToken(text[column:], CommentMark(column))
