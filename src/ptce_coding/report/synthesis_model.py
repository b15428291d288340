"""What the synthesis report holds, as plain data: the synthesis itself, made of its axes'
chapters (``axis_model``), other chapters and quotations (``chapter_blocks``) and its method
(``method_model``), with what each document (the restitution, the research annex) shows of
it. ``synthesis.py`` computes it; the renderers (html, docx, md, xlsx) read it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from ptce_coding.analysis.quotations import long_enough
from ptce_coding.base.records import MemoRow
from ptce_coding.codebook.model import Code
from ptce_coding.report.axis_model import Chapter, CodeSummary
from ptce_coding.report.chapter_blocks import ExtraChapter, Quote
from ptce_coding.report.emergence_factors import (
    EMERGENCE,
    UNSPECIFIED,
    UNSPECIFIED_FR,
    factor_note,
    factor_table,
)
from ptce_coding.report.formatting import lower_first, proper_nouns
from ptce_coding.report.labels import (
    ANNEX_READERS,
    GLOSSARY,
    RESTITUTION_READERS,
    Names,
    code_label,
    retired_sentence,
)
from ptce_coding.report.method_model import Method

if TYPE_CHECKING:
    from ptce_coding.report.compare_chapter import ComparisonChapter
    from ptce_coding.report.network_chapter import NetworkChapter

QUOTES_PER_CODE = 3  # research annex: per code…
QUOTES_PER_CHAPTER = 12  # … and per chapter
HIGHLIGHTS = 2  # restitution: quotations per axis
IDEAL_CHARS = 180  # a restitution quotation: long enough to say something, short to remember
EMERGENCE_HIGHLIGHTS = 4  # restitution: quotations in the emergence chapter


@dataclass
class Synthesis:
    title: str
    project: str
    generated: str
    figures: dict[str, int]
    cases: pd.DataFrame  # case attributes
    overview: pd.DataFrame  # case × axis, share of segments
    overview_counts: pd.DataFrame  # case × axis, coded segments
    chapters: list[Chapter]
    emergence: pd.DataFrame  # case × emergence codes
    cooccurrence: pd.DataFrame  # axis × axis
    method: Method
    codebook: list[tuple[int, Code]]
    quotations: pd.DataFrame
    includes_suggestions: bool = False
    charts: dict[str, list[Path]] = field(default_factory=dict)
    # the restitution's own figures (figures.restitution_charts), by name: « axes »
    restitution_charts: dict[str, list[Path]] = field(default_factory=dict)
    memos: list[MemoRow] = field(default_factory=list)
    network: NetworkChapter | None = None  # cooperation networks, when members are listed
    comparison: ComparisonChapter | None = None  # typology of the poles, from 4 poles
    names: Names = field(default_factory=Names)
    bases: pd.DataFrame = field(default_factory=pd.DataFrame)  # case × base figures
    # case × interviews, segments, words, coders of its coded interviews (matrices'
    # ``coded_documents``): the bases of « k/N » and of the shares (``counted_bases``)
    coded_bases: pd.DataFrame = field(default_factory=pd.DataFrame)
    # case → its interviews with a coding counted (``coded_interviews``); empty: every one
    coded: pd.Series = field(default_factory=lambda: pd.Series(dtype=int))
    overview_words: pd.DataFrame = field(default_factory=pd.DataFrame)  # % of words
    overview_interviews: pd.DataFrame = field(default_factory=pd.DataFrame)  # n interviews
    extra_chapters: list[ExtraChapter] = field(default_factory=list)
    emergence_highlights: list[Quote] = field(default_factory=list)
    anonymised: bool = False  # pseudonymised (--anonymise): its files end with « -anonyme »
    # a report on some poles (--cases): what its files' names say of them, before
    # « -anonyme » (report/case_label.py; set by publish.py), '' for the whole study
    cases_label: str = ""
    quotes_per_chapter: int = QUOTES_PER_CHAPTER  # the annex's cap the builder applied
    # when the store's codings or memos last changed (analysis/last_change.py): the Word
    # and Excel files' own time, so that the same store gives the same bytes; None: none
    moment: datetime | None = None

    def file_stem(self, name: str) -> str:
        """The name a file of this report has (publish.py): « restitution »,
        « restitution-coders-a+b », « restitution-cases-pole-a », « restitution-anonyme »;
        the annex points to the restitution of the same report, never to the one that names
        everyone, nor to the whole study's."""
        cases = f"-{self.cases_label}" if self.cases_label else ""
        return self.method.selection.named(name) + cases + ("-anonyme" if self.anonymised else "")

    def quotes_left_out(self, summary: CodeSummary) -> str:
        """Why the annex shows no quotation of a code that has some: the chapter's quotations
        are capped (``quotes_per_chapter``), and a heading followed by nothing read as a code
        with nothing to quote. Said once per axis, under its first code the cap left out
        (every code after it is left out too); empty elsewhere."""
        quotable = self._quotable_codes()
        if summary.quotes or summary.code.id not in quotable:
            return ""
        chapter = next((c for c in self.chapters if any(s is summary for s in c.codes)), None)
        if chapter is not None:
            left_out = [s for s in chapter.codes if not s.quotes and s.code.id in quotable]
            if left_out[0] is not summary:
                return ""
        return (
            f"Citations non reprises à partir d'ici : l'annexe en donne au plus "
            f"{self.quotes_per_chapter} par axe. Toutes sont dans "
            f"{self.file_stem('matrices')}.xlsx (feuille « citations »)."
        )

    def _quotable_codes(self) -> set[str]:
        """The codes with a quotation the annex could show (``long_enough``)."""
        if self.quotations.empty:
            return set()
        found = self.quotations
        return set(found.loc[long_enough(found["quotation"]), "code"])

    def add_chapter(self, chapter: ExtraChapter) -> None:
        """One more chapter, shown before the method in the documents it is meant for."""
        self.extra_chapters.append(chapter)

    def chapters_for(self, audience: str) -> list[ExtraChapter]:
        return [c for c in self.extra_chapters if audience in c.audience]

    def pole(self, case: object) -> str:
        return self.names.pole(case)

    def coded_interviews(self) -> pd.Series:
        """Per pole (the rows of ``bases``), its interviews with at least one coding
        counted: the base of every « k/N »."""
        interviews = self.bases["interviews"] if "interviews" in self.bases else pd.Series()
        if self.coded.empty:
            return interviews
        return self.coded.reindex(interviews.index, fill_value=0).astype(int)

    def counted_bases(self) -> pd.DataFrame:
        """Per pole (the rows of ``bases``), the bases of the interviews N counts in « k/N »
        (``coded_interviews``): ``bases`` once every interview is coded; while some are not,
        those of the coded interviews only (``coded_bases``), zeros for a pole with none."""
        if not self.partly_coded() or self.coded_bases.empty:
            return self.bases
        coded = self.coded_bases.reindex(index=self.bases.index, columns=self.bases.columns)
        return coded.fillna(0).astype(int)

    def uncoded_poles(self) -> list[str]:
        """The poles none of whose interviews has a coding counted, by their names."""
        coded = self.coded_interviews()
        return [self.pole(case) for case, n in coded.items() if not n]

    def partly_coded(self) -> bool:
        """Whether some interviews have no coding counted (coding under way)."""
        if self.bases.empty:
            return False
        return bool((self.coded_interviews() < self.bases["interviews"]).any())

    def axis_chapters(self, *, emergence: bool) -> list[Chapter]:
        """The axes' chapters, with or without the emergence axis."""
        return [c for c in self.chapters if (c.axis.id == EMERGENCE) == emergence]

    def emergence_pointer(self) -> str:
        """Where the emergence axis is read, when the restitution's comparison table and its
        figure show it: it has no section of its own among the axes that follow them (a
        reader looked for it there; helper U, session 42)."""
        if EMERGENCE not in self.overview_interviews.columns:
            return ""
        return (
            f"L'axe « {self.label(EMERGENCE)} » est lu plus loin, au chapitre sur les facteurs "
            "d'émergence."
        )

    def memos_about(self, kind: str, target: str = "") -> list[MemoRow]:
        """The memos on a code, a case, a document (or the project, with no target)."""
        return [m for m in self.memos if m.target_kind == kind and m.target == target]

    def emergence_factors(self) -> pd.DataFrame:
        """Pole × emergence factor: the pole's interviews that evoke it (the restitution's
        table), a parent code's own codings in the column ``<parent>#sans-précision`` after
        its factors (``emergence_factors.factor_table``); empty without any."""
        return factor_table(self.chapters, self.codebook)

    def emergence_note(self) -> str:
        """What « sans précision » means in the emergence factors' table; empty when it has
        no such row."""
        return factor_note(self.emergence_factors())

    def glossary(self) -> list[tuple[str, str]]:
        """The restitution's glossary (``GLOSSARY``): the words it uses, and only those (the
        network's when it has the network chapter, and the measures its readings cite,
        « sans précision » when its emergence table has such a row, the consensus when one
        settles the coders' disagreements)."""
        keys = ["pôle", "grille", "code", "segment"]
        if self._has_suggestions():
            keys.append("suggestion")
        keys.append("accord")
        if self.method.selection.consensus:  # replacing one person's coding, or several's
            keys.append("consensus" if len(self.method.counted) != 1 else "consensus, un codeur")
        if self.emergence_note():
            keys.append("sans précision")
        if self.network is not None:
            keys += ["lien", "formes", "coordination", "centralisation"]
        measures = self.network.glossary() if self.network is not None else []
        return [GLOSSARY[key] for key in keys] + measures

    def _has_suggestions(self) -> bool:
        """Whether the document speaks of the taggers' suggestions: counted, waiting, or
        accepted in review among the codings counted."""
        coders = self.method.coders
        if self.includes_suggestions or coders.empty:
            return self.includes_suggestions
        return bool(coders["method"].isin(["rule", "model"]).any())

    def confidentiality(self, audience: str) -> str:
        """The notice on the cover of a document meant for ``audience`` (« restitution »,
        « annexe »): it quotes interviews, who it is for, and whether its quotations are
        pseudonymised (``anonymised``) or name everyone, said plainly either way."""
        readers = RESTITUTION_READERS if audience == "restitution" else ANNEX_READERS
        head = (
            "Document confidentiel : il cite des extraits d'entretiens et il est destiné "
            f"{readers}. Ne le diffusez pas au-delà sans l'accord de l'équipe de recherche."
        )
        if self.anonymised:
            return (
                f"{head} Les citations sont anonymisées : les personnes, les structures et "
                "les lieux y sont remplacés par des pseudonymes et les pôles désignés par une "
                "lettre ; la fonction d'une personne interrogée ou un détail de son propos peut "
                "encore la faire reconnaître par qui connaît le pôle."
            )
        return (
            f"{head} Les citations ne sont pas anonymisées : elles nomment les pôles, les "
            "structures et la fonction des personnes interrogées, qui peuvent être reconnues ; "
            "pour un public plus large, demandez-en la version anonymisée."
        )

    def label_in_sentence(self, code_id: str) -> str:
        """The code's label (``label``) inside a sentence: in lower case, but an acronym or
        a proper noun the codebook's texts write with a capital (« Europe et fonds
        européens », « État et services déconcentrés »: ``formatting.lower_first``)."""
        return lower_first(self.label(code_id), self._proper_nouns)

    @cached_property
    def _proper_nouns(self) -> frozenset[str]:
        texts = [text for _, code in self.codebook for text in (code.label, code.definition)]
        return proper_nouns(texts)

    def label(self, code_id: str) -> str:
        """The code's label as the chapters show it, « (retiré) » after a retired one; a
        parent's own column of the emergence factors (``UNSPECIFIED``) « Déterminants (sans
        précision) »."""
        if code_id.endswith(UNSPECIFIED):
            return f"{self.label(code_id.removesuffix(UNSPECIFIED))} ({UNSPECIFIED_FR})"
        for _, code in self.codebook:
            if code.id == code_id:
                return code_label(code)
        return code_id

    def retired_note(self, chapter: Chapter | None = None) -> str:
        """What the retired codes that a ``chapter`` (or, without one, the document) counts
        are: a sentence, empty when it counts none."""
        chapters = self.chapters if chapter is None else [chapter]
        retired = [
            summary.code.label
            for each in chapters
            for summary in each.codes
            if summary.code.retired and (summary.total or (summary.depth == 1 and each.coded))
        ]  # a retired axis whose codes are coded heads its chapter « (retiré) »: say why
        return retired_sentence(retired)
