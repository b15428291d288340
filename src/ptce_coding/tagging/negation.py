"""Whether a rule match is negated, and whether an answer says no, in written and spoken French.

- **Negation of a match** (``negated``). « nous ne sommes pas le sous-traitant » says the
  opposite of what the matched word says. A match is negated when one of ``NEGATION_CUES``
  comes among the ``NEGATION_WINDOW`` words before it, in the same clause (no punctuation
  between), or when it sits inside « ne … cue », the French negation around a verb (« on ne
  mutualise pas les locaux », « nous n'avons avec l'administration aucun lien »). « ne » alone
  is no cue: it is often dropped in speech and « ne … que » means « only »; « pas seulement »,
  « pas que », « pas mal » are not negations either.
- **Speech.** The marks of speech are not words of the clause (``speech_marks``): a
  hesitation (« euh », « ben »), the transcriber's marks and the other speaker's words in
  brackets (« [rire] », « (rires) », « [mmh] », ESLO's pause « / »), a word begun and left
  (« av- »), the first of a word said twice (« le le »), an article left before a hesitation
  (« une euh avec la préfecture »). They are passed over, not counted in the window, and a
  mark's bracket ends no clause. So « aucun problème une euh avec la préfecture » negates
  « préfecture ».
- **A dislocated subject.** Spoken French names the subject, then takes it up with a pronoun:
  « le préfet il n'a absolument rien à voir ». A match a few words before « il / elle / ils /
  elles » followed by « rien », « aucun » or « jamais » is negated too: the subject is denied
  any part. Not with « pas », which negates what the verb says of a subject still talked about
  (« la subvention elle arrive pas tous les ans »), nor with « ça / c' », which take up a topic
  to say something of it (« la mutualisation c'est pas évident »); and not when a conjunction,
  a relative word or another subject between them starts another clause.
- **An answer that says no** (``denies``) takes nothing from the interviewer's question
  before it: after its hesitations, it opens with « non », « pas du tout », « aucun… », or its
  first clause is negated (« ben j'ai pas… », « je sais pas », « moi non plus »). An answer
  that opens with « oui » / « si » agrees, whatever follows.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import numpy as np

from ptce_coding.tagging.transcript_marks import MARK, kind_of

if TYPE_CHECKING:
    from spacy.tokens import Doc


def _forms(text: str) -> frozenset[str]:
    return frozenset(text.split())


NEGATION_CUES = frozenset({"pas", "jamais", "aucun", "aucune", "ni", "sans", "guère", "rien"})
NOT_NEGATING_AFTER = frozenset(
    {"seulement", "uniquement", "que", "qu'", "simplement", "juste", "mal"}
)
NEGATION_WINDOW = 4  # words, the marks of speech not counted
FIRST_CLAUSE_WORDS = 5  # an answer's first clause, read for a negation: « nous on n'a pas »

WORD, MARK_OF_SPEECH, CLAUSE_END = 0, 1, 2
_NE = frozenset({"ne", "n'", "n’"})
_CLAUSE_END = frozenset('.;:!?…,()«»"')
# hesitations, as the sentence encoder reads them (``sentence_vectors``)
_HESITATION = re.compile(r"(?:euh+m?|heu+|hum+|hm+|mmh+|mh|bah|ben|hein)")
_INTERJECTION = frozenset({"ah", "oh", "eh", "ha", "bon"})  # before an answer's first word
_LEFT_WORD = re.compile(r"[^\W\d_]{1,12}-")  # « av- », « co- »
_ARTICLES = frozenset({"le", "la", "l'", "les", "un", "une", "des", "du"})
_SAID_TWICE_OK = frozenset({"nous", "vous"})  # « nous nous voyons »
# the personal pronouns that take up a subject said before them (« le préfet il… »); not
# « ça », « c' », which take up a topic to say something of it (« la mutualisation c'est pas
# évident »)
_RESUMPTIVE = frozenset({"il", "elle", "ils", "elles"})
# what denies that subject any part (« rien à voir », « aucun lien », « jamais »); « pas »
# negates what the verb says of it, still what is talked about (« elle marche pas »)
_DENYING_THE_SUBJECT = frozenset({"rien", "aucun", "aucune", "jamais"})
_ANSWER_CUES = NEGATION_CUES | {"non"}  # « moi non plus »
# words that start another clause (coordination, subordination, relatives, other subjects)
_CLAUSE_START = _forms(
    "et mais ou donc car puis qui que qu' quand si parce comme où dont lorsque puisque "
    "je j' tu nous vous on"
)
_ASSENT = frozenset({"oui", "ouais", "si"})
_KINDS = "ptce_coding.speech_marks"  # Doc.user_data key
_FORMS: dict[int, tuple[int, bool, bool]] = {}  # lower-case form's hash -> _form_kind
_OFFSETS = "ptce_coding.token_ends"  # Doc.user_data key

# an answer that opens by saying no to the question: « Non, … », « Pas du tout », « Aucun »
_DENIAL = re.compile(
    r"(?:non|nan|pas (?:du tout|vraiment|encore|trop|beaucoup|spécialement)|aucun\w*|"
    r"jamais|rien|absolument pas)\b",
    re.IGNORECASE,
)


def speech_marks(doc: Doc) -> np.ndarray:
    """Per token of ``doc``: WORD, MARK_OF_SPEECH (passed over) or CLAUSE_END; read once
    per doc, each distinct form classified once per process."""
    found = doc.user_data.get(_KINDS)
    if found is not None:
        return found
    if not len(doc):
        return np.zeros(0, np.int8)
    forms = doc.to_array(["LOWER"]).astype(np.uint64)
    strings = doc.vocab.strings
    known = [_FORMS.get(form) or _form_kind(form, strings[form]) for form in forms.tolist()]
    kinds = np.array([kind for kind, _, _ in known], np.int8)
    if "[" in doc.text or "(" in doc.text:
        starts = doc.to_array(["IDX"]).astype(np.int64)
        for mark in MARK.finditer(doc.text):
            if mark.group(1) is not None or kind_of(mark) is not None:  # not words in ( )
                first, last = np.searchsorted(starts, [mark.start(), mark.end()])
                kinds[first:last] = MARK_OF_SPEECH
    words = np.flatnonzero(kinds == WORD)
    before, after = words[:-1], words[1:]
    ends = np.cumsum(kinds == CLAUSE_END)
    close = ends[before] == ends[after]  # no clause end between two words in a row
    twice = np.array([known[i][2] for i in before.tolist()], bool)
    article = np.array([known[i][1] for i in before.tolist()], bool)
    twice &= close & (forms[before] == forms[after])  # « le le préfet »
    article &= close & (after > before + 1)  # « une euh avec »: the article left
    kinds[before[twice | article]] = MARK_OF_SPEECH
    doc.user_data[_KINDS] = kinds
    return kinds


def _form_kind(key: int, form: str) -> tuple[int, bool, bool]:
    """What a token of (lower-case) ``form`` (its hash ``key``) is, out of context: its kind,
    whether it is an article, whether it can be said twice by mistake (« nous nous » is
    French)."""
    if form in _CLAUSE_END or "\n" in form:
        kind = CLAUSE_END
    elif form == "/" or _HESITATION.fullmatch(form) or _LEFT_WORD.fullmatch(form):
        kind = MARK_OF_SPEECH
    else:
        kind = WORD
    found = _FORMS[key] = (kind, form in _ARTICLES, form not in _SAID_TWICE_OK)
    return found


def negated(doc: Doc, start_char: int, end_char: int | None = None) -> bool:
    """Whether a negation cue comes shortly before the match at ``start_char`` in ``doc``, or
    (``end_char`` given) the match sits inside « ne … cue » or in a subject taken up by a
    pronoun whose verb is negated."""
    ends = _token_ends(doc)
    index = int(np.searchsorted(ends, start_char, side="right"))  # the first token after
    if index == len(doc):
        return False
    kinds = speech_marks(doc)
    ne_before = False
    for position in _clause_words(kinds, index - 1, -1, NEGATION_WINDOW):
        if doc[position].lower_ in NEGATION_CUES:
            return _negates(doc, kinds, position)
        ne_before = ne_before or doc[position].lower_ in _NE
    if end_char is None:
        return False
    last = max(int(np.searchsorted(ends, end_char, side="left")), index)  # its last token
    after = _clause_words(kinds, last + 1, 1, 2 * NEGATION_WINDOW)
    if ne_before:
        inside = [p for p in _clause_words(kinds, index + 1, 1, last - index) if p <= last]
        for position in [*inside, *after[:NEGATION_WINDOW]]:
            if doc[position].lower_ in NEGATION_CUES:
                return _negates(doc, kinds, position)
    return _in_denied_subject(doc, kinds, after)


def denies(doc: Doc) -> bool:
    """Whether an answer (``doc``) opens by saying no (« Non, pas encore de locaux
    partagés », « ben j'ai pas… », « je sais pas »): what the question asked about is then
    not what the answer is about."""
    kinds = speech_marks(doc)
    first = next((t.i for t in doc if kinds[t.i] == WORD and t.lower_ not in _INTERJECTION), None)
    if first is None:
        return False
    if _DENIAL.match(doc.text, doc[first].idx):
        return True
    if doc[first].lower_ in _ASSENT:
        return False
    return any(
        doc[p].lower_ in _ANSWER_CUES and _negates(doc, kinds, p)
        for p in _clause_words(kinds, first, 1, FIRST_CLAUSE_WORDS)
    )


def _in_denied_subject(doc: Doc, kinds: np.ndarray, after: list[int]) -> bool:
    """« le préfet il n'a rien à voir »: among the words after the match (``after``, in its
    clause), a pronoun taking the subject up, then « rien », « aucun » or « jamais»."""
    for count, position in enumerate(after[:NEGATION_WINDOW]):
        lower = doc[position].lower_
        if lower in _CLAUSE_START:
            return False
        if lower in _RESUMPTIVE:
            verb = after[count + 1 : count + 1 + NEGATION_WINDOW]
            return any(
                doc[other].lower_ in _DENYING_THE_SUBJECT and _negates(doc, kinds, other)
                for other in verb
            )
    return False


def _clause_words(kinds: np.ndarray, start: int, step: int, limit: int) -> list[int]:
    """The positions of at most ``limit`` words from ``start`` (backwards when ``step`` is
    -1), in the clause, the marks of speech passed over."""
    found: list[int] = []
    position = start
    while 0 <= position < len(kinds) and len(found) < limit:
        if kinds[position] == CLAUSE_END:
            break
        if kinds[position] == WORD:
            found.append(position)
        position += step
    return found


def _negates(doc: Doc, kinds: np.ndarray, position: int) -> bool:
    """Whether the cue at ``position`` negates: not « pas seulement », « pas que »."""
    following = _clause_words(kinds, position + 1, 1, 1)
    return not following or doc[following[0]].lower_ not in NOT_NEGATING_AFTER


def _token_ends(doc: Doc) -> np.ndarray:
    """Where each token of ``doc`` ends (characters), read once per doc."""
    found = doc.user_data.get(_OFFSETS)
    if found is None:
        array = doc.to_array(["IDX", "LENGTH"]).astype(np.int64).reshape(-1, 2)
        found = array[:, 0] + array[:, 1]
        doc.user_data[_OFFSETS] = found
    return found
