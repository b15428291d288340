"""Editing a codebook's YAML text: rename, merge, split, move, retire and unretire codes.

Each function takes the text of a codebook file and returns the edited text (plus, when ids
change, the mapping old id -> new id). ruamel.yaml's round-trip mode keeps the comments, key
order, quoting and the file's indentation, so an edit touches only the lines of the codes
concerned. Comments inside a code's block travel with the code; comments between codes (such
as section headers) stay where they are. Codebooks nested with ``children`` and flat ones with
``parent`` are both handled. Every result is checked with ``parse_codebook`` before it is
returned.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark
from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString, ScalarString
from ruamel.yaml.tokens import CommentToken

from ptce_coding.codebook import Codebook, parse_codebook
from ptce_coding.codebook_loader import CODE_ID
from ptce_coding.errors import PtceError

KEY_ORDER = (
    "id", "label", "retired", "parent", "color", "definition", "include", "exclude",
    "examples", "memo", "rules", "children",
)  # fmt: skip
SHOW_HINT = "`ptce-coding codebook show` lists the codes."
_KEY_ONLY = re.compile(r"^( *)((?:- +)*)([^\s#-][^#]*?):\s*(?:#.*)?$")


@dataclass
class _Place:
    """Where a code sits in the ruamel tree."""

    node: CommentedMap
    seq: CommentedSeq
    owner: CommentedMap | None  # the code whose `children` is ``seq``; None at top level


# ----------------------------------------------------------------------------- public API


def rename_code(text: str, old: str, new: str) -> tuple[str, dict[str, str]]:
    """Give ``old`` the id ``new``; its descendants named ``old.X`` become ``new.X``."""
    yaml, doc, book = _load(text)
    _known(book, old)
    _new_id(book, new)
    mapping = _subtree_ids(book, old, new)
    _check_free(book, mapping)
    _apply_ids(doc, mapping)
    return _dump(yaml, doc, text, f"renaming {old}"), mapping


def merge_codes(text: str, sources: list[str], into: str) -> tuple[str, dict[str, str]]:
    """Merge ``sources`` into ``into`` (existing, or new: it then replaces the first source).

    The other sources' rules and examples are appended to ``into``, their memos joined to its
    memo, their children moved under it (renamed ``into.X``); then they are removed."""
    yaml, doc, book = _load(text)
    _check_merge(book, sources, into)
    places = _places(doc)
    if into in book:
        target, rest, renames = places[into].node, list(sources), {}
    else:
        target, rest = places[sources[0]].node, sources[1:]
        renames = _subtree_ids(book, sources[0], into)
    for source in rest:
        for child in book.children(source):
            renames.update(_subtree_ids(book, child.id, f"{into}.{_last(child.id)}"))
    _check_free(book, renames, also_free=set(sources))
    for source in rest:
        _absorb(target, places[source])
    mapping = {**renames, **dict.fromkeys(sources, into)}
    _apply_ids(doc, mapping)
    return _dump(yaml, doc, text, f"merging into {into}"), mapping


def split_code(
    text: str, source: str, into: list[str], labels: dict[str, str] | None = None
) -> str:
    """New codes ``into`` beside ``source`` (right after it), which is retired.

    Each new code copies the definition, inclusion and exclusion criteria of ``source`` (the
    definition with a note of the split) and has no rules."""
    yaml, doc, book = _load(text)
    _known(book, source)
    _not_retired(book, source, "split")
    labels = labels or {}
    if not into or len(set(into)) != len(into):
        raise PtceError("split needs distinct new ids", hint="Give each new code its own id.")
    for new in into:
        _new_id(book, new)
    stray = sorted(set(labels) - set(into))
    if stray:
        raise PtceError(f"labels for codes not in the split: {', '.join(stray)}")
    place = _places(doc)[source]
    news = [_split_node(place.node, new, labels.get(new), source) for new in into]
    tail = _pop_tail(place.node)
    position = _position(place.seq, place.node)
    for offset, node in enumerate(news, start=1):
        place.seq.insert(position + offset, node)
    _push_tail(news[-1], tail)
    _put(place.node, "retired", True, after="label")
    return _dump(yaml, doc, text, f"splitting {source}")


def move_code(text: str, code: str, parent: str | None) -> tuple[str, dict[str, str]]:
    """Move ``code`` and its subtree under ``parent`` (None: top level), as its last child.

    The moved ids are renamed to start with the new parent's id (``COOP.LIEU`` under ``ECO``
    becomes ``ECO.LIEU``)."""
    yaml, doc, book = _load(text)
    _known(book, code)
    if parent is not None:
        _known(book, parent)
        if parent == code or parent in _descendants(book, code):
            raise PtceError(
                f"cannot move {code} under {parent}: it is the code itself or one of its sub-codes",
                hint="Choose a parent outside the code's subtree.",
            )
    new = f"{parent}.{_last(code)}" if parent else _last(code)
    mapping = {} if new == code else _subtree_ids(book, code, new)
    if mapping:
        _new_id(book, new)
        _check_free(book, mapping)
    places = _places(doc)
    place = places[code]
    flat = place.owner is None and ("parent" in place.node or _is_flat(places))
    if not flat:
        _detach(place)
        _append_child(doc if parent is None else places[parent].node, place.node)
    if flat or "parent" in place.node:
        _set_parent(place.node, parent)
    _apply_ids(doc, mapping)
    return _dump(yaml, doc, text, f"moving {code}"), mapping


def retire_code(text: str, code: str) -> str:
    """Mark ``code`` ``retired: true``: kept for the history, no longer offered for coding."""
    yaml, doc, book = _load(text)
    _known(book, code)
    _not_retired(book, code, "retire")
    _put(_places(doc)[code].node, "retired", True, after="label")
    return _dump(yaml, doc, text, f"retiring {code}")


def unretire_code(text: str, code: str) -> str:
    """Remove ``retired: true`` from ``code``."""
    yaml, doc, book = _load(text)
    _known(book, code)
    if not book.get(code).retired:
        raise PtceError(f"code {code} is not retired", hint="Nothing to undo.")
    node = _places(doc)[code].node
    with _tail_kept(node):
        del node["retired"]
        node.ca.items.pop("retired", None)
    return _dump(yaml, doc, text, f"unretiring {code}")


# ----------------------------------------------------------------------------- validation


def _known(book: Codebook, code: str) -> None:
    if code not in book:
        raise PtceError(f"unknown code {code!r}", hint=SHOW_HINT)


def _new_id(book: Codebook, new: str) -> None:
    if not isinstance(new, str) or not CODE_ID.match(new):
        raise PtceError(
            f"invalid code id {new!r}",
            hint="Ids are dotted upper-case ASCII, like COOP.MUTUALISATION.LIEU.",
        )
    if new in book:
        raise PtceError(f"code {new} already exists", hint="Choose another id, or merge the codes.")


def _not_retired(book: Codebook, code: str, action: str) -> None:
    if book.get(code).retired:
        raise PtceError(f"cannot {action} {code}: it is already retired", hint=SHOW_HINT)


def _check_merge(book: Codebook, sources: list[str], into: str) -> None:
    if not sources or len(set(sources)) != len(sources):
        raise PtceError("merge needs distinct source codes", hint="List each source once.")
    for code in sources:
        _known(book, code)
    if into in sources:
        raise PtceError(f"cannot merge {into} into itself", hint="Leave it out of the sources.")
    if into not in book:
        _new_id(book, into)
    elif book.get(into).retired:
        raise PtceError(f"cannot merge into {into}: it is retired", hint="Unretire it first.")
    for code in sources:
        inside = set(_descendants(book, code)) & {*sources, into}
        if inside:
            raise PtceError(
                f"cannot merge {code} with its own sub-code(s) {', '.join(sorted(inside))}",
                hint="Merge the sub-codes first, or move them out of the code.",
            )


def _check_free(book: Codebook, mapping: dict[str, str], also_free: Collection[str] = ()) -> None:
    taken = {code.id for code in book.codes} - set(mapping) - set(also_free)
    seen: set[str] = set()
    for old, new in mapping.items():
        if new in taken or new in seen:
            raise PtceError(
                f"{old} would become {new}, which already exists",
                hint="Rename or move that code first.",
            )
        seen.add(new)


def _descendants(book: Codebook, code: str) -> list[str]:
    return [d for child in book.children(code) for d in (child.id, *_descendants(book, child.id))]


def _subtree_ids(book: Codebook, code: str, new: str) -> dict[str, str]:
    """``code`` -> ``new`` and each descendant ``code.X`` -> ``new.X``."""
    prefix = code + "."
    mapping = {code: new}
    mapping.update(
        {d: new + d[len(code) :] for d in _descendants(book, code) if d.startswith(prefix)}
    )
    return mapping


def _last(code: str) -> str:
    return code.rsplit(".", 1)[-1]


# ----------------------------------------------------------------------------- YAML in and out


def _load(text: str) -> tuple[YAML, CommentedMap, Codebook]:
    book = parse_codebook(text)
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.brace_single_entry_mapping_in_flow_sequence = True
    mapping, sequence, offset = _indentation(text)
    yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
    return yaml, yaml.load(text), book


def _indentation(text: str) -> tuple[int, int, int]:
    """(mapping, sequence, offset) as the file writes them, the most frequent of each."""
    lines = [line for line in text.splitlines() if line.strip() and line.strip()[0] != "#"]
    maps: Counter[int] = Counter()
    seqs: Counter[tuple[int, int]] = Counter()
    for above, below in pairwise(lines):
        match = _KEY_ONLY.match(above)
        if not match:
            continue
        key_col = len(match[1]) + len(match[2])
        col = len(below) - len(below.lstrip(" "))
        if below.lstrip().startswith("- "):
            content = col + 1 + len(below[col + 1 :]) - len(below[col + 1 :].lstrip(" "))
            seqs[(content - key_col, col - key_col)] += 1
        elif col > key_col:
            maps[col - key_col] += 1
    mapping = maps.most_common(1)[0][0] if maps else 2
    sequence, offset = seqs.most_common(1)[0][0] if seqs else (4, 2)
    return mapping, max(sequence, offset + 2), offset


def _dump(yaml: YAML, doc: CommentedMap, original: str, action: str) -> str:
    stream = io.StringIO()
    yaml.dump(doc, stream)
    text = stream.getvalue()
    if "\r\n" in original:
        text = text.replace("\n", "\r\n")
    try:
        parse_codebook(text)
    except PtceError as exc:
        raise PtceError(
            f"{action} gave a codebook that does not load: {exc}",
            hint="Nothing was changed; please report this with the codebook file.",
        ) from None
    return text


def _places(doc: CommentedMap) -> dict[str, _Place]:
    """Every code's mapping node, the list that holds it and the code owning that list."""
    found: dict[str, _Place] = {}

    def visit(seq: CommentedSeq, owner: CommentedMap | None) -> None:
        for node in seq:
            found[str(node["id"])] = _Place(node, seq, owner)
            if isinstance(node.get("children"), list):
                visit(node["children"], node)

    visit(doc["codes"], None)
    return found


def _is_flat(places: dict[str, _Place]) -> bool:
    nodes = [place.node for place in places.values()]
    return any("parent" in n for n in nodes) and not any("children" in n for n in nodes)


def _apply_ids(doc: CommentedMap, mapping: dict[str, str]) -> None:
    for place in _places(doc).values():
        for key in ("id", "parent"):
            value = place.node.get(key)
            if isinstance(value, str) and value in mapping:
                place.node[key] = _like(value, mapping[value])


def _like(old: Any, new: str) -> str:
    """``new`` in the scalar style (quotes, folding) of ``old``."""
    if not isinstance(old, ScalarString):
        return new
    result = type(old)(new)
    if isinstance(old, FoldedScalarString):
        result.fold_pos = [p for p in getattr(old, "fold_pos", []) if p < len(new)]
    return result


# ----------------------------------------------------------------------------- tree edits


def _position(seq: CommentedSeq, node: CommentedMap) -> int:
    return next(i for i, item in enumerate(seq) if item is node)


def _put(node: CommentedMap, key: str, value: Any, after: str | None = None) -> None:
    """Add ``key`` after ``after``, or at its place in KEY_ORDER; a tail comment stays last."""
    keys = list(node)
    rank = KEY_ORDER.index(key)
    if after is not None and after in keys:
        pos = keys.index(after) + 1
    else:
        later = [i for i, k in enumerate(keys) if k in KEY_ORDER and KEY_ORDER.index(k) > rank]
        pos = later[0] if later else len(keys)
    if pos < len(keys):
        node.insert(pos, key, value)
        return
    with _tail_kept(node):
        node.insert(pos, key, value)


def _set_parent(node: CommentedMap, parent: str | None) -> None:
    if parent is None:
        with _tail_kept(node):
            node.pop("parent", None)
            node.ca.items.pop("parent", None)
    elif "parent" in node:
        node["parent"] = _like(node["parent"], parent)
    else:
        _put(node, "parent", parent)


def _detach(place: _Place) -> None:
    """Remove a code from its list; the comments around it stay where they were."""
    seq, index = place.seq, _position(place.seq, place.node)
    entry = seq.ca.items.get(index)
    outer = _text(entry[1] if entry and len(entry) > 1 else None) + _pop_tail(place.node)
    del seq[index]
    if index < len(seq):
        entry = seq.ca.items.setdefault(index, [None, None])
        entry[1] = _tokens(outer) + (entry[1] or [])
    elif index > 0:
        _push_tail(seq[index - 1], outer)
    elif place.owner is not None:  # the list is now empty
        before = (place.owner.ca.items.get("children") or [None] * 4)[3]
        del place.owner["children"]
        place.owner.ca.items.pop("children", None)
        _push_tail(place.owner, _text(before) + outer)


def _append_child(owner: CommentedMap, node: CommentedMap) -> None:
    """Append ``node`` as the last code of ``owner`` (a code, or the document)."""
    key = "children" if "id" in owner else "codes"
    if key not in owner:
        _put(owner, key, CommentedSeq([node]))
        return
    with _tail_kept(owner[key]):
        owner[key].append(node)


def _extend(node: CommentedMap, key: str, items: Any) -> None:
    """Append ``items`` (a list, with its comments, or one text) to ``node[key]``."""
    if isinstance(items, str):
        items = CommentedSeq([items])
    if key not in node:
        _put(node, key, items)
        return
    if isinstance(node[key], str):
        node[key] = CommentedSeq([node[key]])
    seq = node[key]
    with _tail_kept(seq):
        base = len(seq)
        seq.extend(items)
        for index, entry in items.ca.items.items():
            seq.ca.items[base + index] = entry
        before = items.ca.comment[1] if items.ca.comment else None
        if before:
            entry = seq.ca.items.setdefault(base, [None, None])
            entry[1] = list(before) + (entry[1] or [])


def _absorb(target: CommentedMap, place: _Place) -> None:
    """Move a merged source's children, rules, examples and memo into ``target``; drop it."""
    source = place.node
    _detach(place)
    for key in ("children", "rules", "examples"):
        if source.get(key):
            if key == "children" and source.ca.items.get("children"):
                source[key].ca.comment = [None, source.ca.items["children"][3]]
            _extend(target, key, source[key])
    memo = source.get("memo")
    if memo and str(memo).strip():
        if target.get("memo") and str(target["memo"]).strip():
            target["memo"] = _joined(target["memo"], memo)
        else:
            _put(target, "memo", memo)


def _joined(first: Any, second: Any) -> str:
    """Two memos with a blank line between, in the block style of the first."""
    head = str(first).rstrip("\n")
    text = f"{head}\n\n{second}"
    if isinstance(first, FoldedScalarString):
        result = FoldedScalarString(text)
        shift = len(head) + 2
        second_folds = [p + shift for p in getattr(second, "fold_pos", [])]
        result.fold_pos = [*getattr(first, "fold_pos", []), *second_folds]
        return result
    return LiteralScalarString(text)


def _split_node(source: CommentedMap, new: str, label: str | None, source_id: str) -> CommentedMap:
    node = CommentedMap()
    node["id"] = new
    node["label"] = label or _last(new).replace("_", " ").title()
    if "parent" in source:
        node["parent"] = source["parent"]
    note = f"(issu de la scission de {source_id})"
    definition = source.get("definition") or ""
    node["definition"] = _noted(definition, note) if str(definition).strip() else note
    for key in ("include", "exclude"):
        if key in source:
            node[key] = _like(source[key], str(source[key]))
    return node


def _noted(value: Any, note: str) -> str:
    """``value`` with ``note`` appended (on its own line when the text is folded)."""
    head = str(value).rstrip("\n")
    result = _like(value, f"{head} {note}{str(value)[len(head) :]}")
    if isinstance(result, FoldedScalarString):
        result.fold_pos = [*getattr(value, "fold_pos", []), len(head)]
    return result


# ----------------------------------------------------------------------------- comments
# ruamel attaches the comment lines that follow a code to the last scalar of the code's block
# (or to the end of one of its lists): the "tail". It is popped before an edit and pushed
# back onto the new last line, so that the lines keep their place in the file.


def _last_path(node: Any) -> list[tuple[Any, Any]]:
    """(container, key) from ``node`` down to the container of its last line's value."""
    path = []
    while isinstance(node, (CommentedMap, CommentedSeq)) and node and not node.fa.flow_style():
        key = next(reversed(node)) if isinstance(node, CommentedMap) else len(node) - 1
        path.append((node, key))
        node = node[key]
    return path


def _slot(container: Any, key: Any) -> tuple[list[Any], int]:
    if isinstance(container, CommentedMap):
        return container.ca.items.setdefault(key, [None, None, None, None]), 2
    return container.ca.items.setdefault(key, [None, None]), 0


def _pop_tail(node: Any) -> str:
    """Remove and return the comment lines that follow ``node``'s last line."""
    path = _last_path(node)
    if not path:
        return ""
    container, key = path[-1]
    entry, index = _slot(container, key)
    token, tail = entry[index], ""
    if token is not None:
        value = token.value
        if isinstance(container[key], (LiteralScalarString, FoldedScalarString)):
            eol, tail = "", _text([token])
        else:
            cut = value.find("\n") + 1 or len(value)
            eol, tail = value[:cut], value[cut:]
        if eol.strip():
            token.value = eol
        else:
            entry[index] = None
    for holder in [container[key], *(c for c, _ in reversed(path))]:
        ca = getattr(holder, "ca", None)
        if ca is not None and ca.end:
            tail += _text(ca.end)
            ca.end = []
    return tail


def _push_tail(node: Any, tail: str) -> None:
    """Put comment lines after ``node``'s last line."""
    path = _last_path(node)
    if not tail or not path:
        return
    container, key = path[-1]
    entry, index = _slot(container, key)
    if entry[index] is not None:
        value = entry[index].value
        entry[index].value = value + ("" if value.endswith("\n") else "\n") + tail
    elif isinstance(container[key], (LiteralScalarString, FoldedScalarString)):
        entry[index] = _tokens(tail, one=True)[0]
    else:
        entry[index] = CommentToken("\n" + tail, CommentMark(0))


@contextmanager
def _tail_kept(node: Any) -> Iterator[None]:
    tail = _pop_tail(node)
    yield
    _push_tail(node, tail)


def _text(tokens: list[CommentToken] | None) -> str:
    """Comment tokens back to the lines of the file."""
    lines = []
    for token in tokens or []:
        value = token.value
        lines.append(value if value.startswith("\n") else " " * token.column + value)
    return "".join(lines)


def _tokens(text: str, one: bool = False) -> list[CommentToken]:
    """Comment lines as tokens (one per line, or one for all), with their columns."""
    chunks = [text] if one else text.splitlines(keepends=True)
    tokens = []
    for chunk in chunks:
        column = 0 if chunk.startswith("\n") else len(chunk) - len(chunk.lstrip(" "))
        tokens.append(CommentToken(chunk[column:], CommentMark(column)))
    return tokens
