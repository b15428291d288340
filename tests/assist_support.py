"""A project with planted signal for the assisted tagger's tests (English, blank pipeline).

Segments mentioning compost or bicycles carry those codes; the coder « claire » coded the
interviews of case-1 and case-2 (and once the rare code); case-3 is left to the model.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import yaml
from click.testing import CliRunner

from ptce_coding.app.project import load_project
from ptce_coding.cli import cli

DATA = Path(__file__).parent / "data" / "assist"
SIGNALS = {"ECO.COMPOST": "compost", "ECO.BIKE": "bicycle"}


def planted_codes(text: str) -> set[str]:
    return {code for code, word in SIGNALS.items() if word in text.lower()}


def make_project(root: Path, coded_cases: tuple[str, ...] = ("case-1", "case-2")) -> Path:
    runner = CliRunner()
    assert runner.invoke(cli, ["init", str(root)]).exit_code == 0
    settings = yaml.safe_load((root / "project.yaml").read_text(encoding="utf-8"))
    settings["language"] = "en"
    (root / "project.yaml").write_text(yaml.safe_dump(settings), encoding="utf-8")
    shutil.copyfile(DATA / "codebook.yaml", root / "codebooks" / "ptce.yaml")
    shutil.rmtree(root / "corpus")
    shutil.copytree(DATA / "corpus", root / "corpus")
    result = runner.invoke(cli, ["import", str(root / "corpus"), "--project", str(root)])
    assert result.exit_code == 0, result.output
    if not coded_cases:
        return root
    rows = []
    with load_project(root).open_store() as store:
        for document in store.documents():
            if document.case not in coded_cases:
                continue
            for segment in store.segments(document.id):
                text = document.text[segment.start : segment.end]
                for code in sorted(planted_codes(text)):
                    rows.append([document.name, segment.start, segment.end, code])
    rows.append([rows[0][0], rows[0][1], rows[0][2], "ECO.RARE"])
    with (root / "claire.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["document", "start", "end", "code", "coder"])
        writer.writerows([[*row, "claire"] for row in rows])
    result = runner.invoke(
        cli, ["codings", "import", str(root / "claire.csv"), "--project", str(root)]
    )
    assert result.exit_code == 0, result.output
    return root


def coded_interview(root: Path) -> Path:
    """A new project at ``root`` with one French interview (shared premises, a subsidy),
    imported and coded by the rules."""
    runner = CliRunner()
    assert runner.invoke(cli, ["init", str(root)]).exit_code == 0
    (root / "corpus" / "pole").mkdir(parents=True)
    (root / "corpus" / "pole" / "e.txt").write_text(
        "Enquêteur : Et ensemble ?\n\nMarie : On a mutualisé les locaux : les associations "
        "du pôle partagent le même bâtiment et une salle de réunion commune.\n\nEnquêteur : "
        "Et l'argent ?\n\nMarie : On a eu une subvention de la région pour le bâtiment.\n",
        encoding="utf-8",
    )
    for args in (["import", str(root / "corpus")], ["code"]):
        result = runner.invoke(cli, [*args, "--project", str(root)])
        assert result.exit_code == 0, result.output
    return root
