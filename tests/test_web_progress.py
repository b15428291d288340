"""The web page's documents list counts what is to be coded: the interviewees' segments and
words, as `documents` counts them, so that a document whose every answer is coded reads
« N / N » (helper B's group trial, session 35: « 4 / 8 », the interviewer's questions in the
total)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from click.testing import Result

from ptce_coding.store import Store
from tests.test_web_api import client_for

TRANSCRIPT = (
    "Enquêteur : Comment le pôle est-il né ?\n\n"
    "Marie : Le pôle est né en 2012 d'une envie commune des associations du quartier.\n\n"
    "Enquêteur : Et ensuite ?\n\n"
    "Marie : Ensuite nous avons créé une SCIC avec la commune et deux entreprises.\n"
)


def test_a_document_whose_answers_are_all_coded_reads_all_coded(
    tmp_project: Path, invoke: Callable[..., Result]
) -> None:
    folder = tmp_project / "corpus" / "pole-z"
    folder.mkdir()
    (folder / "marie.txt").write_text(TRANSCRIPT, encoding="utf-8")
    assert invoke("import", str(tmp_project / "corpus")).exit_code == 0
    with Store(tmp_project / "coding.sqlite") as store:
        document = store.document("pole-z/marie.txt")
        assert document is not None
        answers = [s for s in store.segments(document.id) if not s.interviewer]
        [row] = [r for r in store.document_rows() if r.document == "pole-z/marie.txt"]
    assert len(answers) == 2
    lines = ["document,start,end,code,coder"] + [
        f"pole-z/marie.txt,{s.start},{s.end},COOP,alice" for s in answers
    ]
    (tmp_project / "codages.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = invoke("codings", "import", str(tmp_project / "codages.csv"))
    assert result.exit_code == 0, result.output
    client, _ = client_for(tmp_project, "alice")
    with client:
        page = client.get("/").text
    [cells] = re.findall(r"pole-z/marie\.txt.*?</tr>", page, flags=re.S)
    assert re.search(r"\b2 / 2\b", cells), cells
    assert f'<td class="num">{row.counted}</td>' in cells, cells
    assert row.counted < row.words
