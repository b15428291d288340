"""More odd input files found by fuzzing the readers: an .odt that is not one, Praat TextGrids
with their text in point tiers or with damaged interval bounds, a web page with an internal
DOCTYPE subset, a control character in a coder's name, a nameless code in a .qdc and two
coded selections of one GUID in a .qdpx. Each goes through the command line."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from praatio import textgrid

from ptce_coding.store import Store
from tests.test_bad_input_cli import refused
from tests.test_bad_input_formats import TEXT, imported_text, qdpx, text_source, word_file
from tests.test_refi_support import codebook_xml, guid, selection

Invoke = Callable[..., Result]
TEXTGRID = Path(__file__).parent / "data" / "textgrid" / "entretien.TextGrid"


def nothing_stored(root: Path) -> None:
    with Store(root / "coding.sqlite") as store:
        assert store.documents() == []


# 1. an .odt that is not one: what it is, what to do, nothing stored


def zip_of(**members: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, content in members.items():
            archive.writestr(name.replace("__", "/"), content)
    return out.getvalue()


@pytest.mark.parametrize(
    ("content", "what", "todo"),
    [
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600,
            "an old Word 97-2003 document (.doc) renamed .odt, or a password-protected Word file",
            "save it again as an OpenDocument text (.odt)",
        ),
        (
            zip_of(mimetype="application/vnd.oasis.opendocument.text", notes__txt="Marie"),
            "a zip archive but not an OpenDocument text (no content.xml in it)",
            "save it again as an OpenDocument text (.odt)",
        ),
        (
            "Marie : le pôle coopère.\n\nPaul : oui.\n".encode("cp1252"),
            "a plain text file renamed .odt",
            "Rename it .txt (or .md)",
        ),
        (word_file("Marie : bonjour"), "a Word document (.docx) renamed .odt", "Rename it .docx"),
        (
            b"PK\x03\x04" + b"\x07" * 300,
            "damaged or truncated",
            "save it again as an OpenDocument text (.odt)",
        ),
    ],
)
def test_an_odt_that_is_not_one_says_what_it_is(
    invoke: Invoke, tmp_project: Path, content: bytes, what: str, todo: str
) -> None:
    path = tmp_project / "corpus" / "pole-a" / "entretien.odt"
    path.write_bytes(content)
    result = invoke("import", str(path))
    refused(result, f"{path}: not a readable .odt file", what, todo)
    assert "damaged, truncated or encrypted" not in result.output
    nothing_stored(tmp_project)


# 2. Praat TextGrids: text only in point tiers, interval bounds that are not times


def points_only() -> str:
    """A TextGrid whose interval tier is empty and whose words are in a point tier."""
    return (
        'File type = "ooTextFile"\nObject class = "TextGrid"\n\nxmin = 0\nxmax = 10\n'
        "tiers? <exists>\nsize = 2\nitem []:\n"
        '    item [1]:\n        class = "IntervalTier"\n        name = "Marie"\n'
        "        xmin = 0\n        xmax = 10\n        intervals: size = 1\n"
        "        intervals [1]:\n            xmin = 0\n            xmax = 10\n"
        '            text = ""\n'
        '    item [2]:\n        class = "TextTier"\n        name = "Paul"\n'
        "        xmin = 0\n        xmax = 10\n        points: size = 2\n"
        '        points [1]:\n            number = 1.5\n            mark = "le pôle coopère"\n'
        '        points [2]:\n            number = 4\n            mark = "avec la SCIC"\n'
    )


def test_textgrid_with_text_only_in_point_tiers_says_so(invoke: Invoke, tmp_project: Path) -> None:
    path = tmp_project / "corpus" / "pole-a" / "points.TextGrid"
    path.write_text(points_only(), encoding="utf-8")
    result = invoke("import", str(path))
    refused(
        result,
        f"{path}: the TextGrid's text is all in point tiers ('Paul'), which are not read",
        "a point tier marks instants, not turns of speech",
        "Put the speech in interval tiers",
    )
    assert "every interval is empty" not in result.output
    nothing_stored(tmp_project)


def short_format(tmp_path: Path) -> str:
    """The test TextGrid in Praat's short text format (bare values, one per line)."""
    grid = textgrid.openTextgrid(str(TEXTGRID), includeEmptyIntervals=False)
    path = tmp_path / "court.TextGrid"
    grid.save(str(path), format="short_textgrid", includeBlankSpaces=True)
    text = path.read_text(encoding="utf-8")
    assert "item [" not in text and "\n9.8\n" in text
    return text


def test_textgrid_interval_bound_not_a_number_is_refused_with_its_place(
    invoke: Invoke, tmp_project: Path, tmp_path: Path
) -> None:
    # « d'accord » from 9 to 9.8 seconds, its end written with a French decimal comma
    text = short_format(tmp_path).replace("\n9.8\n", "\n9,8\n", 1)
    path = tmp_project / "corpus" / "pole-a" / "virgule.TextGrid"
    path.write_text(text, encoding="utf-8")
    refused(
        invoke("import", str(path)),
        f"{path}: tier 'Enquêtrice', the interval « d'accord » (9 to 9,8): a bound is not a "
        "number: '9,8'",
        "with a decimal point (1.5, not 1,5)",
    )
    nothing_stored(tmp_project)


def test_textgrid_interval_ending_before_it_starts_is_refused_with_its_place(
    invoke: Invoke, tmp_project: Path
) -> None:
    lines = TEXTGRID.read_text(encoding="utf-8").split("\n")
    start = lines.index("            xmin = 9")  # « d'accord », 9 to 9.8 seconds
    assert lines[start + 1] == "            xmax = 9.8"
    lines[start] = "            xmin = 12"
    path = tmp_project / "corpus" / "pole-a" / "inverse.TextGrid"
    path.write_text("\n".join(lines), encoding="utf-8")
    refused(
        invoke("import", str(path)),
        f"{path}: tier 'Enquêtrice', the interval « d'accord » (12 to 9.8) ends before it starts",
        "Correct its bounds in Praat",
    )
    nothing_stored(tmp_project)


# 3. a web page with an internal DOCTYPE subset: nothing resolved, nothing stray


@pytest.mark.parametrize(
    "doctype",
    [
        '<!DOCTYPE html [ <!ENTITY pole "le pôle"> ]>',
        '<!-- saved -->\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0//EN" "x.dtd" [\n'
        '  <!ENTITY a "x > y">\n  <!ELEMENT p ANY>\n]>\n',
    ],
)
def test_html_internal_doctype_subset_leaves_no_stray_text(
    invoke: Invoke, tmp_project: Path, doctype: str
) -> None:
    page = doctype + (
        "<html><head><title>Entretien</title></head><body>"
        "<p>Marie : le pôle &pole; coopère.</p><p>Paul : oui.</p></body></html>"
    )
    text = imported_text(invoke, tmp_project, "page.html", page.encode("utf-8"))
    assert text == "Marie : le pôle &pole; coopère.\n\nPaul : oui."


# 4. a control character in a coder's name


def test_codings_import_refuses_a_control_character_in_a_coder(
    invoke: Invoke, tmp_project: Path
) -> None:
    assert invoke("import", str(tmp_project / "corpus")).exit_code == 0
    path = tmp_project / "codages.csv"
    path.write_text(
        "document,start,end,code,coder\n"
        "pole-a/directrice.txt,0,9,COOP.LIEU,alice\n"
        "pole-a/directrice.txt,0,9,COOP,al\x0cice\n",
        encoding="utf-8",
    )
    refused(
        invoke("codings", "import", str(path)),
        f"{path}: 1 row(s) cannot be imported, so nothing was imported",
        "row 3: coder 'al\\x0cice' holds a control or invisible character (U+000C)",
        "write the coder's name without it",
    )
    with Store(tmp_project / "coding.sqlite") as store:
        assert store.coding_rows() == []


# 5. a code without a name in a .qdc


def test_qdc_code_without_a_name_is_refused_with_its_guid(
    invoke: Invoke, tmp_project: Path
) -> None:
    grille = tmp_project / "grille.qdc"
    grille.write_text(
        '<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="Test"><Codes>'
        f'<Code guid="{guid(1)}" name="Réseau" isCodable="true"/>'
        '<Code guid="x" name="" isCodable="true"/>'
        "</Codes></CodeBook>",
        encoding="utf-8",
    )
    codebook = (tmp_project / "codebooks" / "ptce.yaml").read_bytes()
    refused(
        invoke("codebook", "import", str(grille)),
        f"{grille}: 1 code(s) without a name (GUID x); nothing was written",
        "Give each code a name",
    )
    assert (tmp_project / "codebooks" / "ptce.yaml").read_bytes() == codebook


def test_qdc_codes_left_out_are_said(invoke: Invoke, tmp_project: Path) -> None:
    """A code given a GUID already used, or none, is left out with its sub-codes: said, where
    `codebook import` used to print only its count."""
    grille = tmp_project / "grille.qdc"
    grille.write_text(
        '<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="Test"><Codes>'
        f'<Code guid="{guid(1)}" name="Réseau" isCodable="true"/>'
        f'<Code guid="{guid(1)}" name="Territoire" isCodable="true"/>'
        '<Code name="Sans identifiant" isCodable="true"/>'
        "</Codes></CodeBook>",
        encoding="utf-8",
    )
    result = invoke("codebook", "import", str(grille))
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    assert "1 code(s) added" in said
    assert f"warning: code 'Territoire' with a duplicate GUID {guid(1)} skipped" in said
    assert "warning: code 'Sans identifiant' without a GUID skipped" in said


def test_qdpx_code_without_a_name_is_imported_with_a_warning(
    invoke: Invoke, tmp_project: Path
) -> None:
    body = codebook_xml((100, "Lieu"), (101, "")) + (
        f"<Sources>{text_source(1, 'Entretien', selection(10, 0, 5, 101))}</Sources>"
    )
    result = invoke(
        "import", str(qdpx(tmp_project, body, {1: TEXT})), "--codes", "add", "--case", "pole-q"
    )
    assert result.exit_code == 0, result.output
    assert f"warning: code with GUID {guid(101)} has no name" in result.output
    with Store(tmp_project / "coding.sqlite") as store:
        assert len(store.coding_rows()) == 1


# 6. two coded selections sharing one GUID in a .qdpx


def twin_selections(root: Path) -> Path:
    second = selection(11, 8, 12, 100).replace(guid(11), guid(10), 1)
    source = text_source(1, "Entretien", selection(10, 0, 5, 100) + second)
    return qdpx(root, codebook_xml((100, "Lieu")) + f"<Sources>{source}</Sources>", {1: TEXT})


def test_qdpx_two_selections_of_one_guid_are_a_problem(invoke: Invoke, tmp_project: Path) -> None:
    path = twin_selections(tmp_project)
    codebook = (tmp_project / "codebooks" / "ptce.yaml").read_bytes()
    refused(
        invoke("import", str(path)),
        f"{path}: 1 problem(s) in the project, so nothing was imported",
        f"source 'Entretien', selection 8-12: a second selection with GUID {guid(10)} "
        "(the first: source 'Entretien', selection 0-5), not imported with its 1 coding(s)",
        "--partial",
    )
    assert (tmp_project / "codebooks" / "ptce.yaml").read_bytes() == codebook
    nothing_stored(tmp_project)


def test_qdpx_two_selections_of_one_guid_partial_leaves_the_second_out(
    invoke: Invoke, tmp_project: Path
) -> None:
    path = twin_selections(tmp_project)
    result = invoke("import", str(path), "--partial", "--codes", "add", "--case", "pole-q")
    assert result.exit_code == 0, result.output
    assert "PARTIAL import (--partial): 1 item(s) left out" in result.output
    assert f"selection 8-12: a second selection with GUID {guid(10)}" in result.output
    with Store(tmp_project / "coding.sqlite") as store:
        assert [(c.start, c.end) for c in store.coding_rows()] == [(0, 5)]


def test_import_says_the_line_a_reader_names(invoke: Invoke, tmp_project: Path) -> None:
    """A reader's error names its line; `import` used to print the message without it."""
    corpus = tmp_project / "corpus" / "pole-a"
    (corpus / "sous-titres.srt").write_text(
        "1\n00:00:01,000 --> 00:00:02,000\nMarie : bonjour\n\n"
        "2\n00:00:05,000 --> 00:00:03,000\nPaul : oui\n",
        encoding="utf-8",
    )
    result = invoke("import", str(corpus / "sous-titres.srt"))
    assert result.exit_code == 1, result.output
    assert "sous-titres.srt: line 6: the cue ends before it starts" in result.output
    nothing_stored(tmp_project)


@pytest.mark.parametrize(
    "command", [["codings", "import", "x.csv"], ["review", "--export", "r.xlsx"]]
)
def test_a_coder_option_with_a_hidden_character_is_refused_once(
    invoke: Invoke, tmp_project: Path, command: list[str]
) -> None:
    """A name written under --coder (codings import, review, serve) is checked as an option:
    one message, before any file is read; before, `codings import` refused every row."""
    (tmp_project / "x.csv").write_text(
        "document,start,end,code\n" + "pole-a/directrice.txt,0,5,GOUV\n" * 3, encoding="utf-8"
    )
    result = invoke(*command, "--coder", "al\x0cice")
    assert result.exit_code == 1, result.output
    said = " ".join(result.output.split())
    assert "Invalid value for '--coder'" in said
    assert "holds a control or invisible character (U+000C)" in said
    assert "row" not in said


def test_a_coder_setting_with_a_hidden_character_is_refused_with_its_line(
    invoke: Invoke, tmp_project: Path
) -> None:
    settings = tmp_project / "project.yaml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(text + 'coder: "al\\u200bice"\n', encoding="utf-8")
    line = len(text.splitlines()) + 1
    result = invoke("documents")
    assert result.exit_code == 1
    said = " ".join(result.output.split())
    assert f"project.yaml, line {line}: `coder`: the coder name" in said
    assert "(U+200B)" in said


@pytest.mark.parametrize(
    "command",
    [["report"], ["network"], ["compare", "ca"], ["export", "qdpx", "x.qdpx"], ["evaluate"]],
)
def test_coders_naming_someone_who_coded_nothing_are_refused_everywhere(
    invoke: Invoke, tmp_project: Path, command: list[str]
) -> None:
    """`matrix --coders nobody` was refused; the other commands taking --coders counted
    nothing for them (network wrote empty outputs, a report of zeros)."""
    assert invoke("import", str(tmp_project / "corpus")).exit_code == 0
    result = invoke(*command, "--coders", "nobody")
    assert result.exit_code == 1, result.output
    said = " ".join(result.output.split())
    assert "no coding by nobody in the store: nothing of theirs would be counted" in said
    assert not (tmp_project / "outputs" / "report").exists()
