"""The default codebook's regular expressions take the other number and gender of the words
they name (« conseillère municipale » as well as « conseil municipal », « entrées » as well as
« entrée »), not only the form their author wrote."""

from __future__ import annotations

import pytest

from ptce_coding.tagging.rules import RuleTagger
from tests.test_territory_rules_s40 import found, tagger

pytestmark = pytest.mark.slow  # spaCy

__all__ = ["tagger"]  # the default codebook's rules, compiled once (a fixture)


@pytest.mark.parametrize(
    ("sentence", "code", "words"),
    [
        (
            "il y a deux conseillères municipales au bureau",
            "INST.COLLECTIVITES",
            "conseillères municipales",
        ),
        (
            "on a vu les conseillers départementaux en mars",
            "INST.COLLECTIVITES",
            "conseillers départementaux",
        ),
        ("on a fixé les règles d'entrées et de sorties", "GOUV.APPARTENANCE", "règles d'entrées"),
        ("ce sont des adhérentes du pôle depuis le début", "MORPH", "adhérentes du pôle"),
        ("on est passé à une trentaine d'adhérentes", "MORPH.TAILLE", "une trentaine d'adhérentes"),
        (
            "des structures issues de l'économie sociale",
            "MORPH.MEMBRES.ESS",
            "structures issues de l'économie sociale",
        ),
        (
            "on travaille avec l'économie marchande aussi",
            "MORPH.MEMBRES.ENTREPRISE",
            "économie marchande",
        ),
        ("il y a des commerçantes du quartier", "MORPH.MEMBRES.ENTREPRISE", "des commerçantes"),
        (
            "les usagères sont aussi sociétaires",
            "MORPH.MEMBRES.CITOYENS",
            "usagères sont aussi sociétaires",
        ),
        (
            "les cuisines centrales du département",
            "MORPH.SECTEUR.ALIMENTATION",
            "cuisines centrales",
        ),
        ("on travaille avec un producteur local", "MORPH.SECTEUR.ALIMENTATION", "producteur local"),
        (
            "il y a trois entreprises numériques",
            "MORPH.SECTEUR.CREATIF_NUMERIQUE",
            "entreprises numériques",
        ),
        (
            "on a fait un diagnostic partagé avec tout le monde",
            "COOP.STRATEGIE.VISION",
            "diagnostic partagé",
        ),
        (
            "on met à disposition des comptables",
            "COOP.MUTUALISATION.EMPLOIS",
            "met à disposition des comptables",
        ),
        ("on prête nos véhicules aux autres", "COOP.MUTUALISATION.MATERIEL", "prête nos véhicules"),
        ("l'action est portée par une association", "GOUV.DELEGUEE", "portée par une association"),
        ("c'est un mode très pyramidal", "GOUV.COORDINATION.VERTICALE", "mode très pyramidal"),
        ("des heures gratuites pour le pôle", "ECO.NON_MONETAIRES", "heures gratuites"),
        ("c'est une vallée enclavée", "EMERG.DET.PROBLEMATIQUE", "vallée enclavée"),
        ("on veut répondre à un besoin social", "EMERG.DET.BESOINS", "besoin social"),
        (
            "les structures sont dispersées sur le territoire",
            "TERR.PROX_GEO",
            "dispersées sur le territoire",
        ),
        ("il y a une compétence locale très rare", "TERR.ANCRAGE", "compétence locale"),
        (
            "on est dans le plan local pour l'insertion",
            "INST.POLITIQUES_ESS",
            "plan local pour l'insertion",
        ),
        ("on a rejoint un réseau régional", "INST.RESEAUX", "réseau régional"),
        ("en 2012 on s'est regroupé à six", "EMERG.DET", "on s'est regroupé"),
        ("la mairie reste un acteur public majeur", "INST", "acteur public"),
    ],
)
def test_an_inflected_form_is_found(
    tagger: RuleTagger, sentence: str, code: str, words: str
) -> None:
    assert words in found(tagger, sentence).get(code, [])


@pytest.mark.parametrize(
    ("sentence", "code"),
    [
        ("j'ai vu un conseiller financier à la banque", "INST.COLLECTIVITES"),
        ("les entrées du cinéma étaient pleines", "GOUV.APPARTENANCE"),
        ("une cuisine équipée dans l'appartement", "MORPH.SECTEUR.ALIMENTATION"),
        ("le réseau routier est en travaux", "INST.RESEAUX"),
        ("la mode des années quatre-vingt", "GOUV.COORDINATION.VERTICALE"),
    ],
)
def test_words_alike_are_still_not_taken(tagger: RuleTagger, sentence: str, code: str) -> None:
    assert code not in found(tagger, sentence)
