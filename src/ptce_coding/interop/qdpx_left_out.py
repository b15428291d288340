"""What a .qdpx holds that has no place in a ptce-coding project, said by its import
(:mod:`ptce_coding.interop.qdpx_import`): a case that holds no document once imported, and
the file's sets."""

from __future__ import annotations

from ptce_coding.interop.refi import RefiProject
from ptce_coding.store import Store


def cases_left_out(refi: RefiProject, names: dict[str, str], store: Store) -> list[str]:
    """A warning for each case of the file that holds no document once imported, with the
    attributes it does not bring: a case without a text source, or one whose sources are
    another case's (a ptce-coding document is in one case; NVivo puts a focus group's
    transcript in the case of each participant)."""
    held = {document.case for document in store.documents()}
    warnings = []
    for item in refi.cases:
        if store.stored_case_name(item.name) in held:
            continue
        values = ", ".join(f"{name}={value}" for name, value in item.variables.items())
        lost = f"; its attributes were not imported ({values})" if values else ""
        documents = [names[guid] for guid in item.source_guids if guid in names]
        why = (
            f"its document(s) {', '.join(map(repr, documents))} are in another case (a "
            "document belongs to one case)"
            if documents
            else "it holds no text source of the file"
        )
        warnings.append(f"case {item.name or item.guid!r} was not made a case: {why}{lost}")
    return warnings


def sets_left_out(refi: RefiProject) -> list[str]:
    """A warning naming the file's sets (MAXQDA's document sets, ATLAS.ti's groups), which
    have no place in a ptce-coding project."""
    if not refi.sets:
        return []
    named = ", ".join(
        f"{item.name or item.guid!r} ({len(item.source_guids)} source(s), "
        f"{len(item.code_guids)} code(s))"
        for item in refi.sets[:5]
    ) + (" …" if len(refi.sets) > 5 else "")
    return [
        f"{len(refi.sets)} set(s) not imported: {named}; a set of documents can become an "
        "attribute of the documents (documents.csv) or of their cases (cases.csv)"
    ]
