"""Names the project itself knows: its poles and their organisations.

The NER misses many of them (« la Biscuiterie » reads as a common noun), yet they are the
names a restitution must hide first. They are proposed in every review (source
``project``), from:

- each case's folder name (``collectif-biscuiterie``, how exports name the case and its
  documents), pseudonym ``pole-a``, ``pole-b``… (``pole_letters``: a folder already named so
  is left as it is and keeps its letter, a letter the previous review gave stays, the others
  go in the order of the case names to the letters left, so that no pseudonym is another
  case's folder name nor one given already); a pole whose name is its pseudonym already
  (« Pôle A » for ``pole-a``) is not proposed either;
- each pole's name in ``cases.csv`` (the columns the report reads: ``nom``…), pseudonym
  « Pôle A », « Pôle B »… (the report's own labels), with the short forms the interviews use:
  the folder name read as words (« Terres d'Orlan » for ``terres-d-orlan``, « Bois &
  Habitat » for ``bois-habitat-morvanne``), the name up to its first « de » (« Pôle
  Ressources » of « Pôle Ressources du Val de Lisonne »), and its head noun or the one word
  that sets it apart (« Collectif », « Biscuiterie » of « Collectif de la Biscuiterie »: no
  single word of « Bois & Habitat du Val de Morvanne », whose words alone name the wood or
  the valley), when the interviews write it with a capital inside a sentence on its own,
  not inside a longer name (« la Biscuiterie », not « le GE Biscuiterie »: ``name_runs``),
  it is a word of the folder name or is never written in lower case, and it belongs to one
  pole only (an adjective before its noun, « Grands » of « Les Grands Ateliers », never
  does); with its article when the interviews put one; an organisation of documents.csv
  named as the pole's name begins (« Pôle Bois & Habitat ») is the pole;
- each organisation of ``documents.csv`` and of ``members.csv`` (with its aliases that hold
  a capital: « Val Net », not « la radio »), pseudonym « Organisation N ».

The names the files write (a pole's names in ``cases.csv``, the organisations and their
aliases) are ``declared``: names the project knows for certain, which an anonymised view
hides even when the review was applied before they were written (``unreviewed``); the
short forms read in the interviews are not.

A name of the field that names nobody (« Pôle emploi », ``name_words.GENERIC``) is not proposed.
"""

from __future__ import annotations

import re
import string
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import replace

from ptce_coding.privacy.detect import AFTER, lowercase_vocabulary
from ptce_coding.privacy.name_runs import in_longer_name
from ptce_coding.privacy.name_words import GENERIC
from ptce_coding.privacy.names import KnownName
from ptce_coding.privacy.pole_words import HEADS, leading_part, pole_words

# the columns of cases.csv and documents.csv where report/labels.py reads a pole's and an
# organisation's names (privacy sits below report: the same tuples, kept equal by a test)
POLE_COLUMNS = ("nom", "name", "libelle", "libellé", "label")
ORGANISATION_COLUMNS = ("organisation", "structure")
# a pseudonym of a pole, as ``pole_names`` gives them: ``pole-a``, « Pôle A »
_POLE_PSEUDONYM = re.compile(r"(?:pole-|Pôle )([a-zA-Z]{1,2})")
_ARTICLES = r"(?:[Ll]es|[Ll]a|[Ll]e|[Ll]['’])\s*"
# a capitalised word, not in capitals, maybe elided (« d'Ambremont »): a name's
_A_NAME_WORD = re.compile(r"(?<![\w'’])(?:[dlDL]['’])?[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]")
_ARTICLE_START = re.compile(r"(?:[Ll]es|[Ll]a|[Ll]e)\s|[Ll]['’]")
_ARTICLE_BEFORE = re.compile(r"(?<![\w-])" + _ARTICLES + "$")
# what comes before a word written inside a sentence: a word in lower case, a comma, an
# article or « d' »
_INSIDE = re.compile(
    r"(?:(?<![\w'’])[a-zà-ÿ][\w'’]*\s+|,\s+|(?<!\w)" + _ARTICLES + r"|(?<!\w)[dD]['’])$"
)


def _letter(index: int) -> str:
    letters = string.ascii_uppercase
    return letters[index] if index < 26 else letters[index // 26 - 1] + letters[index % 26]


def _values(attributes: Mapping[str, object], columns: Iterable[str]) -> list[str]:
    lowered = {str(k).lower(): v for k, v in attributes.items()}
    found = []
    for column in columns:
        value = str(lowered.get(column) or "").strip()
        if value and value.lower() != "nan" and value not in found:
            found.append(value)
    return found


def _whole_words(
    pattern: str, texts: Iterable[str], flags: int = 0
) -> Iterator[tuple[str, re.Match[str]]]:
    """Matches of ``pattern`` as whole words (``detect.BEFORE``, checked by hand: a pattern
    that begins with a literal is searched much faster without a look-behind)."""
    compiled = re.compile(pattern + AFTER, flags)
    for text in texts:
        for m in compiled.finditer(text):
            before = text[m.start() - 1] if m.start() else " "
            if not (before.isalnum() or before in "_-"):
                yield text, m


def _mid_sentence_capital(word: str, texts: Iterable[str]) -> bool:
    """``word`` written with its capital inside a sentence on its own: after a word in lower
    case, a comma or an article (« à la Biscuiterie », « Le Collectif »), and not inside a
    longer name (``name_runs.in_longer_name``: « Lisonne Habitat », « le label Bois du Val »,
    « le Val de Morvanne », « Rénov'Bois » are names of their own)."""
    return any(
        _INSIDE.search(text[max(0, m.start() - 40) : m.start()])
        and not in_longer_name(text, m.start(), m.end())
        for text, m in _whole_words(re.escape(word), texts)
    )


def _written_alone(name: str, texts: Iterable[str]) -> bool:
    """``name`` is written somewhere, not inside a longer name (« Pôle Ressources », not
    only in « Pôle Ressources du Val de Lisonne »)."""
    return any(
        not in_longer_name(text, m.start(), m.end())
        for text, m in _whole_words(re.escape(name), texts)
    )


def _with_articles(name: str, texts: Iterable[str]) -> list[str]:
    """« la Biscuiterie », « Le Collectif »: the name with the article the texts give it."""
    found = set()
    for text, m in _whole_words(re.escape(name), texts):
        article = _ARTICLE_BEFORE.search(text[max(0, m.start() - 12) : m.start()])
        if article:
            found.add(" ".join((article.group() + m.group()).split()))
    return sorted(found)


def _slug_as_written(case: str, texts: Iterable[str]) -> list[str]:
    """The folder name as the interviews write it, whole or a run of its words:
    ``terres-d-orlan`` → « Terres d'Orlan », ``bois-habitat-morvanne`` → « Bois & Habitat »."""
    parts = [p for p in case.split("-") if p]
    runs = [
        parts[i:j]
        for i in range(len(parts))
        for j in range(len(parts), i + 1, -1)
        if len(parts[i]) >= 3 and len(parts[j - 1]) >= 3
    ]
    found: list[str] = []
    for run in sorted(runs, key=len, reverse=True):
        joined = r"[\s'’&-]*".join(re.escape(p) for p in run)
        for _, m in _whole_words(joined, texts, re.IGNORECASE):
            form = " ".join(m.group().split())
            if form[0].isupper() and form not in found:
                found.append(form)
    return found


def _own_letter(pseudonym: str | None) -> str | None:
    """« A » of ``pole-a`` or of « Pôle A »; None for any other pseudonym."""
    found = _POLE_PSEUDONYM.fullmatch(" ".join((pseudonym or "").split()))
    return found.group(1).upper() if found else None


def pole_letters(
    cases: Sequence[str],
    names: Mapping[str, Sequence[str]] | None = None,
    previous: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """The letter of each case (``pole-a`` and « Pôle A » for « A »).

    A folder already named ``pole-x`` keeps its letter, when it is one of the first letters
    (as many as there are cases: the anonymised report names the poles « Pôle A », « Pôle
    B »… in the order of their pseudonyms); then a case keeps the letter the previous review
    gave its folder or its first name in ``names`` (``previous``: variant → pseudonym), when
    no other case holds it; the others take, in the order of the folder names, the first
    letter no case holds and the previous review did not give. So no pseudonym ``pole-x`` is
    another case's folder name (« alpha » is never ``pole-a`` beside a folder ``pole-a``) nor
    a letter given already.
    """
    names, previous = names or {}, previous or {}
    first = {_letter(index) for index in range(len(cases))}
    letters: dict[str, str] = {}
    for case in sorted(cases):
        letter = _own_letter(case.casefold())
        if letter in first and letter not in letters.values():
            letters[case] = letter
    for case in sorted(cases):
        if case in letters:
            continue
        given = [previous.get(case), *(previous.get(n) for n in names.get(case, ())[:1])]
        letter = next((x for x in map(_own_letter, given) if x is not None), None)
        if letter is not None and letter not in letters.values():
            letters[case] = letter
    # a letter the previous review gave is never given again (its case may be gone)
    used = set(letters.values()) | {x for x in map(_own_letter, previous.values()) if x}
    index = 0
    for case in sorted(cases):
        if case in letters:
            continue
        while _letter(index) in used:
            index += 1
        letters[case] = _letter(index)
        used.add(letters[case])
    return letters


def pole_names(
    cases: Mapping[str, Mapping[str, object]],
    texts: Mapping[str, str],
    previous: Mapping[str, str] | None = None,
) -> list[KnownName]:
    """Per case: its folder name, and its names in cases.csv with their short forms; their
    letters from ``pole_letters`` (``previous``: variant → pseudonym of the last review)."""
    ordered = sorted(cases)
    lowercase = lowercase_vocabulary(texts.values())
    names = {case: _values(cases[case], POLE_COLUMNS) for case in ordered}
    letters = pole_letters(ordered, names, previous)
    poles_of: dict[str, set[str]] = defaultdict(set)
    for case in ordered:
        for word in {w for name in names[case] for w in pole_words(name)}:
            poles_of[word].add(case)
    known = []
    for case in ordered:
        letter = letters[case]
        folder = f"pole-{letter.lower()}"
        if case.casefold() != folder:  # a folder named so already hides nothing
            known.append(KnownName("organisation", case, (case,), folder, (case,)))
        if not names[case]:
            continue
        owned = {w for w, cases_with in poles_of.items() if cases_with == {case}}
        forms = [*names[case], *_short_forms(case, names[case], owned, texts, lowercase)]
        forms += [a for form in forms for a in _with_articles(form, texts.values())]
        pseudonym = f"Pôle {letter}"  # a name written so already (« Pôle N ») hides nothing
        variants = tuple(f for f in dict.fromkeys(forms) if f.casefold() != pseudonym.casefold())
        if variants:
            declared = tuple(n for n in names[case] if n in variants)
            known.append(KnownName("organisation", names[case][0], variants, pseudonym, declared))
    return known


def _short_forms(
    case: str, names: list[str], owned: set[str], texts: Mapping[str, str], lowercase: set[str]
) -> list[str]:
    """The folder name as written, the beginnings of the pole's names the interviews write
    (``leading_part``: « le nom « Pôle Ressources » »), and the pole's own words that the
    interviews capitalise inside a sentence on their own (not only within the full name:
    « Trois » of « les Trois Vallons » is no short form, « Trois ans après » would lose its
    word)."""
    short = _slug_as_written(case, texts.values())
    for part in filter(None, map(leading_part, names)):
        if part not in short and _written_alone(part, texts.values()):
            short.append(part)
    longer = re.compile("|".join(re.escape(f) for f in sorted([*names, *short], key=len)[::-1]))
    masked = [longer.sub(lambda m: "#" * len(m.group()), text) for text in texts.values()]
    slug_words = {p.casefold() for p in case.split("-")}
    for name in names:
        for word in pole_words(name):
            if word not in owned or word in short:
                continue
            if word.casefold() not in slug_words and word.casefold() in lowercase:
                continue
            if _mid_sentence_capital(word, masked):
                short.append(word)
    return short


def organisation_names(
    documents: Iterable[Mapping[str, object]], members: Iterable[tuple[str, Sequence[str]]]
) -> list[KnownName]:
    """The organisations of documents.csv (attributes of the documents) and of members.csv
    (name, aliases), one each; an alias without a capital is not a name. A name that
    begins with « Les » or « Le » is also written without it (« des Charpentes du Val »,
    « au Fournil Solidaire »: the article goes into « des », « aux », « du », « au »)."""
    known: dict[str, list[str]] = {}
    for attributes in documents:
        for name in _values(attributes, ORGANISATION_COLUMNS):
            known.setdefault(name, [name])
    for name, aliases in members:
        forms = known.setdefault(name, [name])
        for alias in aliases:
            alias = " ".join(alias.split())
            if any(c.isupper() for c in alias) and alias not in forms:
                forms.append(alias)
    found = []
    for name, forms in known.items():
        if name.casefold() in GENERIC:
            continue
        forms += [f for f in map(_without_contracted_article, forms) if f not in forms]
        variants = tuple(f for f in forms if f.casefold() not in GENERIC)
        found.append(KnownName("organisation", name, variants, "", variants))
    return found


_CONTRACTED = re.compile(r"(?:Les|Le)\s+(?=[A-ZÀ-ÖØ-Þ])")


def _without_contracted_article(name: str) -> str:
    """« Charpentes du Val » of « Les Charpentes du Val »; any other name as it is."""
    found = _CONTRACTED.match(name)
    return name[found.end() :] if found else name


def known_names(
    cases: Mapping[str, Mapping[str, object]],
    documents: Iterable[Mapping[str, object]],
    members: Iterable[tuple[str, Sequence[str]]],
    texts: Mapping[str, str],
    previous: Mapping[str, str] | None = None,
) -> list[KnownName]:
    """The poles, then the organisations; an organisation that is a pole's name (the
    coordinating structure in documents.csv), or the name's beginning (« Pôle Bois &
    Habitat », ``_structures_of_poles``), joins the pole. ``previous``: variant →
    pseudonym of the mapping in use, whose poles' letters are kept (``pole_letters``)."""
    poles, found = _structures_of_poles(
        pole_names(cases, texts, previous), organisation_names(documents, members)
    )
    taken = {v for pole in poles for v in pole.variants}
    organisations = [
        KnownName(
            o.kind,
            o.name,
            tuple(v for v in o.variants if v not in taken),
            declared=tuple(v for v in o.declared if v not in taken),
        )
        for o in found
    ]
    others = [*taken, *(v for o in organisations for v in o.variants)]
    organisations = [
        replace(o, variants=(*o.variants, *_with_common_head(o.variants, texts, others)))
        for o in organisations
    ]
    return poles + [o for o in organisations if o.variants]


def _structures_of_poles(
    poles: list[KnownName], organisations: list[KnownName]
) -> tuple[list[KnownName], list[KnownName]]:
    """The organisations named as one pole's name begins (``leading_part``: « Pôle Bois &
    Habitat », the animateur's in documents.csv, of « Pôle Bois & Habitat du Val de
    Morvanne ») join that pole, their names as names the files write; the poles, then the
    other organisations."""
    owners: dict[str, set[int]] = defaultdict(set)
    for index, pole in enumerate(poles):
        for part in filter(None, map(leading_part, pole.declared)):
            owners[part.casefold()].add(index)
    poles, others = list(poles), []
    for organisation in organisations:
        owner = owners.get(organisation.name.casefold(), set())
        if len(owner) != 1:
            others.append(organisation)
            continue
        pole = poles[next(iter(owner))]
        joined = tuple(v for v in organisation.variants if v not in pole.variants)
        poles[next(iter(owner))] = replace(
            pole, variants=(*pole.variants, *joined), declared=(*pole.declared, *joined)
        )
    return poles, others


def _with_common_head(
    variants: Sequence[str], texts: Mapping[str, str], others: Sequence[str]
) -> list[str]:
    """« scierie Kessler et Fils » for « Scierie Kessler et Fils »: a name that begins with a
    common noun, as the interviews write it inside a sentence (« je dirige la scierie
    Kessler et Fils »; the NER would take « Fils » for a person). Only a name with another
    word that is a name (« la mission locale », « une maison d'édition de BD » name no one),
    without an article (the anonymised view finds « les Ateliers » for « Les Ateliers »)
    nor a pole's head (« le pôle Bois & Habitat » is the pole), and holding no other name
    the project knows (``others``)."""
    found: list[str] = []
    for variant in variants:
        words = variant.split()
        if len(words) < 2 or not words[0][0].isupper() or words[0].isupper():
            continue
        if _ARTICLE_START.match(variant) or words[0].casefold() in HEADS:
            continue
        if not _A_NAME_WORD.search(" ".join(words[1:])):
            continue
        lowered = variant[0].lower() + variant[1:]
        if lowered in variants or lowered in found:
            continue
        if any(o not in variants and _holds(lowered, o) for o in others):
            continue
        if next(_whole_words(re.escape(lowered), texts.values()), None) is not None:
            found.append(lowered)
    return found


def _holds(name: str, other: str) -> bool:
    return other in name and next(_whole_words(re.escape(other), [name]), None) is not None
