"""Settings a researcher edits by hand: project.yaml and the tables it names (members.csv,
cases.csv). A mistake is refused with the file, the line, what is wrong and what to do;
never ignored (a typo must not silently change results), never a traceback."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from ptce_coding.base.errors import PtceError
from ptce_coding.network.members import read_members

MEMBERS_HEADER = "case,organisation,kind,circle,aliases\n"
MEMBERS = (
    MEMBERS_HEADER + "pole-a,Ateliers du Val,SIAE,first,les Ateliers;AI\n"
    "pole-a,Val Net,SIAE,second,\n"
    "pole-b,Biscuiterie,association,first,\n"
)


def _edit(root: Path, old: str, new: str, name: str = "project.yaml") -> None:
    path = root / name
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _line_of(root: Path, text: str) -> int:
    """The line of project.yaml that holds ``text``."""
    lines = (root / "project.yaml").read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, start=1) if text in line)


def _refused(result: Result) -> str:
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert isinstance(result.exception, SystemExit), result.exception
    return result.output


@pytest.fixture
def imported(invoke: Callable[..., Result], tmp_project: Path) -> Path:
    """The test project imported, with a members list for `network`."""
    (tmp_project / "corpus" / "members.csv").write_text(MEMBERS, encoding="utf-8")
    result = invoke("import", str(tmp_project / "corpus"))
    assert result.exit_code == 0, result.output
    return tmp_project


# --- project.yaml: every wrong setting names its line -------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "line_text", "message"),
    [
        (
            "  min_confidence: 0    ",
            "  min_confidence: 1.5  ",
            "min_confidence:",
            "`coding.min_confidence` must be a number from 0 to 1 (excluded), not 1.5",
        ),
        (
            "  min_confidence: 0    ",
            "  min_confidance: 0.9  ",
            "min_confidance:",
            "unknown `coding` setting(s): min_confidance (`min_confidance` → did you mean "
            "`min_confidence`?)",
        ),
        (
            "max_members_per_segment: 4",
            "max_members_per_segment: -3",
            "max_members_per_segment:",
            "`network.max_members_per_segment` must be a whole number, at least 2, not -3",
        ),
        (
            "  typology: ward",
            "  typology: Ward",
            "typology:",
            "`compare.typology` must be ward or jaccard, not 'Ward'",
        ),
        (
            "  level: 2 ",
            "  level: 0 ",
            "  level:",
            "`compare.level` must be a whole number of at least 1, not 0",
        ),
        (
            "  interviewers: []",
            "  interviewers: Enquêtrice",
            "interviewers:",
            "`speakers.interviewers` must be a list of texts, not 'Enquêtrice'",
        ),
        (
            "cooperation_codes: [COOP]",
            "cooperation_codes: COOP",
            "cooperation_codes:",
            "`network.cooperation_codes` must be a list of texts, not 'COOP'",
        ),
        (
            "store: coding.sqlite",
            "store: corpus",
            "store:",
            "`store` names a folder",
        ),
        ('name: "study"', "name: 2024", "name: 2024", "`name` must be a non-empty text, not 2024"),
    ],
)
def test_a_wrong_setting_is_refused_with_its_line(
    invoke: Callable[..., Result],
    tmp_project: Path,
    old: str,
    new: str,
    line_text: str,
    message: str,
) -> None:
    _edit(tmp_project, old, new)
    output = _refused(invoke("codebook", "validate"))
    line = _line_of(tmp_project, line_text)
    assert f"project.yaml, line {line}: {message}" in output
    assert not (tmp_project / "coding.sqlite").exists()


@pytest.mark.parametrize(
    ("old", "new", "line_text", "message", "hint"),
    [
        (
            "store: coding.sqlite ",
            "store: coding.sqlite\nmin_confidence: 0.5 ",
            "min_confidence: 0.5",
            "unknown setting(s): min_confidence (`min_confidence` belongs under `coding`)",
            "Known settings: analysis, assignments,",
        ),
        (
            "  interviewer_turns: false",
            "  interviewer_turns: false\n  max_megabytes: 10",
            "max_megabytes: 10",
            "unknown `coding` setting(s): max_megabytes (`max_megabytes` belongs under `import`)",
            "Known `coding` settings: far_closeness, interviewer_turns, min_confidence, preamble.",
        ),
        (
            "  interviewer_turns: false",
            "  interviewer_turns: false\n  interviewers: [Marc]",
            "interviewers: [Marc]",
            "unknown `coding` setting(s): interviewers (`interviewers` → did you mean "
            "`interviewer_turns`?)",
            "`interviewers` is a setting under `speakers`. Known `coding` settings:",
        ),
        (
            "  typology: ward",
            "  typology: ward\n  min_segments: 2",
            "min_segments: 2",
            "unknown `compare` setting(s): min_segments (`min_segments` belongs under "
            "`compare.qca`)",
            "Known `compare` settings: level, qca, types, typology.",
        ),
        (
            "  typology: ward",
            "  typology: ward\n  qcaa:\n    outcome: laureat",
            "qcaa:",
            "unknown `compare` setting(s): qcaa (`qcaa` → did you mean `qca`?)",
            "Known `compare` settings: level, qca, types, typology.",
        ),
    ],
)
def test_a_setting_at_the_wrong_level_says_where_it_belongs(
    invoke: Callable[..., Result],
    tmp_project: Path,
    old: str,
    new: str,
    line_text: str,
    message: str,
    hint: str,
) -> None:
    _edit(tmp_project, old, new)
    output = _refused(invoke("code"))
    assert f"project.yaml, line {_line_of(tmp_project, line_text)}: {message}\n{hint}" in output
    assert not (tmp_project / "coding.sqlite").exists()


def test_a_project_yaml_that_is_a_list_says_what_a_setting_looks_like(
    invoke: Callable[..., Result], tmp_project: Path
) -> None:
    (tmp_project / "project.yaml").write_text("- name: étude\n- language: fr\n", encoding="utf-8")
    output = _refused(invoke("codebook", "validate"))
    assert "project.yaml, line 1: project.yaml must be a mapping of settings, not a list" in output
    assert "Each line is `setting: value`" in output


@pytest.mark.parametrize(
    ("old", "new", "key", "default"),
    [
        ("cases: corpus/cases.csv", "cases: corpus/case.csv", "cases", "corpus/cases.csv"),
        (
            "documents: corpus/documents.csv",
            "documents: corpus/entretiens.csv",
            "documents",
            "corpus/documents.csv",
        ),
        (
            "members: corpus/members.csv",
            "members: corpus/membres.csv",
            "network.members",
            "corpus/members.csv",
        ),
    ],
)
def test_a_table_named_away_from_its_default_place_must_exist(
    invoke: Callable[..., Result], tmp_project: Path, old: str, new: str, key: str, default: str
) -> None:
    """A typo in the path of cases.csv left every case attribute out (or stale) without a
    word; the file at its default place stays optional."""
    assert not (tmp_project / "corpus" / "documents.csv").exists()
    _edit(tmp_project, old, new)
    output = _refused(invoke("import", str(tmp_project / "corpus")))
    line = _line_of(tmp_project, new.split(": ")[1])
    missing = tmp_project / new.split(": ")[1]
    assert f"project.yaml, line {line}: `{key}` names a file that does not exist ({missing})" in (
        output.replace("\n", "")
    )
    assert f"remove the line for the default ({default}, optional)" in output
    assert not (tmp_project / "coding.sqlite").exists()


# --- network settings checked against the codebook and the attributes ---------------------


@pytest.mark.parametrize(
    ("old", "new", "key", "message"),
    [
        (
            "cooperation_codes: [COOP]",
            "cooperation_codes: [COOPP]",
            "cooperation_codes",
            "`network.cooperation_codes`: COOPP is not a code of the codebook (did you mean "
            "COOP?): no segment would count as cooperation",
        ),
        (
            "cooperation_codes: [COOP]",
            "cooperation_codes: []",
            "cooperation_codes",
            "`network.cooperation_codes` is empty: no segment would make a tie",
        ),
        (
            "ties: [co-mention, interviewee]",
            "ties: []",
            "ties",
            "`network.ties` is empty: no segment would make a tie",
        ),
        (
            "organisation_attribute: organisation",
            "organisation_attribute: organization",
            "organisation_attribute",
            "`network.organisation_attribute`: no interview has the attribute 'organization'",
        ),
        (
            "governance_attribute: gouvernance",
            "governance_attribute: regoin",
            "governance_attribute",
            "`network.governance_attribute`: no pole has the attribute 'regoin' (did you mean "
            "region?)",
        ),
    ],
)
def test_network_settings_that_would_empty_the_networks_are_refused(
    invoke: Callable[..., Result], imported: Path, old: str, new: str, key: str, message: str
) -> None:
    _edit(imported, old, new)
    output = _refused(invoke("network", "--no-candidates"))
    line = _line_of(imported, f"{key}:")
    assert f"project.yaml, line {line}: {message}" in output.replace("\n", " ")
    assert not (imported / "outputs" / "network").exists()


def test_default_attribute_names_absent_from_the_corpus_are_fine(
    invoke: Callable[..., Result], imported: Path
) -> None:
    """The test corpus has no `organisation` nor `gouvernance` attribute: the defaults are
    not refused (a project without documents.csv has no interviewee ties, as before)."""
    from ptce_coding.app.project import find_project
    from ptce_coding.network.settings import check_network_settings

    project = find_project(imported)
    assert project.network.organisation_attribute == "organisation"
    with project.open_store(create=False) as store:
        documents = [document.attributes for document in store.documents()]
        cases = list(store.cases().values())
    assert not any("organisation" in values for values in documents)
    check_network_settings(project.network, {"COOP", "COOP.LIEU"}, documents, cases)


# --- members.csv -----------------------------------------------------------------------------


def test_members_with_a_quote_left_open_are_refused_not_swallowed(tmp_path: Path) -> None:
    """The quote used to run on through the next lines: their members vanished into one
    alias, and `network` went on with the rest."""
    path = tmp_path / "members.csv"
    path.write_text(MEMBERS.replace("Val Net,SIAE,second,", 'Val Net,SIAE,second,"Val'), "utf-8")
    with pytest.raises(PtceError) as raised:
        read_members(path)
    assert str(raised.value).startswith(
        f'{path}, line 3: the quote that opens « "Val » is not closed on this line'
    )


def test_members_saved_by_a_french_spreadsheet_are_read(tmp_path: Path) -> None:
    """Excel in French saves CSV with semicolons, in Windows-1252, the aliases in quotes."""
    path = tmp_path / "members.csv"
    path.write_bytes(
        (
            "case;organisation;kind;circle;aliases\r\n"
            'pole-a;Ateliers du Val;SIAE;premier;"les Ateliers;Coopérative"\r\n'
            "pole-a;Val Net;SIAE;second;\r\n"
        ).encode("cp1252")
    )
    first, second = read_members(path)
    assert first.aliases == ("Ateliers du Val", "les Ateliers", "Coopérative")
    assert (first.circle, second.name, second.circle) == (1, "Val Net", 2)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (MEMBERS_HEADER, "line 1: the members file lists no member (a header and no row)"),
        (
            MEMBERS.replace("aliases\n", "aliases,Kind\n"),
            "line 1: column 'kind' is there twice (columns are read without capitals)",
        ),
        (
            MEMBERS.replace("pole-a,Val Net,SIAE,second,", "pole-a,Val Net,SIAE,second,a,b"),
            "line 3: more cells than columns",
        ),
    ],
)
def test_members_that_would_lose_something_are_refused(
    tmp_path: Path, text: str, message: str
) -> None:
    path = tmp_path / "members.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PtceError) as raised:
        read_members(path)
    assert str(raised.value).startswith(f"{path}, {message}")


def test_members_errors_reach_the_user_with_the_file_and_line(
    invoke: Callable[..., Result], imported: Path
) -> None:
    (imported / "corpus" / "members.csv").write_text(MEMBERS_HEADER, encoding="utf-8")
    output = _refused(invoke("network", "--no-candidates"))
    assert "members.csv, line 1: the members file lists no member" in output
    assert not (imported / "outputs" / "network").exists()


@pytest.mark.parametrize(
    ("labels", "message", "hint"),
    [
        (
            "['^(?P<name>[A-Z]+ :']",
            "`speakers.labels`: invalid regular expression '^(?P<name>[A-Z]+ :': missing ), "
            "unterminated subpattern at position 1",
            "A label pattern is a regular expression with a (?P<name>…) group.",
        ),
        (
            "['^[A-Z]+ :']",
            "`speakers.labels`: '^[A-Z]+ :' needs a (?P<name>…) group for the speaker",
            "For example `'^(?P<name>[A-Z]{2,4}) :'` reads « MD : … » as speaker MD.",
        ),
        (
            "['^(?P<name>(\\w+\\s?)+) :']",
            "`speakers.labels`: '^(?P<name>(\\\\w+\\\\s?)+) :' nests a `+` repeat inside a group",
            "Write the repeat once",
        ),
    ],
)
def test_a_wrong_speaker_label_is_refused_with_its_line_before_import(
    invoke: Callable[..., Result], tmp_project: Path, labels: str, message: str, hint: str
) -> None:
    """The label patterns were checked only when a transcript was read, with no file nor
    line; a nested repeat was not checked at all (and could hang the import)."""
    _edit(tmp_project, "  labels: []", f"  labels: {labels}")
    output = _refused(invoke("import", str(tmp_project / "corpus")))
    assert f"project.yaml, line {_line_of(tmp_project, 'labels:')}: {message}" in output
    assert hint in output
    assert not (tmp_project / "coding.sqlite").exists()


def test_a_corpus_that_is_the_project_folder_is_refused(
    invoke: Callable[..., Result], tmp_project: Path
) -> None:
    """`corpus: .` imported the report's files in outputs/ and corpus/ itself as cases."""
    _edit(tmp_project, "corpus: corpus ", "corpus: .      ")
    output = _refused(invoke("run"))
    assert (
        f"project.yaml, line {_line_of(tmp_project, 'corpus: .')}: `corpus` names the project "
        f"folder or a folder above it ({tmp_project.resolve()}): its sub-folders codebooks/ and "
        "outputs/ would be imported as cases"
    ) in output
    assert not (tmp_project / "coding.sqlite").exists()


@pytest.mark.parametrize(
    ("conditions", "message"),
    [
        ("[region, region]", "`compare.qca.conditions`: region is given twice"),
        ("[~region]", "`compare.qca.conditions`: ~region is negated; `~` marks the outcome's"),
        ("[region, laureat]", "`compare.qca.conditions`: laureat is also the outcome"),
    ],
)
def test_qca_conditions_that_cannot_make_a_truth_table_are_refused_with_their_line(
    invoke: Callable[..., Result], imported: Path, conditions: str, message: str
) -> None:
    """A condition given twice ended `compare qca`, `report` and `run` in a pandas
    traceback; a negated one, or the outcome among the conditions, were refused only once
    the store was read, without the file."""
    _edit(
        imported,
        "  typology: ward",
        f"  typology: ward\n  qca:\n    outcome: laureat\n    conditions: {conditions}",
    )
    output = _refused(invoke("compare", "qca"))
    assert f"project.yaml, line {_line_of(imported, 'conditions:')}: {message}" in output
    assert not (imported / "outputs" / "compare").exists()
