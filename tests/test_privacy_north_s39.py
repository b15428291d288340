"""« le Nord » said alone is the département (or the north of France), a place that locates a
pole, while « le Nord de Lille » or « l'Amérique du Nord » stay directions (s39).

Session 38 read every point of the compass as no place, so « on s'est installés dans le Nord »
was never proposed for pseudonymisation: the interview kept the pole's département.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from click.testing import Result

from tests.privacy_support import applied_segments, project_with, review_rows

Invoke = Callable[..., Result]
Label = Callable[[dict[str, str]], None]

NORTH = """\
Enquêteur : Où êtes-vous installés ?

Claude Vernier : On s'est installés dans le Nord en 2012. Les gens du Nord sont accueillants. \
Le dépôt est au Nord de Montaurel, et nos clients sont en Amérique du Nord.
"""


def test_the_nord_said_alone_is_a_place_and_a_direction_is_not(
    tmp_project: Path, invoke: Invoke, tmp_path: Path, labelled: Label
) -> None:
    """Before: no row `Nord`, and « dans le Nord » kept in the anonymised text."""
    labelled({"Nord": "LOC", "Montaurel": "LOC", "Claude Vernier": "PER"})
    root = project_with(tmp_project, invoke, {"pole-a/nord.txt": NORTH})
    rows = review_rows(invoke, root)
    assert rows["Nord"]["kind"] == "place", rows
    text = " ".join(r["text"] for r in applied_segments(invoke, root, tmp_path))
    assert "dans le Nord en" not in text, text
    assert "Les gens du Nord sont" not in text, text
    # directions from a place, and the north of a continent, are left as they are
    assert "au Nord de " in text, text
    assert "en Amérique du Nord." in text, text
