"""Builders shared by the REFI-QDA tests: small projects, .qdpx archives, positions.

No test here; the fixtures that reproduce each tool's quirks are built from these helpers (and
the few static files in tests/data/refi/).
"""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path
from typing import Any
from xml.sax.saxutils import quoteattr

from ptce_coding.base.records import Coding, Document
from ptce_coding.codebook.loader import parse_codebook
from ptce_coding.codebook.model import Codebook
from ptce_coding.corpus.transcript import text_hash

from .conftest import DATA

REFI_DATA = DATA / "refi"
PROJECT_NS = "urn:QDA-XML:project:1.0"

CODEBOOK_YAML = """\
name: Codebook de test REFI
language: fr
codes:
  - id: COOP
    label: Coopération
    color: "#1f77b4"
    definition: Activités menées ensemble par les membres.
    include: Toute coopération entre membres du pôle.
    exclude: Les simples relations commerciales.
    examples: ["on fait des choses ensemble", "on s'entraide"]
    children:
      - id: COOP.MUTUALISATION
        label: Mutualisation
        definition: Ressources partagées.
        children:
          - id: COOP.MUTUALISATION.LIEU
            label: « Lieu » partagé — œuvre commune
            definition: Partage de locaux.
            examples: ["on partage les locaux"]
      - id: COOP.ACHATS
        label: Achats groupés
        color: "#2ca02c"
  - id: ECO
    label: Économie locale
    definition: Ressources du pôle.
    children:
      - id: ECO.PUBLIC
        label: Ressources publiques
"""

TEXT_A = (
    "Enquêteur : Comment est né le pôle ?\n"
    "Zoé : On a créé une œuvre commune 🎉 à Saint-Étienne, dans des locaux partagés.\n"
    "Enquêteur : Et l'argent ?\n"
    "Zoé : La Région finance « l'amorçage » ; ça coûte cher.\n"
)
TEXT_B = "Noël : 😀😀 les achats groupés, c'est notre force.\nFin de l'entretien.\n"


def codebook() -> Codebook:
    return parse_codebook(CODEBOOK_YAML)


def document(number: int, name: str, case: str, text: str, **attributes: Any) -> Document:
    return Document(
        id=number,
        name=name,
        case=case,
        format="txt",
        text=text,
        text_hash=text_hash(text),
        words=len(text.split()),
        attributes=attributes,
    )


def span(text: str, passage: str) -> tuple[int, int]:
    start = text.index(passage)
    return start, start + len(passage)


def sample() -> tuple[Codebook, list[Document], list[Coding], dict[str, dict[str, Any]]]:
    """A small French project: two cases, three documents, codings by two coders."""
    documents = [
        document(1, "pole-a/zoe.txt", "Pôle A", TEXT_A, role="directrice", rang=1),
        document(2, "pole-b/noel.txt", "Pôle B", TEXT_B, role="bénévole", rang=2),
        document(3, "pole-b/vide.txt", "Pôle B", "Rien.\n"),
    ]
    a, b = TEXT_A, TEXT_B
    codings = [
        Coding(
            "pole-a/zoe.txt",
            *span(a, "une œuvre commune 🎉"),
            "COOP",
            "alice",
            memo="Très clair.\nDeux lignes.",
            created_at="2024-03-01T10:00:00+00:00",
        ),
        Coding(
            "pole-a/zoe.txt",
            *span(a, "locaux partagés"),
            "COOP.MUTUALISATION.LIEU",
            "alice",
            created_at="2024-03-02T11:30:00+00:00",
        ),
        Coding("pole-a/zoe.txt", *span(a, "locaux partagés"), "COOP.MUTUALISATION.LIEU", "bruno"),
        Coding(
            "pole-a/zoe.txt",
            *span(a, "La Région finance « l'amorçage »"),
            "ECO.PUBLIC",
            "bruno",
            memo="Financement public",
        ),
        Coding("pole-b/noel.txt", *span(b, "😀😀 les achats groupés"), "COOP.ACHATS", "alice"),
        Coding("pole-b/noel.txt", 0, len(b), "ECO", "Zoé Müller"),
    ]
    cases: dict[str, dict[str, Any]] = {
        "Pôle A": {
            "région": "Auvergne-Rhône-Alpes",
            "lauréat": True,
            "année": 2014,
            "budget": 12.5,
            "création": date(2014, 3, 1),
        },
        "Pôle B": {"région": "Bretagne", "lauréat": False, "année": 2016, "budget": 3.0},
        "Pôle C": {"région": "Occitanie"},
    }
    return codebook(), documents, codings, cases


def guid(number: int) -> str:
    """A valid GUID for hand-written fixtures."""
    return f"00000000-0000-4000-8000-{number:012d}"


def project_xml(body: str, *, origin: str | None = "Test tool 1.0", attrs: str = "") -> str:
    origin_attr = f' origin="{origin}"' if origin is not None else ""
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        f'<Project xmlns="{PROJECT_NS}" name="fixture"{origin_attr}{attrs}>{body}</Project>'
    )


def codebook_xml(*codes: tuple[int, str]) -> str:
    items = "".join(f'<Code guid="{guid(n)}" name="{name}" isCodable="true"/>' for n, name in codes)
    return f"<CodeBook><Codes>{items}</Codes></CodeBook>"


def make_qdpx(
    path: Path,
    qde: str | bytes,
    members: dict[str, bytes] | None = None,
    qde_name: str = "project.qde",
) -> Path:
    """A .qdpx archive with the given project XML and members."""
    data = qde.encode("utf-8") if isinstance(qde, str) else qde
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(qde_name, data)
        for name, content in (members or {}).items():
            archive.writestr(name, content)
    return path


def utf16_position(text: str, index: int) -> int:
    """The position NVivo gives to code point ``index`` of ``text``: UTF-16 code units."""
    return len(text[:index].encode("utf-16-le")) // 2


def selection(
    number: int, start: int, end: int, code: int, *, name: str = "", user: str = "", extra: str = ""
) -> str:
    user_attr = f' creatingUser="{user}"' if user else ""
    return (
        f'<PlainTextSelection guid="{guid(number)}" name={quoteattr(name)} startPosition="{start}" '
        f'endPosition="{end}"{user_attr}>{extra}<Coding guid="{guid(number + 5000)}"'
        f'{user_attr}><CodeRef targetGUID="{guid(code)}"/></Coding></PlainTextSelection>'
    )
