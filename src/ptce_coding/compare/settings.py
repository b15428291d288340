"""The `compare` section of project.yaml: what the report's « Typologie des pôles » shows.

```yaml
compare:
  level: 2                 # code depth of the correspondence analysis and the typology
  typology: ward           # ward (on the CA axes) or jaccard (codes present)
  types: null              # a number of types, or null for the largest jump
  qca:                     # optional: a truth table in the report
    outcome: laureat_appel # an attribute, attribute=value, a code, or ~name for its absence
    conditions: [EMERG.ACC.COLLECTIVITES, EMERG.DET.INTERCONNAISSANCE]
    min_segments: 2        # a code is present in a pole coded in at least this many segments
    cut: 1                 # consistency a configuration needs for outcome 1
```
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ptce_coding.base.settings import refuse_unknown, setting_error

KEYS = {"level", "typology", "types", "qca"}
QCA_KEYS = {"outcome", "conditions", "min_segments", "cut"}


@dataclass(frozen=True)
class CompareSettings:
    level: int = 2
    typology: str = "ward"
    types: int | None = None
    outcome: str = ""
    conditions: tuple[str, ...] = ()
    min_segments: int = 1
    cut: float = 1.0

    @property
    def has_qca(self) -> bool:
        return bool(self.outcome and self.conditions)


def _whole(value: Any, name: str, least: int, path: Path) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < least:
        raise setting_error(
            path, name, f"`{name}` must be a whole number of at least {least}, not {value!r}"
        )
    return value


def compare_settings(
    data: Any, path: Path, sections: Mapping[str, Collection[str]] | None = None
) -> CompareSettings:
    """The section, checked; every problem names the setting, its line and what it takes.
    ``sections``: every section's keys (app/project.py), to say where a misplaced key
    belongs; by default this section's own."""
    sections = sections or {"compare": KEYS, "compare.qca": QCA_KEYS}
    if not isinstance(data, dict):
        raise setting_error(path, "compare", "`compare` must be a mapping")
    refuse_unknown("compare", data, sections, path)
    level = _whole(data.get("level", 2), "compare.level", 1, path)
    typology = data.get("typology", "ward")
    if typology not in ("ward", "jaccard"):
        raise setting_error(
            path,
            "compare.typology",
            f"`compare.typology` must be ward or jaccard, not {typology!r}",
            hint="ward: clusters on the correspondence analysis's axes; jaccard: on the codes "
            "present (in small letters).",
        )
    types = data.get("types")
    if types is not None:
        types = _whole(types, "compare.types", 2, path)
    qca = data.get("qca") or {}
    if not isinstance(qca, dict):
        raise setting_error(path, "compare.qca", "`compare.qca` must be a mapping")
    refuse_unknown("compare.qca", qca, sections, path)
    outcome = qca.get("outcome", "")
    conditions = qca.get("conditions", [])
    if not isinstance(outcome, str):
        raise setting_error(
            path, "compare.qca.outcome", f"`compare.qca.outcome` must be a text, not {outcome!r}"
        )
    if not isinstance(conditions, list) or not all(
        isinstance(c, str) and c.strip() for c in conditions
    ):
        raise setting_error(
            path,
            "compare.qca.conditions",
            f"`compare.qca.conditions` must be a list of texts, not {conditions!r}",
            hint="Write them in brackets: `conditions: [EMERG.ACC.COLLECTIVITES, "
            "forme_juridique=SCIC]`.",
        )
    if bool(outcome.strip()) != bool(conditions):
        raise setting_error(
            path,
            "compare.qca",
            "`compare.qca` needs both an outcome and a list of conditions",
            hint="Give `outcome:` and `conditions:` under `qca:`, or remove `qca:`.",
        )
    _check_conditions(outcome.strip(), [c.strip() for c in conditions], path)
    cut = qca.get("cut", 1.0)
    if isinstance(cut, bool) or not isinstance(cut, int | float) or not 0 < cut <= 1:
        raise setting_error(
            path, "compare.qca.cut", f"`compare.qca.cut` must be a number in ]0, 1], not {cut!r}"
        )
    return CompareSettings(
        level=level,
        typology=typology,
        types=types,
        outcome=outcome.strip(),
        conditions=tuple(c.strip() for c in conditions),
        min_segments=_whole(qca.get("min_segments", 1), "compare.qca.min_segments", 1, path),
        cut=float(cut),
    )


def _check_conditions(outcome: str, conditions: list[str], path: Path) -> None:
    """Each condition once, not negated, and not the outcome: a condition given twice made
    two columns of one name, which the truth table cannot group by (a traceback in `report`
    and `run`)."""
    key = "compare.qca.conditions"
    seen: set[str] = set()
    for condition in conditions:
        if condition.startswith("~"):
            raise setting_error(
                path,
                key,
                f"`{key}`: {condition} is negated; `~` marks the outcome's absence only",
                hint=f"Write {condition.lstrip('~')}: the truth table reads each condition's "
                "absence too (0 in its column).",
            )
        if condition in seen:
            raise setting_error(
                path,
                key,
                f"`{key}`: {condition} is given twice",
                hint="List each condition once.",
            )
        seen.add(condition)
    if outcome.lstrip("~") in seen:
        raise setting_error(
            path,
            key,
            f"`{key}`: {outcome.lstrip('~')} is also the outcome (`compare.qca.outcome`)",
            hint="A truth table explains the outcome by other conditions: remove it from the "
            "conditions.",
        )
