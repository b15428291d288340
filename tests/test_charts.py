"""Charts of the synthesis report: files, labels kept whole, reproducible bytes, edge cases."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import matplotlib
import matplotlib.image
import numpy as np
import pandas as pd
import pytest

from ptce_coding.report import charts

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
SVG_TEXT = "{http://www.w3.org/2000/svg}text"

AXES = {
    "MORPH": "Morphologie",
    "OBJ": "Principaux objectifs",
    "COOP": "Activités de coopération",
    "GOUV": "Modes de gouvernance",
    "ECO": "Fonctionnement économique",
    "EMERG": "Émergence",
    "TERR": "Territorialité (proximités géographique, organisée et institutionnelle)",
    "INST": "Relations aux institutions et politiques publiques",
    "EVAL": "Évaluation et mesure d'impact social",
}
TOPICS = [
    "Mutualisation de locaux, d'équipements et de fonctions support entre structures membres",
    "Échanges d'informations, de savoir-faire et de compétences",
    "Création d'activités nouvelles et incubation de projets d'entrepreneuriat social",
    "Gouvernance déléguée à un comité de pilotage « élargi »",
    "Hybridation des ressources : marchand, non marchand, non monétaire",
    "Déterminants de l'émergence : histoire commune et confiance préalable",
    "Ancrage territorial et proximité géographique des partenaires",
    "Soutien de la Région, du Département et des intercommunalités",
    "Mesure de l'impact social et de la valeur ajoutée territoriale",
    "Emplois partagés et groupement d'employeurs",
]
POLES = [
    "Pôle Sud Archer",
    "Le Phares",
    "Coopérative Pointcarré",
    "Culture et Coopération",
    "Pôle ESS du Pays de Morlaix",
    "Domaine de la Pôlerie",
    "TETRIS Grasse",
    "Les Ateliers de la Bergerette",
    "Pôle territorial de coopération économique du Grand Briançonnais",
    "Coursive Boutaric",
    "Archipel",
    "Sud Ouest Mutualisation",
]
CASES = {f"P{i:02d}": name for i, name in enumerate(POLES, start=1)}


def codes_and_labels(n: int) -> dict[str, str]:
    """``n`` dotted code ids in axis order, with long French labels."""
    labels: dict[str, str] = {}
    axes = list(AXES)
    for i in range(n):
        axis = axes[i * len(axes) // n]
        labels[f"{axis}.C{i:02d}"] = f"{TOPICS[i % len(TOPICS)]} ({i})"
    return labels


def counts(rows: list[str], columns: list[str], seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame(
        rng.poisson(rng.gamma(1.0, 3.0, size=(len(rows), len(columns)))),
        index=pd.Index(rows, name="case"),
        columns=pd.Index(columns, name="code"),
    )


def svg_lines(path: Path) -> str:
    """The SVG's text elements, in document order, joined by spaces (wrapped lines rejoin)."""
    root = ET.parse(path).getroot()
    return " ".join("".join(el.itertext()) for el in root.iter(SVG_TEXT))


def check_png(path: Path, min_width: int = 300, min_height: int = 200) -> tuple[int, int]:
    assert path.read_bytes()[:8] == PNG_SIGNATURE
    image = matplotlib.image.imread(path)
    height, width = image.shape[:2]
    assert min_width <= width <= 12000
    assert min_height <= height <= 12000
    return width, height


def check_pair(paths: list[Path], stem: Path) -> tuple[Path, Path]:
    assert paths == [stem.with_name(stem.name + ".png"), stem.with_name(stem.name + ".svg")]
    png, svg = paths
    assert png.is_file() and svg.is_file()
    assert not list(stem.parent.glob("*.part")), "temporary files left behind"
    return png, svg


# --------------------------------------------------------------------------------------------
# Heatmaps
# --------------------------------------------------------------------------------------------


@pytest.mark.slow  # matplotlib figures
def test_heatmap_12_cases_60_codes(tmp_path: Path) -> None:
    labels = codes_and_labels(60)
    matrix = counts(list(CASES), list(labels))
    matrix.iloc[2, 7] = np.nan
    stem = tmp_path / "cases_codes"
    png, svg = check_pair(
        charts.heatmap(
            matrix,
            stem,
            charts.ChartText(
                title="Segments codés par pôle et par code",
                value_label="Nombre de segments codés",
                code_labels=labels,
                case_labels=CASES,
            ),
        ),
        stem,
    )
    width, height = check_png(png, min_width=1200, min_height=600)
    assert width > height  # codes along the width
    text = svg_lines(svg)
    for code, label in labels.items():
        assert f"{code} — {label}" in text, label
    for name in POLES:
        assert name in text
    assert "Nombre de segments codés" in text
    assert "valeur manquante" in text  # the hatched cell has a key
    assert "Segments codés par pôle et par code" in text


@pytest.mark.slow  # matplotlib figures
def test_heatmap_transposed_puts_codes_in_rows(tmp_path: Path) -> None:
    labels = codes_and_labels(60)
    matrix = counts(list(CASES), list(labels))
    png, svg = charts.heatmap(
        matrix,
        tmp_path / "codes_cases",
        charts.ChartText(
            title="Segments codés",
            value_label="Segments",
            code_labels=labels,
            case_labels=CASES,
            label_style="label",
        ),
        transpose=True,
    )
    width, height = check_png(png)
    assert height > width
    text = svg_lines(svg)
    assert all(label in text for label in labels.values())
    assert "MORPH.C00" not in text  # label_style="label": labels alone


@pytest.mark.slow  # matplotlib figures
def test_heatmap_axes_percent_annotations(tmp_path: Path) -> None:
    matrix = pd.DataFrame(
        np.linspace(0, 40, 45).reshape(5, 9).round(1),
        index=list(CASES)[:5],
        columns=list(AXES),
    )
    matrix.iloc[0, 1] = 12.5
    png, svg = charts.heatmap(
        matrix,
        tmp_path / "axes",
        charts.ChartText(
            title="Part des segments codés par axe",
            value_label="Part des segments (%)",
            code_labels=AXES,
            case_labels=CASES,
        ),
        percent=True,
    )
    check_png(png)
    text = svg_lines(svg)
    for axis, label in AXES.items():
        assert f"{axis} — {label}" in text
    assert "Activités de coopération" in text
    cells = {"".join(el.itertext()) for el in ET.parse(svg).getroot().iter(SVG_TEXT)}
    assert "12,5" in cells and "0,0" in cells and "40,0" in cells
    assert "12.5" not in text
    assert "Pôle Sud Archer" in text  # the cases named by case_labels


@pytest.mark.slow  # matplotlib figures
def test_heatmap_label_styles(tmp_path: Path) -> None:
    matrix = counts(list(CASES)[:3], list(AXES))
    _, svg = charts.heatmap(
        matrix,
        tmp_path / "codes",
        charts.ChartText(
            title="Axes", value_label="Segments", code_labels=AXES, label_style="code"
        ),
    )
    text = svg_lines(svg)
    assert "COOP" in text and "Activités de coopération" not in text
    assert "P01" in text  # no case_labels: the case ids


@pytest.mark.slow  # matplotlib figures
def test_heatmap_same_input_same_bytes(tmp_path: Path) -> None:
    labels = codes_and_labels(20)
    matrix = counts(list(CASES)[:6], list(labels))
    matrix.iloc[1, 1] = np.nan  # hatches and their SVG pattern ids too
    outputs = []
    for name in ("one", "two"):
        outputs.append(
            charts.heatmap(
                matrix,
                tmp_path / name / "chart",
                charts.ChartText(
                    title="Reproductible",
                    value_label="Segments",
                    code_labels=labels,
                    case_labels=CASES,
                ),
            )
        )
    (png1, svg1), (png2, svg2) = outputs
    assert svg1.read_bytes() == svg2.read_bytes()
    assert png1.read_bytes() == png2.read_bytes()
    assert b"<dc:date>" not in svg1.read_bytes()


@pytest.mark.slow  # matplotlib figures
def test_svg_keeps_text_as_text(tmp_path: Path) -> None:
    _, svg = charts.heatmap(
        counts(["A", "B"], ["COOP", "GOUV"]),
        tmp_path / "small",
        charts.ChartText(
            title="Texte « à garder » — œuvre", value_label="Segments", code_labels=AXES
        ),
    )
    data = svg.read_text(encoding="utf-8")
    assert "DejaVuSans-" not in data  # no glyph outlines
    assert "Texte « à garder » — œuvre" in svg_lines(svg)


@pytest.mark.slow  # matplotlib figures
def test_all_zero_matrix_still_draws(tmp_path: Path) -> None:
    matrix = pd.DataFrame(0, index=list(CASES)[:5], columns=list(AXES))
    png, svg = charts.heatmap(
        matrix,
        tmp_path / "zero",
        charts.ChartText(title="Rien", value_label="Segments", code_labels=AXES),
    )
    check_png(png)
    assert "Morphologie" in svg_lines(svg)
    bars = charts.axis_bars(
        matrix.iloc[:, :4],
        tmp_path / "zero_bars",
        charts.ChartText(title="Rien", value_label="Segments"),
    )
    check_png(bars[0])
    square = pd.DataFrame(0, index=list(AXES), columns=list(AXES))
    check_png(
        charts.cooccurrence_heatmap(
            square, tmp_path / "zero_co", charts.ChartText(title="Rien", code_labels=AXES)
        )[0]
    )


@pytest.mark.slow  # matplotlib figures
def test_all_missing_matrix_still_draws(tmp_path: Path) -> None:
    matrix = pd.DataFrame(np.nan, index=["A", "B"], columns=["COOP", "GOUV"])
    png, _ = charts.heatmap(
        matrix, tmp_path / "nan", charts.ChartText(title="Vide", value_label="Segments")
    )
    check_png(png, min_width=100, min_height=100)


@pytest.mark.parametrize(
    "matrix",
    [
        pd.DataFrame(index=["A", "B"], columns=[]),
        pd.DataFrame(columns=["COOP", "GOUV"]),
        pd.DataFrame(),
    ],
    ids=["no-columns", "no-rows", "nothing"],
)
def test_empty_matrix_raises(tmp_path: Path, matrix: pd.DataFrame) -> None:
    with pytest.raises(ValueError, match="empty matrix"):
        charts.heatmap(matrix, tmp_path / "h", charts.ChartText(title="t", value_label="v"))
    with pytest.raises(ValueError, match="empty matrix"):
        charts.axis_bars(matrix, tmp_path / "b", charts.ChartText(title="t", value_label="v"))
    with pytest.raises(ValueError, match="empty matrix"):
        charts.cooccurrence_heatmap(matrix, tmp_path / "c", charts.ChartText(title="t"))
    assert not list(tmp_path.iterdir())


def test_non_numeric_matrix_raises(tmp_path: Path) -> None:
    matrix = pd.DataFrame({"COOP": ["beaucoup"], "GOUV": [1]}, index=["A"])
    with pytest.raises(ValueError, match="needs numbers"):
        charts.heatmap(matrix, tmp_path / "h", charts.ChartText(title="t", value_label="v"))


@pytest.mark.slow  # matplotlib figures
def test_stem_with_extension_and_formats(tmp_path: Path) -> None:
    matrix = counts(["A", "B"], ["COOP", "GOUV"])
    paths = charts.heatmap(
        matrix,
        tmp_path / "chart.png",
        charts.ChartText(title="t", value_label="v"),
        formats=("svg",),
    )
    assert paths == [tmp_path / "chart.svg"]
    with pytest.raises(ValueError, match="formats"):
        charts.heatmap(
            matrix,
            tmp_path / "chart",
            charts.ChartText(title="t", value_label="v"),
            formats=("pdf",),
        )


@pytest.mark.slow  # matplotlib figures
def test_rc_params_left_untouched(tmp_path: Path) -> None:
    before = dict(matplotlib.rcParams)
    charts.heatmap(
        counts(["A"], ["COOP"]), tmp_path / "rc", charts.ChartText(title="t", value_label="v")
    )
    assert dict(matplotlib.rcParams) == before


# --------------------------------------------------------------------------------------------
# Co-occurrences
# --------------------------------------------------------------------------------------------


def cooccurrences(codes: list[str], seed: int = 1) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    lower = np.tril(rng.poisson(3, size=(len(codes), len(codes))), k=-1)
    values = lower + lower.T
    np.fill_diagonal(values, rng.integers(20, 60, len(codes)))
    return pd.DataFrame(values, index=codes, columns=codes)


@pytest.mark.slow  # matplotlib figures
def test_cooccurrence_heatmap(tmp_path: Path) -> None:
    labels = codes_and_labels(12)
    matrix = cooccurrences(list(labels))
    shuffled = matrix[list(reversed(matrix.columns))]  # columns put back in the rows' order
    png, svg = charts.cooccurrence_heatmap(
        shuffled,
        tmp_path / "co",
        charts.ChartText(title="Co-occurrences des codes", code_labels=labels),
    )
    width, height = check_png(png, min_width=600, min_height=600)
    assert 0.5 < width / height < 2
    text = svg_lines(svg)
    for code, label in labels.items():
        assert f"{code} — {label}" in text
    assert "Diagonale encadrée" in text
    cells = {"".join(el.itertext()) for el in ET.parse(svg).getroot().iter(SVG_TEXT)}
    assert str(matrix.iloc[0, 0]) in cells  # the diagonal is annotated


@pytest.mark.slow  # matplotlib figures
def test_cooccurrence_full_square(tmp_path: Path) -> None:
    matrix = cooccurrences(list(AXES))
    matrix.iloc[0, 1] += 1  # asymmetric: only drawable in full
    with pytest.raises(ValueError, match="not symmetric"):
        charts.cooccurrence_heatmap(
            matrix, tmp_path / "co", charts.ChartText(title="t", code_labels=AXES)
        )
    png, _ = charts.cooccurrence_heatmap(
        matrix, tmp_path / "co", charts.ChartText(title="t", code_labels=AXES), lower_only=False
    )
    check_png(png)


def test_cooccurrence_must_be_square(tmp_path: Path) -> None:
    matrix = counts(["COOP", "GOUV"], ["COOP", "GOUV", "ECO"])
    with pytest.raises(ValueError, match="square"):
        charts.cooccurrence_heatmap(
            matrix, tmp_path / "co", charts.ChartText(title="t", code_labels=AXES)
        )


# --------------------------------------------------------------------------------------------
# Bars
# --------------------------------------------------------------------------------------------


@pytest.mark.slow  # matplotlib figures
def test_axis_bars_12_cases_15_codes_small_multiples(tmp_path: Path) -> None:
    labels = {f"COOP.C{i:02d}": f"{TOPICS[i % len(TOPICS)]} ({i})" for i in range(15)}
    matrix = counts(list(CASES), list(labels), seed=3)
    stem = tmp_path / "coop"
    png, svg = check_pair(
        charts.axis_bars(
            matrix,
            stem,
            charts.ChartText(
                title="COOP — Activités de coopération : segments codés par pôle",
                value_label="Nombre de segments codés",
                code_labels=labels,
                case_labels=CASES,
            ),
        ),
        stem,
    )
    check_png(png, min_width=900, min_height=900)
    text = svg_lines(svg)
    for label in labels.values():
        assert label in text
    for name in POLES:
        assert name in text
    assert "Activités de coopération" in text


@pytest.mark.slow  # matplotlib figures
def test_axis_bars_grouped_with_legend_and_missing(tmp_path: Path) -> None:
    labels = {f"GOUV.C{i}": TOPICS[i] for i in range(5)}
    matrix = counts(list(CASES)[:4], list(labels), seed=4).astype(float) * 2.5
    matrix.iloc[1, 2] = np.nan
    png, svg = charts.axis_bars(
        matrix,
        tmp_path / "gouv",
        charts.ChartText(
            title="GOUV — Modes de gouvernance",
            value_label="Part des segments (%)",
            code_labels=labels,
            case_labels=CASES,
            legend_title="Pôles",
            label_style="code_label",
        ),
        percent=True,
    )
    check_png(png)
    text = svg_lines(svg)
    for code, label in labels.items():
        assert f"{code} — {label}" in text
    for name in POLES[:4]:
        assert name in text
    assert "Pôles" in text and "n.d." in text
    assert "." not in "".join(t for t in text.split() if t[:1].isdigit())  # decimal commas


@pytest.mark.slow  # matplotlib figures
def test_axis_bars_layouts(tmp_path: Path) -> None:
    matrix = counts(list(CASES)[:3], ["ECO.A", "ECO.B"])
    for layout in ("grouped", "panels"):
        check_png(
            charts.axis_bars(
                matrix,
                tmp_path / layout,
                charts.ChartText(title="t", value_label="v"),
                layout=layout,
            )[0],
            min_width=100,
            min_height=100,
        )
    with pytest.raises(ValueError, match="layout"):
        charts.axis_bars(
            matrix, tmp_path / "x", charts.ChartText(title="t", value_label="v"), layout="pie"
        )


def test_french_numbers() -> None:
    assert charts.french_number(12.5, 1) == "12,5"
    assert charts.french_number(1234.5, 1) == "1\u202f234,5"
    assert charts.french_number(-3, 0) == "\u22123"
    assert charts.french_number(-0.01, 1) == "0,0"


@pytest.mark.slow  # starts a Python process
def test_no_pyplot(tmp_path: Path) -> None:
    """Drawing never imports pyplot (no global figure registry, no interactive backend)."""
    code = (
        "import sys, pandas as pd\n"
        "from ptce_coding.report import charts\n"
        "charts.heatmap(pd.DataFrame([[1]], index=['A'], columns=['COOP']), "
        f"{str(tmp_path / 'p')!r}, charts.ChartText(title='t', value_label='v'))\n"
        "assert 'matplotlib.pyplot' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-W", "error", "-c", code], check=True)
