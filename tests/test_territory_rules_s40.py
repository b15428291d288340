"""The default codebook's rules for a territory's development, its local resources, the
distance to a named place and the public policies of planning (the coding instructions'
« territorial development dynamics »)."""

from __future__ import annotations

import pytest

from ptce_coding.app.project import default_codebook_path
from ptce_coding.base.language import load_pipeline
from ptce_coding.codebook.loader import load_codebook
from ptce_coding.tagging.rules import RuleTagger

pytestmark = pytest.mark.slow  # spaCy


@pytest.fixture(scope="module")
def tagger() -> RuleTagger:
    return RuleTagger(load_codebook(default_codebook_path()), load_pipeline())


def found(tagger: RuleTagger, sentence: str) -> dict[str, list[str]]:
    doc = tagger.nlp(sentence)
    return {code: [m.text for m in hits] for code, hits in tagger.codes(doc).items()}


@pytest.mark.parametrize(
    ("sentence", "code", "words"),
    [
        (
            "l'évolution industrielle de la région est très rapide",
            "TERR",
            "évolution industrielle de la région",
        ),
        ("avec l'aménagement urbain autour de la gare tout a changé", "TERR", "aménagement urbain"),
        (
            "c'était un quartier industriel avant, il y avait des usines",
            "TERR",
            "quartier industriel",
        ),
        ("la main d'oeuvre orléanaise est bonne", "TERR.ANCRAGE", "main d'oeuvre orléanaise"),
        ("nous avons très peu de fournisseurs sur place", "TERR.ANCRAGE", "fournisseurs sur place"),
        ("la proximité de Paris a compté", "TERR.PROX_GEO", "proximité de Paris"),
        ("le SDRIF préconise de densifier autour des gares", "INST", "SDRIF"),
        (
            "l'école fait partie maintenant de l'Education nationale",
            "INST.ETAT",
            "Education nationale",
        ),
    ],
)
def test_a_territory_s_development_is_found(
    tagger: RuleTagger, sentence: str, code: str, words: str
) -> None:
    assert words in found(tagger, sentence).get(code, [])


@pytest.mark.parametrize(
    "sentence",
    [
        "il a plu toute la journée",  # « plu », not the PLU (plan local d'urbanisme)
        "elle habite près de la gare",  # « près de » a place not named
        "la proximité des membres compte beaucoup",
    ],
)
def test_words_alike_are_not_taken_for_it(tagger: RuleTagger, sentence: str) -> None:
    codes = found(tagger, sentence)
    assert "INST" not in codes
    assert "TERR.PROX_GEO" not in codes or codes["TERR.PROX_GEO"] != ["près de la gare"]
