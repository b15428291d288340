"""What changed between two versions of a codebook."""

from __future__ import annotations

from ptce_coding.codebook.model import Code, Codebook

FIELDS = ("label", "parent", "definition", "include", "exclude", "examples", "memo", "retired")


def _rules(code: Code) -> set[tuple[object, ...]]:
    return {(r.kind, r.terms, repr(r.pattern), r.regex, r.window, r.veto) for r in code.rules}


def diff(
    before: Codebook, after: Codebook, renames: dict[str, str] | None = None
) -> list[dict[str, str]]:
    """Rows (change, code, detail): added, removed, renamed (from the store's history, or a
    removed and an added code with the same label), changed fields, changed rules."""
    renames = dict(renames or {})
    old_ids = {c.id for c in before.codes}
    new_ids = {c.id for c in after.codes}
    removed, added = old_ids - new_ids, new_ids - old_ids
    for old in sorted(removed):
        if old in renames and renames[old] in added:
            continue
        twins = [c for c in added if after.get(c).label == before.get(old).label]
        if len(twins) == 1:
            renames[old] = twins[0]
    rows = []
    for old, new in sorted(renames.items()):
        if old in removed and new in added:
            rows.append({"change": "renamed", "code": new, "detail": f"was {old}"})
            removed.discard(old)
            added.discard(new)
    rows += [
        {"change": "removed", "code": c, "detail": before.get(c).label} for c in sorted(removed)
    ]
    rows += [{"change": "added", "code": c, "detail": after.get(c).label} for c in sorted(added)]
    pairs = [(c, c) for c in sorted(old_ids & new_ids)]
    pairs += [(o, n) for o, n in sorted(renames.items()) if o in old_ids and n in new_ids]
    for old, new in pairs:
        first, second = before.get(old), after.get(new)
        for name in FIELDS:
            if getattr(first, name) != getattr(second, name):
                before_value, after_value = getattr(first, name), getattr(second, name)
                detail = f"{before_value!r} → {after_value!r}"
                rows.append({"change": f"{name} changed", "code": new, "detail": detail})
        gained, lost = _rules(second) - _rules(first), _rules(first) - _rules(second)
        if gained or lost:
            detail = f"{len(gained)} rule(s) added, {len(lost)} removed"
            rows.append({"change": "rules changed", "code": new, "detail": detail})
    return rows
