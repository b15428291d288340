"""The restitution's « Citations. » paragraph: what a quotation is and what its source says.

An interview with neither organisation nor label in documents.csv is named after its file,
and its quotations say so (« personne interrogée (Pôle X, entretien « directrice scic ») »,
``Quote.source``): the note then says where the organisation is not given, not that every
quotation names one."""

from __future__ import annotations

from ptce_coding.report.chapter_blocks import Quote
from ptce_coding.report.synthesis_model import Synthesis


def restitution_quotes(synthesis: Synthesis) -> list[Quote]:
    """The quotations the restitution shows: each axis' highlights and the emergence
    factors'."""
    quotes = [quote for chapter in synthesis.chapters for quote in chapter.highlights]
    return quotes + list(synthesis.emergence_highlights)


def citation_note(synthesis: Synthesis) -> str:
    """« Chaque citation est la ou les phrases qui portent le code, avec … »."""
    said = (
        "Chaque citation est la ou les phrases qui portent le code, avec la fonction de la "
        "personne interrogée, son organisation et son pôle"
    )
    if any(quote.from_file for quote in restitution_quotes(synthesis)):
        said += (
            ", ou, quand la liste des entretiens ne donne pas son organisation, son pôle et "
            "l'entretien dont elle vient"
        )
    return f"{said} ; « […] » marque une phrase coupée."
