"""`codebook import FILE.qdc` is a codebook change like the others: logged once (the codes it
added, in `history`), taken back by `codebook undo` (the YAML as it was, byte for byte;
refused once codings were made on a code it added), written with the store; and a code of
the file named as a code of the codebook is said before anything is written (user trial,
s37: the import changed the codebook with no way back)."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from ptce_coding.store import Store

Invoke = Callable[..., Result]

GUID = "aaaaaaaa-0000-4000-8000-0000000000{:02d}"


def qdc_file(path: Path, body: str) -> Path:
    path.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n'
        f'<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="NVivo"><Codes>{body}'
        "</Codes></CodeBook>",
        encoding="utf-8",
    )
    return path


def code_xml(number: int, name: str, children: str = "") -> str:
    return f'<Code guid="{GUID.format(number)}" name="{name}" isCodable="true">{children}</Code>'


def new_codes(folder: Path) -> Path:
    """Two codes the test codebook does not have: ECONOMIE_LOCALE and a sub-code."""
    return qdc_file(
        folder / "autre.qdc",
        code_xml(1, "Économie locale", code_xml(2, "Circuits courts")),
    )


def said(result: Result) -> str:
    """The output as one line, whatever the wrapping."""
    return " ".join(result.output.split())


def refused(result: Result) -> str:
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    return said(result)


def codebook_changes(invoke: Invoke) -> list[dict[str, object]]:
    result = invoke("history", "--action", "codebook.change", "--format", "json")
    assert result.exit_code == 0, result.output
    return [json.loads(event["summary"]) for event in json.loads(result.stdout)]


def code_a_segment(invoke: Invoke, root: Path, code: str) -> None:
    """alice codes the first segment of the corpus with ``code`` (`codings import`)."""
    segments = root / "segments.csv"
    assert invoke("segments", "export", str(segments)).exit_code == 0
    with segments.open(encoding="utf-8", newline="") as handle:
        first = next(csv.DictReader(handle))
    sheet = root / "alice.csv"
    sheet.write_text(
        f"document,start,end,code,coder\n{first['document']},{first['start']},"
        f"{first['end']},{code},alice\n",
        encoding="utf-8",
    )
    result = invoke("codings", "import", str(sheet))
    assert result.exit_code == 0, result.output


def test_a_qdc_import_is_logged_and_undone_byte_for_byte(invoke: Invoke, imported: Path) -> None:
    codebook = imported / "codebooks" / "ptce.yaml"
    codebook.write_text("# notre grille\n" + codebook.read_text(encoding="utf-8"), "utf-8")
    before = codebook.read_bytes()

    result = invoke("codebook", "import", str(new_codes(imported)))
    assert result.exit_code == 0, result.output
    assert "2 code(s) added" in said(result)
    assert "recorded in the history: `ptce-coding codebook undo` takes it back" in said(result)
    assert codebook.read_bytes() != before
    changes = codebook_changes(invoke)
    assert len(changes) == 1
    assert changes[0]["operation"] == "import"
    assert changes[0]["file"] == "autre.qdc"
    assert changes[0]["codes_added"] == ["ECONOMIE_LOCALE", "ECONOMIE_LOCALE.CIRCUITS_COURTS"]
    table = invoke("history", "--action", "codebook.change")
    assert '"file": "autre.qdc"' in table.output and "codebook import" in table.output

    undo = invoke("codebook", "undo")
    assert undo.exit_code == 0, undo.output
    assert "2 code(s) taken out of the codebook" in said(undo)
    assert codebook.read_bytes() == before
    assert [c["operation"] for c in codebook_changes(invoke)] == ["import", "undo"]
    again = invoke("codebook", "undo")
    assert "every change made with the codebook commands is undone already" in refused(again)


def test_undo_refused_after_a_coding_on_a_code_the_import_added(
    invoke: Invoke, imported: Path
) -> None:
    codebook = imported / "codebooks" / "ptce.yaml"
    assert invoke("codebook", "import", str(new_codes(imported))).exit_code == 0
    after = codebook.read_bytes()
    code_a_segment(invoke, imported, "ECONOMIE_LOCALE")

    message = refused(invoke("codebook", "undo"))
    assert "use codes the codebook before it does not have: ECONOMIE_LOCALE (1 coding(s)); " in (
        message
    )
    assert "nothing was changed" in message
    assert "codings made since `codebook import autre.qdc` of " in message
    assert "documents it did not add" not in message  # a .qdc adds no document
    # the way out: another code for those codings (a merge would be undone first)
    assert "Give those codings another code first (`ptce-coding codings export`" in message
    assert "keep the codes (`ptce-coding codebook retire CODE`" in message
    assert codebook.read_bytes() == after
    with Store(imported / "coding.sqlite") as store:
        assert [row.code for row in store.coding_rows()] == ["ECONOMIE_LOCALE"]


def test_undo_gives_back_the_text_of_the_moment_not_an_older_one_of_the_same_version(
    invoke: Invoke, imported: Path
) -> None:
    """The store keeps the first text of each codebook version; a comment edited since
    (same version) must come back as it was just before the import."""
    codebook = imported / "codebooks" / "ptce.yaml"
    assert invoke("codebook", "retire", "ECO.PUBLIC").exit_code == 0
    assert invoke("codebook", "unretire", "ECO.PUBLIC").exit_code == 0  # the first version
    codebook.write_text("# relue en équipe\n" + codebook.read_text(encoding="utf-8"), "utf-8")
    before = codebook.read_bytes()
    assert invoke("codebook", "import", str(new_codes(imported))).exit_code == 0
    undo = invoke("codebook", "undo")
    assert undo.exit_code == 0, undo.output
    assert codebook.read_bytes() == before


def test_a_first_import_without_a_store_is_logged_too(invoke: Invoke, tmp_project: Path) -> None:
    """Building the codebook from another tool's before any transcript is imported."""
    codebook = tmp_project / "codebooks" / "ptce.yaml"
    before = codebook.read_bytes()
    result = invoke("codebook", "import", str(new_codes(tmp_project)))
    assert result.exit_code == 0, result.output
    assert [c["operation"] for c in codebook_changes(invoke)] == ["import"]
    assert invoke("codebook", "undo").exit_code == 0
    assert codebook.read_bytes() == before


def test_an_import_that_adds_nothing_changes_and_logs_nothing(
    invoke: Invoke, imported: Path
) -> None:
    codebook = imported / "codebooks" / "ptce.yaml"
    qdc = new_codes(imported)
    assert invoke("codebook", "import", str(qdc)).exit_code == 0
    after = codebook.read_bytes()
    again = invoke("codebook", "import", str(qdc))
    assert again.exit_code == 0, again.output
    assert "0 code(s) added" in said(again) and "undo" not in said(again)
    assert codebook.read_bytes() == after
    assert len(codebook_changes(invoke)) == 1


def test_codes_named_as_codes_of_the_codebook_are_said_before_anything_is_written(
    invoke: Invoke, imported: Path
) -> None:
    codebook = imported / "codebooks" / "ptce.yaml"
    before = codebook.read_bytes()
    qdc = qdc_file(
        imported / "nvivo.qdc",
        code_xml(1, "Coopération", code_xml(2, "Achats groupés"))
        + code_xml(3, "Mutualisation de locaux")
        + code_xml(4, "Tout nouveau"),
    )
    message = refused(invoke("codebook", "import", str(qdc)))
    assert (
        "3 code(s) of the file have the name of a code of the codebook; nothing was written"
    ) in message
    assert "« Coopération » (top level in the file, would be COOPERATION) is COOP" in message
    assert (
        "« Achats groupés » (under « Coopération » in the file, would be "
        "COOPERATION.ACHATS_GROUPES) is COOP.ACHATS"
    ) in message
    assert (
        "« Mutualisation de locaux » (top level in the file, would be MUTUALISATION_DE_LOCAUX) "
        "is COOP.LIEU (under COOP)"
    ) in message
    assert "--same-name skip" in message and "--same-name add" in message
    assert codebook.read_bytes() == before
    assert codebook_changes(invoke) == []

    # skip: the codebook's code of that name is the file's; the new code alone is added
    result = invoke("codebook", "import", str(qdc), "--same-name", "skip")
    assert result.exit_code == 0, result.output
    assert "1 code(s) added" in said(result)
    assert "3 code(s) of the file taken as the codebook's code of that name" in said(result)
    assert codebook_changes(invoke)[0]["codes_added"] == ["TOUT_NOUVEAU"]
    assert invoke("codebook", "undo").exit_code == 0
    assert codebook.read_bytes() == before

    # add: beside them, under ids made from their names, as before
    result = invoke("codebook", "import", str(qdc), "--same-name", "add")
    assert result.exit_code == 0, result.output
    assert codebook_changes(invoke)[-1]["codes_added"] == [
        "COOPERATION",
        "COOPERATION.ACHATS_GROUPES",
        "MUTUALISATION_DE_LOCAUX",
        "TOUT_NOUVEAU",
    ]


def test_a_skipped_code_takes_the_new_sub_codes_under_the_codebooks_code(
    invoke: Invoke, imported: Path
) -> None:
    qdc = qdc_file(imported / "nvivo.qdc", code_xml(1, "Économie", code_xml(2, "Monnaie locale")))
    result = invoke("codebook", "import", str(qdc), "--same-name", "skip")
    assert result.exit_code == 0, result.output
    assert codebook_changes(invoke)[0]["codes_added"] == ["ECO.MONNAIE_LOCALE"]
    text = (imported / "codebooks" / "ptce.yaml").read_text(encoding="utf-8")
    assert "  - id: ECO.MONNAIE_LOCALE\n" in text and "    parent: ECO\n" in text


def test_a_new_code_does_not_take_over_codings_of_an_id_removed_by_hand(
    invoke: Invoke, imported: Path
) -> None:
    """ECONOMIE_LOCALE coded, then taken out of the YAML by hand: the import must not make
    those codings its own without a word (as the other codebook commands refuse)."""
    codebook = imported / "codebooks" / "ptce.yaml"
    assert invoke("codebook", "import", str(new_codes(imported))).exit_code == 0
    code_a_segment(invoke, imported, "ECONOMIE_LOCALE")
    text = codebook.read_text(encoding="utf-8")
    hand = text[: text.index("  # --- codes imported from autre.qdc")]
    codebook.write_text(hand, encoding="utf-8")
    message = refused(invoke("codebook", "import", str(new_codes(imported))))
    assert "`codebook import` would create ECONOMIE_LOCALE (1 coding(s))" in message
    assert codebook.read_text(encoding="utf-8") == hand


def test_a_code_given_a_free_id_has_its_sub_codes_under_that_id(
    invoke: Invoke, imported: Path
) -> None:
    """« Eco » would be ECO, the codebook's « Économie »: it gets ECO_2, and its sub-code
    ECO_2.MONNAIE (it was ECO.MONNAIE, an id under ECO with ECO_2 for parent)."""
    qdc = qdc_file(imported / "nvivo.qdc", code_xml(1, "Eco", code_xml(2, "Monnaie")))
    result = invoke("codebook", "import", str(qdc))
    assert result.exit_code == 0, result.output
    text = (imported / "codebooks" / "ptce.yaml").read_text(encoding="utf-8")
    assert '  - id: ECO_2.MONNAIE\n    label: "Monnaie"\n    parent: ECO_2\n' in text
    assert (
        "warning: code « Eco » of the file would have the id ECO of the codebook's "
        "« Économie »: added as ECO_2"
    ) in said(result)
    validate = invoke("codebook", "validate")
    assert "does not start with its parent's id" not in validate.output


def test_the_other_codebook_changes_are_undone_byte_for_byte_too(
    invoke: Invoke, imported: Path
) -> None:
    """The same for a rename: the text of the moment, not the store's first of that
    version."""
    codebook = imported / "codebooks" / "ptce.yaml"
    assert invoke("codebook", "retire", "ECO.PUBLIC").exit_code == 0
    assert invoke("codebook", "unretire", "ECO.PUBLIC").exit_code == 0
    codebook.write_text("# relue en équipe\n" + codebook.read_text(encoding="utf-8"), "utf-8")
    before = codebook.read_bytes()
    assert invoke("codebook", "rename", "COOP.ACHATS", "COOP.COMMANDES").exit_code == 0
    undo = invoke("codebook", "undo")
    assert undo.exit_code == 0, undo.output
    assert codebook.read_bytes() == before


@pytest.mark.slow  # the report draws its figures (matplotlib)
def test_the_report_names_the_import_and_its_undo(invoke: Invoke, imported: Path) -> None:
    """The annex's method chapter lists the codebook's changes: an import says which file
    and which codes, not « modification « import » »."""
    assert invoke("codebook", "import", str(new_codes(imported))).exit_code == 0
    assert invoke("codebook", "undo").exit_code == 0
    result = invoke("report")
    assert result.exit_code == 0, result.output
    html = " ".join((imported / "outputs" / "report" / "synthese.html").read_text("utf-8").split())
    assert "modification « import »" not in html
    line = "import de autre.qdc de 2 codes : ECONOMIE_LOCALE et ECONOMIE_LOCALE.CIRCUITS_COURTS"
    assert f"{line} (annulé le" in html
    assert "annulation de la modification du" in html and f"({line})" in html
