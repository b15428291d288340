"""What the speed work must never change: the cache, the prefilters, the worker processes and
the context-free lemmas leave the suggestions exactly as they would otherwise be."""

from __future__ import annotations

from pathlib import Path

import pytest

from ptce_coding.app.project import load_project
from ptce_coding.base.language import DocCache, for_pipeline, load_pipeline
from ptce_coding.codebook.loader import load_codebook
from ptce_coding.tagging import rule_coding, rules
from ptce_coding.tagging.prefilter import (
    LiteralIndex,
    allowed,
    fold,
    regex_prefilter,
    token_pattern_prefilter,
)
from ptce_coding.tagging.rules import RuleTagger

ROOT = Path(__file__).resolve().parent.parent


def suggestions(tmp_project: Path) -> list[tuple]:
    project = load_project(tmp_project)
    with project.open_store() as store:
        rows = store.coding_rows(methods=["rule"])
    return [(r.document, r.start, r.end, r.code, r.evidence) for r in rows]


def code(project_root: Path, *, cache_folder: Path | None, processes: int = 1):
    project = load_project(project_root)
    nlp = load_pipeline()
    book = load_codebook(project.codebook_path)
    cache = DocCache(cache_folder, nlp)
    with project.open_store() as store:
        run = rule_coding.code_with_rules(
            store, book, RuleTagger(book, nlp), cache, processes=processes
        )
    return run, cache


@pytest.mark.slow  # the French spaCy model
def test_cache_never_changes_results(invoke, tmp_project: Path) -> None:
    assert invoke("import", str(tmp_project / "corpus")).exit_code == 0
    folder = tmp_project / ".cache" / "docs"
    run, cache = code(tmp_project, cache_folder=None)
    uncached = suggestions(tmp_project)
    assert uncached and cache.hits == 0
    code(tmp_project, cache_folder=folder)  # fills the cache
    run, cache = code(tmp_project, cache_folder=folder)
    assert run.cache_hits == run.documents == 2 and cache.misses == 0
    assert suggestions(tmp_project) == uncached


@pytest.mark.slow  # the French spaCy model
def test_edited_document_is_parsed_again(invoke, tmp_project: Path) -> None:
    assert invoke("import", str(tmp_project / "corpus")).exit_code == 0
    assert invoke("code").exit_code == 0
    path = tmp_project / "corpus" / "pole-a" / "directrice.txt"
    text = path.read_text("utf-8")
    first_word = next(w for w in text.split() if w.isalpha() and len(w) > 3)
    # one character changed, same length: the segment offsets do not move
    changed = text.replace(first_word, first_word[:-1] + "x", 1)
    assert len(changed) == len(text)
    path.write_text(changed, "utf-8")
    assert invoke("import", str(tmp_project / "corpus")).exit_code == 0
    _, cache = code(tmp_project, cache_folder=tmp_project / ".cache" / "docs")
    assert cache.misses == 1 and cache.hits == 1  # the edited document only is parsed again
    project = load_project(tmp_project)
    with project.open_store() as store:
        document = next(d for d in store.documents() if d.name.endswith("directrice.txt"))
        spans = [(s.start, s.end) for s in store.segments(document.id)]
    words = {
        token.text for doc in cache.parse(document.text, document.text_hash, spans) for token in doc
    }
    assert first_word[:-1] + "x" in words and first_word not in words


@pytest.mark.slow  # the French spaCy model
def test_worker_processes_give_the_same_suggestions(
    invoke, tmp_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert invoke("import", str(tmp_project / "corpus")).exit_code == 0
    code(tmp_project, cache_folder=None, processes=1)
    alone = suggestions(tmp_project)
    monkeypatch.setattr(rule_coding, "PARALLEL_WORDS", 0)
    run, _ = code(tmp_project, cache_folder=None, processes=2)
    assert run.documents == 2
    assert suggestions(tmp_project) == alone


@pytest.mark.slow  # the French spaCy model
def test_prefilters_never_change_matches(monkeypatch: pytest.MonkeyPatch) -> None:
    """The packaged codebook on the demo corpus: every match, with and without prefilters."""
    nlp = load_pipeline()
    book = load_codebook(ROOT / "codebooks" / "ptce.yaml")
    tagger = RuleTagger(book, nlp)
    texts = [
        p.read_text("utf-8") for p in sorted(ROOT.glob("corpus/*/*")) if p.suffix in (".txt", ".md")
    ]
    assert len(texts) >= 8
    paragraphs = [(text, [p for p in text.split("\n\n") if p.strip()]) for text in texts]
    docs = [list(nlp.pipe(for_pipeline(p) for p in paras)) for _, paras in paragraphs]

    def all_matches() -> list:
        found = []
        for (text, paras), parsed in zip(paragraphs, docs, strict=True):
            candidates = tagger.candidates(text)
            found += [tagger.matches(d, p, candidates) for d, p in zip(parsed, paras, strict=True)]
        return found

    filtered = all_matches()
    monkeypatch.setattr(rules, "PREFILTER", False)
    unfiltered = all_matches()
    assert sum(map(len, unfiltered)) > 500
    assert filtered == unfiltered


@pytest.mark.parametrize(
    ("pattern", "flags", "required"),
    [
        (r"\b(membres?|adhérents?) du pôle\b", 0, [{"membre", "adhérent"}, {" du pôle"}]),
        (r"(?<!pôle de )\bcoopérations?\b", 0, [{"coopération"}]),
        (r"\bCOOP\w*", 0, [{"coop"}]),
        (r"[a-z]+ \d+", 0, []),  # classes only: no literal, the rule always runs
        (r"\b(on|nous) mutualise", 0, [{"on mutualise", "nous mutualise"}]),
        (r"\b(FSE|FEDER)\b", 0, [{"fse", "feder"}]),  # parsed as F(SE|EDER)
        (r"\b(dla|dispositif [a-z]+)\b", 0, [{"dla", "dispositif "}]),
        (r"(abc)?defg", 0, [{"defg"}]),  # an optional group requires nothing
    ],
)
def test_regex_prefilter(pattern: str, flags: int, required: list[set[str]]) -> None:
    assert sorted(map(set, regex_prefilter(pattern, flags).literals), key=sorted) == sorted(
        required, key=sorted
    )


def test_prefilter_is_case_and_dotless_i_insensitive() -> None:
    prefilter = regex_prefilter(r"\bintercommunalité\b")
    index = LiteralIndex()
    groups = index.groups(prefilter)
    assert allowed(groups, index.found(fold("L'INTERCOMMUNALITÉ")))
    assert allowed(groups, index.found(fold("l'ıntercommunalité")))  # IGNORECASE: ı is i
    assert not allowed(groups, index.found(fold("la commune")))


def test_token_pattern_prefilter() -> None:
    strings: dict[str, int] = {}
    prefilter = token_pattern_prefilter(
        [
            {"LEMMA": {"IN": ["entreprise", "société"]}},
            {"OP": "{0,3}"},
            {"LOWER": {"REGEX": "^(classiques?|privée?s?)$"}},
            {"lower": "ici", "op": "?"},  # optional: requires nothing
            {"TEXT": "SCIC"},
        ],
        lambda s: strings.setdefault(s, len(strings)),
    )
    assert [set(group) for group in prefilter.literals] == [{"classique", "privé"}]
    assert sorted((name, set(group)) for name, group in prefilter.tokens) == [
        ("LEMMA", {strings["entreprise"], strings["société"]}),
        ("ORTH", {strings["SCIC"]}),
    ]
    values = {"LEMMA": {strings["société"]}, "LOWER": set(), "ORTH": {strings["SCIC"]}}
    assert prefilter.allows_tokens(values)
    assert not prefilter.allows_tokens({**values, "ORTH": set()})


@pytest.mark.slow  # the French spaCy model
@pytest.mark.parametrize(
    ("sentence", "word", "lemma"),
    [
        ("On partage un bureau.", "partage", "partager"),
        ("Le partage des locaux.", "partage", "partage"),
        ("On le partage.", "partage", "partager"),
        ("Nous mutualisons nos moyens.", "mutualisons", "mutualiser"),
        ("Elles ont fait un groupement.", "fait", "faire"),
        ("Les Appels à projets", "appels", "appel"),
    ],
)
def test_lemmas_in_context(sentence: str, word: str, lemma: str) -> None:
    doc = load_pipeline()(sentence)
    assert next(t.lemma_ for t in doc if t.lower_ == word) == lemma


def test_import_reports_progress_per_file(tmp_project: Path) -> None:
    from ptce_coding.corpus.importer import import_paths

    project = load_project(tmp_project)
    calls: list[tuple[int, int]] = []
    with project.open_store() as store:
        report = import_paths(
            store,
            [tmp_project / "corpus"],
            project.importing,
            progress=lambda d, t: calls.append((d, t)),
        )
    total = len(report.outcomes)
    assert total >= 2 and calls == [(done, total) for done in range(1, total + 1)]
