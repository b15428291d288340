"""The web page shows a far document's evidence in French (user trial, session 41, U).

On `serve`, the evidence of a suggestion in the CFPP2000 interview read « TERR#6 : « ZAC » —
le plus proche dans le livre de codes : “…” — a document far from the codebook (closeness
0.16, under 0.19): what it says of the surroundings (seuil 0,35) »: the note session 41
added to the evidence (tagging/far_documents.py, ``describe``) had no French in
web/french.py, so the page mixed it, in English, into the French of the rest."""

from __future__ import annotations

import pytest

from ptce_coding.tagging.evidence_text import far_note
from ptce_coding.web.french import evidence


@pytest.mark.parametrize(
    ("context", "said"),
    [
        (True, "ce qu'il dit de l'environnement du cas"),
        (False, "rarement juste dans un tel entretien"),
    ],
)
def test_a_far_documents_evidence_is_in_french_on_the_page(context: bool, said: str) -> None:
    stored = f"TERR#6: « ZAC »{far_note(0.163, 0.19, context)} (threshold 0.35)"
    shown = evidence(stored)
    assert "far from the codebook" not in shown
    assert "surroundings" not in shown and "rarely" not in shown
    assert "loin de ce que décrit le livre de codes (proximité 0,16, sous 0,19)" in shown
    assert said in shown
    assert shown.endswith("(seuil 0,35)")
