"""Editing a codebook's YAML text: rename, merge, split, move, retire and unretire codes.

Each function takes the text of a codebook file and returns the edited text (with, when ids
change, the mapping old id -> new id). ruamel.yaml's round-trip mode keeps the comments, key
order, quoting and the file's indentation, so an edit touches only the lines of the codes
concerned. Comments inside a code's block travel with it; comments between codes (section
headers) stay where they are. Nested (``children``) and flat (``parent``) codebooks are both
handled, and every result is checked with ``parse_codebook`` before it is returned.
"""

from __future__ import annotations

from collections.abc import Collection

from ruamel.yaml.comments import CommentedSeq

from ptce_coding.base.errors import PtceError
from ptce_coding.codebook.loader import CODE_ID
from ptce_coding.codebook.model import Codebook
from ptce_coding.codebook.yaml_tree import (
    appended_text,
    apply_ids,
    code_places,
    detach,
    drop_key,
    dump_tree,
    extend_list,
    id_like,
    load_tree,
    pop_tail,
    push_tail,
    put_key,
    split_node,
)

SHOW_HINT = "`ptce-coding codebook show` lists the codes."


def rename_code(text: str, old: str, new: str) -> tuple[str, dict[str, str]]:
    """Give ``old`` the id ``new``; its descendants named ``old.X`` become ``new.X``."""
    yaml, doc, book = load_tree(text)
    _known(book, old)
    _new_id(book, new)
    mapping = _subtree_ids(book, old, new)
    _check_free(book, mapping)
    _check_tree_id(book, old, new)
    apply_ids(doc, mapping)
    return dump_tree(yaml, doc, text, f"renaming {old}"), mapping


def merge_codes(
    text: str,
    sources: list[str],
    into: str,
    label: str | None = None,
    definition: str | None = None,
) -> tuple[str, dict[str, str]]:
    """Merge ``sources`` into ``into``: an existing code, or a new id that then replaces the
    first source (its label, definition, include and exclude). The other sources' rules and
    examples are appended to ``into``, their memos joined to its memo, their children moved
    under it (as ``into.X``); they are removed. ``label``, ``definition``: those of ``into``
    after the merge, when given."""
    yaml, doc, book = load_tree(text)
    _check_merge(book, sources, into)
    for name, value in (("label", label), ("definition", definition)):
        if value is not None and not value.strip():
            raise PtceError(
                f"the {name} given for {into} is empty", hint=f"Give a {name}, or leave it out."
            )
    places = code_places(doc)
    target = places[into if into in book else sources[0]].node
    rest = sources if into in book else sources[1:]
    renames = {} if into in book else _subtree_ids(book, sources[0], into)
    for child in (child for source in rest for child in book.children(source)):
        renames.update(_subtree_ids(book, child.id, f"{into}.{child.id.rsplit('.', 1)[-1]}"))
    _check_free(book, renames, also_free=sources)
    if into not in book:
        drop_key(target, "retired")
    for name, value in (("label", label), ("definition", definition)):
        if value is not None:
            put_key(target, name, value.strip())
    for source in rest:
        node = places[source].node
        detach(places[source])
        for key in ("children", "rules", "examples"):
            if node.get(key):
                extend_list(target, key, node[key])
        if str(node.get("memo") or "").strip():
            memo = target.get("memo")
            put_key(
                target, "memo", appended_text(memo, node["memo"], "\n\n") if memo else node["memo"]
            )
    mapping = {**renames, **dict.fromkeys(sources, into)}
    apply_ids(doc, mapping)
    return dump_tree(yaml, doc, text, f"merging into {into}"), mapping


def split_code(
    text: str, source: str, into: list[str], labels: dict[str, str] | None = None
) -> str:
    """New codes ``into`` right after ``source``, which is retired. Each copies the definition
    (with a note of the split), inclusion and exclusion criteria of ``source``; no rules."""
    yaml, doc, book = load_tree(text)
    _known(book, source, retired=False)
    if not into or len(set(into)) != len(into):
        raise PtceError("split needs distinct new ids", hint="Give each new code its own id.")
    for new in into:
        _new_id(book, new)
    stray = sorted(set(labels or {}) - set(into))
    if stray:
        raise PtceError(f"labels for codes not in the split: {', '.join(stray)}")
    place = code_places(doc)[source]
    news = [split_node(place.node, new, (labels or {}).get(new), source) for new in into]
    tail = pop_tail(place.node)
    position = place.seq.index(place.node)
    for offset, node in enumerate(news, start=1):
        place.seq.insert(position + offset, node)
    push_tail(news[-1], tail)
    put_key(place.node, "retired", True, after="label")
    return dump_tree(yaml, doc, text, f"splitting {source}")


def move_code(text: str, code: str, parent: str | None) -> tuple[str, dict[str, str]]:
    """Move ``code`` and its subtree under ``parent`` (None: top level), as its last child;
    the ids follow the new parent (``COOP.LIEU`` under ``ECO`` becomes ``ECO.LIEU``)."""
    yaml, doc, book = load_tree(text)
    _known(book, code)
    if parent is not None:
        _known(book, parent)
        if parent == code or parent in _descendants(book, code):
            raise PtceError(
                f"cannot move {code} under {parent}: that is the code itself or a sub-code",
                hint="Choose a parent outside the code's subtree.",
            )
    new = f"{parent}.{code.rsplit('.', 1)[-1]}" if parent else code.rsplit(".", 1)[-1]
    mapping = {} if new == code else _subtree_ids(book, code, new)
    _check_free(book, mapping)
    places = code_places(doc)
    place, nodes = places[code], [p.node for p in places.values()]
    flat_book = any("parent" in n for n in nodes) and not any("children" in n for n in nodes)
    flat = place.owner is None and ("parent" in place.node or flat_book)
    if not flat:  # nested: the mapping moves
        detach(place)
        owner = doc if parent is None else places[parent].node
        extend_list(owner, "codes" if parent is None else "children", CommentedSeq([place.node]))
    if parent is None:
        drop_key(place.node, "parent")
    elif flat or "parent" in place.node:
        put_key(place.node, "parent", id_like(place.node.get("parent"), parent))
    apply_ids(doc, mapping)
    return dump_tree(yaml, doc, text, f"moving {code}"), mapping


def retire_code(text: str, code: str) -> str:
    """Mark ``code`` ``retired: true``: kept for the history, no longer offered for coding."""
    yaml, doc, book = load_tree(text)
    _known(book, code, retired=False)
    put_key(code_places(doc)[code].node, "retired", True, after="label")
    return dump_tree(yaml, doc, text, f"retiring {code}")


def unretire_code(text: str, code: str) -> str:
    """Remove ``retired: true`` from ``code``."""
    yaml, doc, book = load_tree(text)
    _known(book, code, retired=True)
    drop_key(code_places(doc)[code].node, "retired")
    return dump_tree(yaml, doc, text, f"unretiring {code}")


def _known(book: Codebook, code: str, retired: bool | None = None) -> None:
    """Refuse an unknown code, or one that is (``retired=False``) or is not retired."""
    if code not in book:
        raise PtceError(f"unknown code {code!r}{book.did_you_mean(code)}", hint=SHOW_HINT)
    if retired is not None and book.get(code).retired != retired:
        state = "already retired" if retired is False else "not retired"
        raise PtceError(f"code {code} is {state}", hint=SHOW_HINT)


def _new_id(book: Codebook, new: str) -> None:
    if not isinstance(new, str) or not CODE_ID.match(new):
        raise PtceError(
            f"invalid code id {new!r}",
            hint="Ids are dotted upper-case ASCII, like COOP.MUTUALISATION.LIEU.",
        )
    if new in book:
        raise PtceError(f"code {new} already exists", hint="Choose another id, or merge the codes.")


def _check_tree_id(book: Codebook, old: str, new: str) -> None:
    """A renamed code keeps its place in the tree: its new id may not read as under a code
    that is not there (ids follow the tree: `move` renames them). An id that already did
    not (a code off the tree) may keep the same head."""
    above = new.rsplit(".", 1)[0] if "." in new else None
    if above is None or above == old.rsplit(".", 1)[0]:
        return
    if above == old or above.startswith(old + "."):
        raise PtceError(
            f"cannot rename {old} to {new}: the new id reads as a sub-code of {above}, "
            "which would no longer exist",
            hint=f"To divide {old} into finer codes: `ptce-coding codebook split {old} --into "
            f"{new},…`; to add a sub-code, write {new} under {old} in the codebook.",
        )
    if above not in book:
        raise PtceError(
            f"cannot rename {old} to {new}: the new id reads as a sub-code of {above}, which "
            "is not in the codebook",
            hint=f"Choose an id under an existing code; to put {old} under another code: "
            f"`ptce-coding codebook move {old} PARENT`. {SHOW_HINT}",
        )


def _check_merge(book: Codebook, sources: list[str], into: str) -> None:
    if not sources or len(set(sources)) != len(sources):
        raise PtceError("merge needs distinct source codes", hint="List each source once.")
    for code in sources:
        _known(book, code)
    if into in sources:
        raise PtceError(f"cannot merge {into} into itself", hint="Leave it out of the sources.")
    if into in book and book.get(into).retired:
        raise PtceError(
            f"code {into} is already retired: a merge cannot give it new codings",
            hint=f"`ptce-coding codebook unretire {into}` first, or merge into another code.",
        )
    if into not in book:
        _new_id(book, into)
    for code in sources:
        inside = sorted(set(_descendants(book, code)) & {*sources, into})
        if inside:
            raise PtceError(
                f"cannot merge {code} with its own sub-code(s) {', '.join(inside)}",
                hint="Merge the sub-codes first, or move them out of the code.",
            )


def _check_free(book: Codebook, mapping: dict[str, str], also_free: Collection[str] = ()) -> None:
    taken = dict.fromkeys({code.id for code in book.codes} - set(mapping) - set(also_free), "")
    for old, new in mapping.items():
        if new in taken:
            other = f"the new id of {taken[new]}" if taken[new] else "an id already in use"
            raise PtceError(f"{old} would become {new}, {other}", hint="Rename or move it first.")
        taken[new] = old


def _descendants(book: Codebook, code: str) -> list[str]:
    return [d for child in book.children(code) for d in (child.id, *_descendants(book, child.id))]


def _subtree_ids(book: Codebook, code: str, new: str) -> dict[str, str]:
    """``code`` -> ``new`` and each descendant ``code.X`` -> ``new.X``."""
    inside = [d for d in _descendants(book, code) if d.startswith(code + ".")]
    return {code: new, **{d: new + d[len(code) :] for d in inside}}
