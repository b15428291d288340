"""The comparison as a reader meets it (user trial s38-T): the factor map's labels by their
points, the annex's truth table as one table with short ids, the attributes of a type by
their names, the codes tied at a test value all said as tied, and a bad condition refused
alone."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner
from matplotlib.text import Text

from ptce_coding.app.project import find_project
from ptce_coding.base.charts import DPI, ChartText
from ptce_coding.base.records import Coding
from ptce_coding.cli import cli
from ptce_coding.compare import charts
from tests.test_compare_cli import COMPARE, LAYOUT, build, set_compare

# the demo's correspondence analysis, as `run` left it (suggestions counted): the trial's map
# printed « Conseil d'administration… » over « Pôle Bois & Habitat… », far from its triangle
POLES = {
    "bois-habitat-morvanne": (-0.704, -0.07, 0.529, 0.006),
    "collectif-biscuiterie": (0.17, 1.119, 0.014, 0.698),
    "ressources-val-de-lisonne": (0.312, 0.18, 0.072, 0.029),
    "terres-d-orlan": (-0.072, -0.361, 0.004, 0.133),
    "trois-vallons": (0.757, -0.411, 0.38, 0.133),
}
NAMES = {
    "bois-habitat-morvanne": "Pôle Bois & Habitat du Val de Morvanne",
    "collectif-biscuiterie": "Collectif de la Biscuiterie",
    "ressources-val-de-lisonne": "Pôle Ressources du Val de Lisonne",
    "terres-d-orlan": "Pôle Alimentaire Terres d'Orlan",
    "trois-vallons": "Pôle Services Ruraux des Trois Vallons",
}
CODES = {
    "Gouvernance déléguée et comité de pilotage": (1.367, -0.716, 0.195, 0.064),
    "Mutualisation (niveau 1)": (0.401, 1.881, 0.008, 0.219),
    "Types de membres": (-0.591, -0.346, 0.123, 0.05),
    "Projets économiques communs (niveau 2)": (-0.025, 1.248, 0.0, 0.097),
    "Critères d'appartenance": (0.332, 2.38, 0.001, 0.088),
    "Indicateurs et tableaux de bord": (0.937, -0.838, 0.034, 0.033),
    "Prise de décision et démocratie interne": (-0.947, 0.483, 0.047, 0.014),
    "Emplois du pôle": (-0.384, -0.153, 0.048, 0.009),
    "Activités de coopération": (0.47, 1.381, 0.006, 0.059),
    "Proximité géographique": (-1.373, -0.149, 0.049, 0.001),
    "Conseil d'administration et bureau (association, SCIC)": (-0.057, 0.582, 0.0, 0.052),
    "R&D, prospective et stratégie partagée (niveau 3)": (-0.805, 0.694, 0.025, 0.022),
}
COLUMNS = ["coord_1", "coord_2", "ctr_1", "ctr_2"]


@pytest.mark.slow  # matplotlib figures
def test_factor_map_sets_every_label_by_its_point_and_over_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    drawn = []

    def keep(fig, path_stem, formats):  # the figure as saved: its texts (not their
        # leader lines) measured
        fig.canvas.draw()  # the annotations' texts set at their offsets
        renderer = fig.canvas.get_renderer()
        ax = fig.axes[0]
        labels = [
            (
                t.get_text(),
                Text.get_window_extent(t, renderer),
                ax.transData.transform(t.xy),
                t.arrow_patch is not None,
            )
            for t in ax.texts
        ]
        drawn.append((labels, ax.transData))
        return []

    monkeypatch.setattr(charts, "save_figure", keep)
    rows = pd.DataFrame.from_dict(POLES, orient="index", columns=COLUMNS)
    columns = pd.DataFrame.from_dict(CODES, orient="index", columns=COLUMNS)
    axes = pd.DataFrame({"inertia": [0.263, 0.221], "percent": [34.2, 28.8]}, index=[1, 2])
    charts.factor_map(
        rows,
        columns,
        axes,
        tmp_path / "afc",
        ChartText(title="Analyse des correspondances", case_labels=NAMES),
        charts.ChartBasis(5, 10),
    )
    (labels, _), *_ = drawn
    assert len(labels) == 17  # 5 poles, 12 codes: each its own label
    points = np.array([point for _, _, point, _ in labels])
    radius = np.sqrt(46) / 2 * DPI / 72  # a pole marker's radius (46 points²), in pixels
    for (text, box, _, _), (other, box2, _, _) in itertools.combinations(labels, 2):
        assert not box.overlaps(box2), f"{text!r} over {other!r}"
    for text, box, point, leader in labels:
        near = np.hypot(
            np.maximum(np.maximum(box.x0 - points[:, 0], points[:, 0] - box.x1), 0),
            np.maximum(np.maximum(box.y0 - points[:, 1], points[:, 1] - box.y1), 0),
        )
        own = int(np.argmin(np.hypot(*(points - point).T)))
        assert leader or near.argmin() == own, f"{text!r} reads as another point's"
        assert (near[np.arange(len(points)) != own] > radius).all(), f"{text!r} over a point"
    assert sum(leader for *_, leader in labels) <= 3  # most labels right by their point


@pytest.fixture(scope="module")
def reported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("readable") / "study"
    build(root, CliRunner(), LAYOUT)
    set_compare(root, COMPARE)
    result = CliRunner().invoke(cli, ["report", "--project", str(root)])
    assert result.exit_code == 0, result.output
    return root / "outputs" / "report"


@pytest.mark.slow  # matplotlib figures
def test_annex_truth_table_reads_as_one_table_with_short_ids(reported: Path) -> None:
    markdown = (reported / "synthese.md").read_text(encoding="utf-8")
    chapter = markdown[markdown.index("### Table de vérité") : markdown.index("## Méthode")]
    assert "- **C1** : code COOP.LIEU (" in chapter
    assert "- **C2** : code ECO.PUBLIC (" in chapter
    # the attribute by its heading, as the poles' table names it (« laureat » before s39)
    assert "- **R** : résultat étudié : « Lauréat de l'appel » renseigné" in chapter
    assert "« \\* » se lit « et »" in chapter  # the notation explained
    assert "| configuration | C1 | C2 | R | n | consistance | pôles |" in chapter
    assert "`C1*~C2 conduit à R`" in chapter  # was `COOP.LIEU*~ECO.PUBLIC -> laureat`
    assert "->" not in chapter and "\u200b" not in chapter
    from docx import Document

    tables = Document(str(reported / "synthese.docx")).tables
    truth = [t for t in tables if t.rows[0].cells[0].text == "Ligne"]
    assert len(truth) == 1  # one table, never parts joined by their first column
    header = [cell.text for cell in truth[0].rows[0].cells]
    assert header == ["Ligne", "C1", "C2", "R", "n", "consistance", "pôles"]
    terms = [t for t in tables if t.rows[0].cells[0].text == "Terme"]
    assert {t.rows[1].cells[0].text for t in terms} == {"C1*~C2", "~C2"}  # complex, parsim.


@pytest.mark.slow  # matplotlib figures
def test_type_attributes_read_by_their_names(reported: Path) -> None:
    markdown = (reported / "synthese.md").read_text(encoding="utf-8")
    chapter = markdown[markdown.index("### Classification des pôles") :]
    chapter = chapter[: chapter.index("### Table de vérité")]
    assert "- Gouvernance « monocentrique » : 2 pôles sur 2 du type" in chapter
    assert "gouvernance = " not in chapter and "laureat = " not in chapter


# a one-pole type: pole-1 alone has six codes (its shares against 0 everywhere else: every
# one at v = sqrt(5 − 1) = 2)
SIX = [f"TERR.C{i}" for i in range(1, 7)]
TERR = (
    "  - id: TERR\n    label: Territoire\n    definition: Le territoire.\n    children:\n"
    + "".join(
        f"      - id: {code}\n        label: Code {code[-1]}\n        definition: Un code.\n"
        for code in SIX
    )
)


@pytest.mark.slow  # the dendrogram figure
def test_typology_lists_every_code_tied_and_says_so(tmp_path: Path) -> None:
    root = tmp_path / "ties"
    runner = CliRunner()
    build(root, runner, {p: (0, 0, 0) if p == "pole-1" else c for p, c in LAYOUT.items()})
    codebook = root / "codebooks" / "ptce.yaml"
    codebook.write_text(codebook.read_text(encoding="utf-8") + TERR, encoding="utf-8")
    with find_project(root).open_store() as store:
        text = store.document("pole-1/entretien.txt").text
        starts = [text.index(f"Réponse {i} ") for i in range(6)]
        store.add_codings(
            [
                Coding("pole-1/entretien.txt", start, text.index("\n", start), code, "anne")
                for start, code in zip(starts, SIX, strict=True)
            ]
        )
    result = runner.invoke(cli, ["compare", "typology", "--project", str(root)])
    assert result.exit_code == 0, result.output
    line = next(x for x in result.output.splitlines() if x.startswith("  type 1: pole-1:"))
    assert all(f"{code} (v=2.00)" in line for code in SIX), line  # was 5 of the 6
    assert line.endswith("; 6 codes tied at v=2.00, all listed")
    written = pd.read_csv(root / "outputs" / "compare" / "typology-codes.csv")
    assert sorted(written[written["type"] == 1]["code"]) == SIX
    result = runner.invoke(cli, ["report", "--project", str(root)])
    assert result.exit_code == 0, result.output
    markdown = (root / "outputs" / "report" / "synthese.md").read_text(encoding="utf-8")
    tied = re.findall(r"valeur-test 2,00, à égalité avec 5 autres codes\)", markdown)
    assert len(tied) == 6


def test_qca_with_an_unknown_condition_says_the_error_alone(tmp_path: Path) -> None:
    root = tmp_path / "unknown"
    runner = CliRunner()
    build(root, runner, LAYOUT)
    arguments = ["--outcome", "laureat", "--conditions", "COOP.LIEUX", "--project", str(root)]
    result = runner.invoke(cli, ["compare", "qca", *arguments])
    assert result.exit_code == 1
    assert re.match(r"Error: 'COOP\.LIEUX' is neither a code .*did you mean", result.output)
    assert "compared on case attributes only" not in result.output
