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

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ptce_coding.base.errors import ProjectError

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
        raise ProjectError(f"`{name}` must be a whole number of at least {least}", path=path)
    return value


def compare_settings(data: Any, path: Path) -> CompareSettings:
    """The section, checked; every problem names the setting and what it takes."""
    if not isinstance(data, dict):
        raise ProjectError("`compare` must be a mapping", path=path)
    unknown = sorted(set(data) - KEYS)
    if unknown:
        raise ProjectError(
            f"unknown `compare` setting(s): {', '.join(unknown)}",
            path=path,
            hint=f"Known: {', '.join(sorted(KEYS))}.",
        )
    level = _whole(data.get("level", 2), "compare.level", 1, path)
    typology = data.get("typology", "ward")
    if typology not in ("ward", "jaccard"):
        raise ProjectError("`compare.typology` must be ward or jaccard", path=path)
    types = data.get("types")
    if types is not None:
        types = _whole(types, "compare.types", 2, path)
    qca = data.get("qca") or {}
    if not isinstance(qca, dict):
        raise ProjectError("`compare.qca` must be a mapping", path=path)
    unknown = sorted(set(qca) - QCA_KEYS)
    if unknown:
        raise ProjectError(
            f"unknown `compare.qca` setting(s): {', '.join(unknown)}",
            path=path,
            hint=f"Known: {', '.join(sorted(QCA_KEYS))}.",
        )
    outcome = qca.get("outcome", "")
    conditions = qca.get("conditions", [])
    if not isinstance(outcome, str):
        raise ProjectError("`compare.qca.outcome` must be a text", path=path)
    if not isinstance(conditions, list) or not all(
        isinstance(c, str) and c.strip() for c in conditions
    ):
        raise ProjectError("`compare.qca.conditions` must be a list of texts", path=path)
    if bool(outcome.strip()) != bool(conditions):
        raise ProjectError(
            "`compare.qca` needs both an outcome and a list of conditions", path=path
        )
    cut = qca.get("cut", 1.0)
    if isinstance(cut, bool) or not isinstance(cut, int | float) or not 0 < cut <= 1:
        raise ProjectError("`compare.qca.cut` must be a number in ]0, 1]", path=path)
    return CompareSettings(
        level=level,
        typology=typology,
        types=types,
        outcome=outcome.strip(),
        conditions=tuple(c.strip() for c in conditions),
        min_segments=_whole(qca.get("min_segments", 1), "compare.qca.min_segments", 1, path),
        cut=float(cut),
    )
