"""S36 (trial A): `import` advised « speakers.labels in project.yaml », a setting that neither
the README nor the project.yaml `init` writes named. `init` now writes it, with an example, and
a label form given there is read."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from ptce_coding.cli import cli


def test_init_writes_the_label_setting_and_import_reads_it(tmp_path: Path) -> None:
    runner = CliRunner()
    root = tmp_path / "study"
    assert runner.invoke(cli, ["--quiet", "init", str(root)]).exit_code == 0
    settings = (root / "project.yaml").read_text(encoding="utf-8")
    assert "  labels: []" in settings and "(?P<name>" in settings
    (root / "project.yaml").write_text(
        settings.replace("  labels: []", "  labels: ['^(?P<name>[A-Z]+) - ']"), encoding="utf-8"
    )
    (root / "corpus" / "pole-a").mkdir(parents=True)
    (root / "corpus" / "pole-a" / "e1.txt").write_text(
        "MD - Nous avons monté une SCIC en 2012 avec des associations du territoire.\n\n"
        "PB - Et comment vous financez-vous ?\n\n"
        "MD - Par des subventions régionales et les cotisations des membres.\n",
        encoding="utf-8",
    )
    result = runner.invoke(cli, ["import", str(root / "corpus"), "--project", str(root)])
    assert result.exit_code == 0, result.output
    shown = runner.invoke(cli, ["documents", "--format", "json", "--project", str(root)])
    assert shown.exit_code == 0, shown.output
    [row] = json.loads(shown.output)
    assert set(str(row["speakers"]).split(",")) == {"MD", "PB"}
