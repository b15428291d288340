"""What is coded and counted: a heading is not a speaker, a long preamble is content, title
lines are left out and reported, and speaker settings apply to documents already imported."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from ptce_coding.app.project import find_project
from ptce_coding.cli import cli

REPORT = """\
SEMINAIRE 2015

1. Introduction

Les pôles présentés ici mutualisent des locaux et des emplois entre plusieurs associations du \
même territoire, avec un appui des collectivités locales et de la région.

- Création d'une structure juridique commune

■ La gouvernance des pôles

Trois types de gouvernance sont visibles au sein des pôles

Les ressources des pôles sont de quatre types :

Conclusion

IV. Discutant : Jean MARTIN – Institut de recherche

Jean MARTIN : Je voudrais revenir sur la gouvernance des pôles et leurs instances.

PB : Et la suite ?

Jean MARTIN : La suite, c'est la coopération entre pôles.

PB : Merci.
"""


def _import(root: Path, runner: CliRunner) -> str:
    result = runner.invoke(cli, ["import", str(root / "corpus"), "--project", str(root)])
    assert result.exit_code == 0, result.output
    return result.output


def _segments(root: Path) -> list[tuple[str | None, bool, bool, str]]:
    with find_project(root).open_store() as store:
        document = store.documents()[0]
        return [
            (s.speaker, s.interviewer, s.title, document.text[s.start : s.end][:20])
            for s in store.segments(document.id)
        ]


def test_headings_titles_and_content_before_the_first_speaker(tmp_path: Path, runner) -> None:
    root = tmp_path / "study"
    assert runner.invoke(cli, ["init", str(root)]).exit_code == 0
    (root / "corpus" / "seminaire").mkdir(parents=True)
    (root / "corpus" / "seminaire" / "rapport.txt").write_text(REPORT, encoding="utf-8")
    output = _import(root, runner)
    segments = _segments(root)
    assert [s[0] for s in segments if s[0]] == ["Jean MARTIN", "PB", "Jean MARTIN", "PB"]
    # the numbered heading « IV. Discutant : … » is not a speaker label: it is a heading
    assert ("IV. Discutant : Jean", True) in [(s[3], s[2]) for s in segments]
    titles = {s[3]: s[2] for s in segments if s[0] is None}
    assert titles == {
        "SEMINAIRE 2015": True,  # the title block at the top
        "1. Introduction": True,
        "Les pôles présentés ": False,  # content before the first speaker is coded
        "- Création d'une str": False,  # a list item is content
        "■ La gouvernance des": True,  # a heading marked by a section sign
        "Trois types de gouve": False,  # a short sentence is content, not a heading
        "Les ressources des p": False,  # a lead-in to a list too
        "Conclusion": True,  # a bare line of a few words, not ending as a sentence
        "IV. Discutant : Jean": True,
    }
    assert "added  seminaire/rapport.txt (13 segments, 103 words, 74 counted)" in output
    assert (
        "not coded nor counted: 19 words in title lines outside the speakers' turns, "
        "10 words of speaker labels and timestamps" in output
    )
    result = runner.invoke(cli, ["documents", "--format", "json", "--project", str(root)])
    row = json.loads(result.stdout)[0]
    # 26 + 6 + 10 + 9 words of content before the first speaker, 11 + 4 + 7 + 1 in the
    # turns; the punctuation of « … quatre types : » counts as a word, as everywhere
    assert (row["words"], row["counted"]) == (103, 74)

    # `coding.preamble: all` counts the title lines too, once imported again
    settings = root / "project.yaml"
    settings.write_text(
        settings.read_text(encoding="utf-8").replace("  preamble: titles ", "  preamble: all    "),
        encoding="utf-8",
    )
    output = _import(root, runner)
    assert "5 segment(s) changed between title line and content (coding.preamble)" in output
    assert not any(s[2] for s in _segments(root))


def test_changed_interviewers_apply_to_stored_documents(tmp_path: Path, runner) -> None:
    root = tmp_path / "study"
    assert runner.invoke(cli, ["init", str(root)]).exit_code == 0
    (root / "corpus" / "seminaire").mkdir(parents=True)
    (root / "corpus" / "seminaire" / "rapport.txt").write_text(REPORT, encoding="utf-8")
    _import(root, runner)
    with find_project(root).open_store() as store:
        before = store.coding_rows()
    assert [s[1] for s in _segments(root) if s[0] == "PB"] == [False, False]
    settings = root / "project.yaml"
    settings.write_text(
        settings.read_text(encoding="utf-8").replace("  interviewers: []", "  interviewers: [PB]"),
        encoding="utf-8",
    )
    output = _import(root, runner)
    assert "1 unchanged" in output
    assert "2 segment(s) changed speaker role (interviewers)" in output
    assert [s[1] for s in _segments(root) if s[0] == "PB"] == [True, True]
    with find_project(root).open_store() as store:
        assert store.coding_rows() == before
    # every count of the document follows: the change is in the audit trail (it was not)
    logged = runner.invoke(
        cli, ["history", "--action", "document.marks", "--format", "json", "--project", str(root)]
    )
    assert logged.exit_code == 0, logged.output
    [event] = json.loads(logged.output)
    details = json.loads(event["summary"])
    assert details["document"] == "seminaire/rapport.txt"
    assert (details["to_interviewer"], details["to_interviewee"]) == (2, 0)
    again = _import(root, runner)
    assert "changed speaker role" not in again
    logged = runner.invoke(
        cli, ["history", "--action", "document.marks", "--format", "json", "--project", str(root)]
    )
    assert len(json.loads(logged.output)) == 1  # nothing changed, nothing logged


SECTIONS = """\
PB : Qui pilote le pôle ?

Jean MARTIN : Le bureau de l'association, avec les membres fondateurs.

PB : Merci.

3. Table ronde des responsables

Les représentants des pôles ont présenté leurs projets communs et leurs locaux partagés.

■ Conclusion

Jean MARTIN : Une dernière remarque sur la gouvernance.
"""


def test_a_section_heading_ends_the_turn_and_what_follows_counts(tmp_path: Path, runner) -> None:
    root = tmp_path / "study"
    assert runner.invoke(cli, ["init", str(root)]).exit_code == 0
    settings = root / "project.yaml"
    settings.write_text(
        settings.read_text(encoding="utf-8").replace("  interviewers: []", "  interviewers: [PB]"),
        encoding="utf-8",
    )
    (root / "corpus" / "seminaire").mkdir(parents=True)
    (root / "corpus" / "seminaire" / "rapport.txt").write_text(SECTIONS, encoding="utf-8")
    output = _import(root, runner)
    by_text = {s[3]: s[:3] for s in _segments(root)}
    # before: the heading and the narrative were PB's words, an interviewer's, left out
    assert by_text["3. Table ronde des r"] == (None, False, True)  # a title line
    assert by_text["Les représentants de"] == (None, False, False)  # nobody's turn, counted
    assert by_text["■ Conclusion"] == (None, False, True)
    assert by_text["Merci."] == ("PB", True, False)
    # 5 + 2 words of title lines; 8 + 13 + 6 words counted (the interviewee's two turns and
    # the narrative)
    assert "7 words in title lines outside the speakers' turns" in output
    result = runner.invoke(cli, ["documents", "--format", "json", "--project", str(root)])
    assert json.loads(result.stdout)[0]["counted"] == 8 + 13 + 6


OTTER = """\
Speaker 1  0:03
Bonjour, vous pouvez présenter votre structure ?

Speaker 2  0:10
Nous sommes une SCIC, on partage les locaux avec trois associations du quartier.

Speaker 1  0:25
Et qui décide ?

Speaker 2  0:31
Le conseil d'administration, qui se réunit tous les mois.
"""


def test_an_interview_without_interviewer_is_reported(tmp_path: Path, runner) -> None:
    root = tmp_path / "study"
    assert runner.invoke(cli, ["init", str(root)]).exit_code == 0
    (root / "corpus" / "pole").mkdir(parents=True)
    (root / "corpus" / "pole" / "otter.txt").write_text(OTTER, encoding="utf-8")
    (root / "corpus" / "pole" / "rapport.txt").write_text(REPORT, encoding="utf-8")
    output = " ".join(_import(root, runner).split())
    # the automatic transcription's labels are read as speakers, the timestamp apart
    assert [s[0] for s in _segments(root)] == ["Speaker 1", "Speaker 2"] * 2
    assert output.count("no speaker is an interviewer") == 1  # the report is no interview
    assert (
        "(Speaker 1: 2 paragraphs, 2 ending with « ? », 11 words; "
        "Speaker 2: 2 paragraphs, 0 ending with « ? », 22 words)"
    ) in output
    assert "add it to speakers.interviewers in project.yaml (or, when it is not the same" in output
    assert "to an `interviewers` column of documents.csv) and import again" in output
    settings = root / "project.yaml"
    settings.write_text(
        settings.read_text(encoding="utf-8").replace(
            "  interviewers: []", "  interviewers: [Speaker 1]"
        ),
        encoding="utf-8",
    )
    output = " ".join(_import(root, runner).split())
    assert "2 segment(s) changed speaker role (interviewers)" in output
    assert "no speaker is an interviewer" not in output
    assert [s[1] for s in _segments(root)] == [True, False] * 2


def test_run_reports_an_interview_without_interviewer(tmp_path: Path, runner) -> None:
    root = tmp_path / "study"
    assert runner.invoke(cli, ["init", str(root)]).exit_code == 0
    (root / "corpus" / "pole").mkdir(parents=True)
    (root / "corpus" / "pole" / "otter.txt").write_text(OTTER, encoding="utf-8")
    result = runner.invoke(cli, ["run", "--project", str(root)])
    assert result.exit_code == 0, result.output
    output = " ".join(result.output.split())
    assert "pole/otter.txt: no speaker is an interviewer" in output


def test_a_document_names_its_own_interviewer(tmp_path: Path, runner) -> None:
    # « Speaker 1 » asks the questions in one file, answers them in the next
    root = tmp_path / "study"
    assert runner.invoke(cli, ["init", str(root)]).exit_code == 0
    (root / "corpus" / "pole").mkdir(parents=True)
    (root / "corpus" / "pole" / "otter.txt").write_text(OTTER, encoding="utf-8")
    swapped = OTTER.replace("Speaker 1", "Speaker X").replace("Speaker 2", "Speaker 1")
    (root / "corpus" / "pole" / "otter2.txt").write_text(
        swapped.replace("Speaker X", "Speaker 2"), encoding="utf-8"
    )
    (root / "corpus" / "documents.csv").write_text(
        "document,interviewers,role\npole/otter.txt,Speaker 1,élu\npole/otter2.txt,Speaker 2,élu\n",
        encoding="utf-8",
    )
    output = " ".join(_import(root, runner).split())
    assert "no speaker is an interviewer" not in output
    assert "changed speaker role" not in output  # right from the first import
    with find_project(root).open_store() as store:
        roles = {
            document.name: [(s.speaker, s.interviewer) for s in store.segments(document.id)][:2]
            for document in store.documents()
        }
    assert roles == {
        "pole/otter.txt": [("Speaker 1", True), ("Speaker 2", False)],
        "pole/otter2.txt": [("Speaker 2", True), ("Speaker 1", False)],
    }
    # the column changes: the roles follow at the next import
    (root / "corpus" / "documents.csv").write_text(
        "document,interviewers\npole/otter.txt,Speaker 1\npole/otter2.txt,Speaker 1\n",
        encoding="utf-8",
    )
    output = " ".join(_import(root, runner).split())
    assert "4 segment(s) changed speaker role (interviewers)" in output


def test_a_transcript_pasted_as_one_block_is_reported(tmp_path: Path, runner) -> None:
    root = tmp_path / "study"
    assert runner.invoke(cli, ["init", str(root)]).exit_code == 0
    (root / "corpus" / "pole").mkdir(parents=True)
    block = "Marie : " + "on partage les locaux avec les associations du pôle. " * 120
    (root / "corpus" / "pole" / "bloc.txt").write_text(block, encoding="utf-8")
    paragraphs = "\n\n".join(["Marie : on partage les locaux avec les associations."] * 120)
    (root / "corpus" / "pole" / "paragraphes.txt").write_text(paragraphs, encoding="utf-8")
    output = " ".join(_import(root, runner).split())
    # 120 × 9 words in one paragraph; the same words in 120 paragraphs say nothing
    assert output.count("one paragraph holds") == 1
    assert "one paragraph holds 1,082 words: suggestions, counts and agreement are per " in output
    assert "put a blank line between paragraphs (or speaker labels before the turns)" in output
    (root / "corpus" / "pole" / "paragraphes.txt").unlink()
    (root / "coding.sqlite").unlink()
    result = runner.invoke(cli, ["run", "--project", str(root)])
    assert result.exit_code == 0, result.output
    assert "pole/bloc.txt: one paragraph holds 1,082 words" in " ".join(result.output.split())
