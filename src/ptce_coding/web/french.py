"""The page's French: what the library says in English (the command line's language),
put in French where the page shows it, with the report's typography (report/formatting.py:
a no-break space before « : », narrow ones before « ; ! ? » and inside « »).

Two kinds of text come from outside web/: the taggers' evidence, stored with each
suggestion (tagging/rule_coding.py, tagging/classifier_coding.py, tagging/model_evidence.py),
and the refusals of the store and the review (store/manual.py, store/review_decisions.py,
review/queue.py, review/coder_plan.py, review/passage_steps.py). Each is translated here by
the fixed phrases those modules write; a text none of them matches (a coder's own evidence
from an imported file) is shown as it is, and an unforeseen refusal is introduced in French
(``refusal``) rather than left bare. The page asks ``page_errors.page_message``, which shows
an error's own French first (``PtceError.french``) and warns of a refusal this module could
not put in French (tests/test_web_messages_s39E.py renders every message the page can show);
a broken codebook's problems are put in French, with their file and line, by
``codebook_french``.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ptce_coding.base.errors import CodebookError, PtceError
from ptce_coding.codebook.model import Codebook
from ptce_coding.report.formatting import NNBSP, typeset
from ptce_coding.web.codebook_french import codebook_refusal

STATUSES_FR = {"suggested": "suggéré", "accepted": "accepté", "rejected": "rejeté"}
NOTHING_RECORDED = "rien n'a été enregistré"
RELOAD = "Rechargez la page."


class PageRefusal(PtceError):
    """A refusal the page writes itself, in French already."""


def guillemets(text: object) -> str:
    """``text`` inside « », a narrow no-break space on each side, as the report quotes."""
    return f"«{NNBSP}{' '.join(str(text).split())}{NNBSP}»"


def _decimal(value: str) -> str:
    return value.replace(".", ",")


def _segments(count: str) -> str:
    return f"{count} segment codé" if int(count) < 2 else f"{count} segments codés"


def _nearby(count: str | None) -> str:
    """How many passages near a far document's finding speak of the surroundings too."""
    if count is None:
        return ""
    if count == "no":
        return " (aucun autre passage proche n'en parle)"
    if int(count) < 2:
        return f" ({count} autre passage proche en parle)"
    return f" ({count} autres passages proches en parlent)"


# what a far document's evidence says of a finding there (tagging/far_documents.py, describe)
_FAR = {
    "what it says of the surroundings": "ce qu'il dit de l'environnement du cas",
    "rarely right there": "rarement juste dans un tel entretien",
}

# the phrases the taggers write in a suggestion's evidence, and what the page says
_EVIDENCE: list[tuple[re.Pattern[str], Callable[[re.Match[str]], str]]] = [
    (  # tagging/model_suggestions.py, _basis
        re.compile(r"^few examples \((\d+) coded segment\(s\) and the codebook\): "),
        lambda m: f"peu d'exemples ({_segments(m[1])} et le livre de codes) : ",
    ),
    (
        re.compile(r"^no rule finding \((\d+)% of such coded passages have the code\): "),
        lambda m: (
            f"aucune règle ne le trouve ({m[1]} % des passages codés sans règle ont le code) : "
        ),
    ),
    (  # tagging/model_evidence.py, ModelReading.describe
        re.compile(r"\bmodel \(([^,()]+), (\d+) coded segments?\): ×(\d+(?:\.\d+)?)"),
        lambda m: f"modèle ({m[1]}, {_segments(m[2])}) : ×{_decimal(m[3])}",
    ),
    (  # tagging/rule_coding.py
        re.compile(r" in the question “"),
        lambda m: " dans la question “",
    ),
    (
        re.compile(r" — read under the (heading|question) “"),
        lambda m: f" — lu sous {'le titre' if m[1] == 'heading' else 'la question'} “",
    ),
    (
        re.compile(r" — closest in the codebook: “"),
        lambda m: " — le plus proche dans le livre de codes : “",
    ),
    (  # tagging/far_documents.py, describe
        re.compile(
            r" — a document far from the codebook \(closeness (\d+(?:\.\d+)?), under "
            r"(\d+(?:\.\d+)?)\): (what it says of the surroundings|rarely right there)"
            r"(?: \((no|\d+) other passages? on them nearby\))?"
        ),
        lambda m: (
            f" — entretien loin de ce que décrit le livre de codes (proximité {_decimal(m[1])}, "
            f"sous {_decimal(m[2])}) : {_FAR[m[3]]}{_nearby(m[4])}"
        ),
    ),
    (
        re.compile(r"\(threshold (\d+(?:\.\d+)?)\)$"),
        lambda m: f"(seuil {_decimal(m[1])})",
    ),
    (re.compile(r"(?<=#\d)(\d*): "), lambda m: f"{m[1]} : "),  # « COOP.LIEU#1 : « … » »
]


def evidence(text: str | None) -> str:
    """A suggestion's evidence in French: « COOP.ACHATS#1 : « achats groupés » dans la
    question “Et les achats ?” — le plus proche dans le livre de codes : “…” (seuil 0,35) »;
    « … — lu sous le titre “■ …” » when what the passage is read under counted."""
    if not text:
        return ""
    for pattern, french in _EVIDENCE:
        text = pattern.sub(french, text)
    return typeset(re.sub(r"(?<=\S);(?= )", " ;", text))


def _method(name: str) -> str:
    return {"rule": "des règles", "model": "du modèle", "import": "d'import"}.get(name, name)


def _doc(name: str) -> str:
    """A document's name as a refusal quotes it (the library writes its repr)."""
    return guillemets(name[1:-1] if name[:1] in "'\"" and name[-1:] == name[:1] else name)


_DONE = r"(?:(?:; |: )nothing was (?P<done>changed|recorded|written))?$"
_DONE_FR = {"changed": "rien n'a été modifié", "recorded": NOTHING_RECORDED}

_STATUS_OF = {
    "accepted": "accepté ",
    "suggested": "suggéré ",
    "accepted or suggested": "accepté ou suggéré ",
}
_STEPS = {  # review/passage_steps.py, SPAN_STEPS
    "starts one sentence earlier": "une phrase de plus avant",
    "starts one sentence later": "une phrase de moins au début",
    "ends one sentence earlier": "une phrase de moins à la fin",
    "ends one sentence later": "une phrase de plus après",
}

# the refusals of the modules the page calls, by their English phrase (see the docstring)
_MESSAGES: list[tuple[re.Pattern[str], Callable[[re.Match[str]], str]]] = [
    (
        re.compile(
            r"^(?P<coder>.+) already coded (?P<s>\d+)-(?P<e>\d+) of (?P<doc>.+) with "
            r"(?P<code>\S+) \(coding (?P<id>\d+)\)" + _DONE
        ),
        lambda m: (
            f"ce passage ({m['s']}-{m['e']} de {_doc(m['doc'])}) est déjà codé "
            f"{m['code']} par {m['coder']} (codage {m['id']})"
        ),
    ),
    (
        re.compile(
            r"^coding (?P<code>\S+) at (?P<s>-?\d+)-(?P<e>-?\d+) falls outside document "
            r"(?P<doc>.+) \((?P<n>\d+) characters\)" + _DONE
        ),
        lambda m: (
            f"le passage {m['s']}-{m['e']} ({m['code']}) sort du document "
            f"{_doc(m['doc'])} ({m['n']} caractères)"
        ),
    ),
    (
        re.compile(
            r"^passage (?P<s>-?\d+)-(?P<e>-?\d+) falls outside the document "
            r"\((?P<n>\d+) characters\)$"
        ),
        lambda m: f"le passage {m['s']}-{m['e']} sort du document ({m['n']} caractères)",
    ),
    (
        re.compile(
            r"^coding (?P<id>\d+) was made by the (?P<method>\w+) method(?: \((?P<by>[^)]+)\))?"
            r", not by (?:hand|a person)" + _DONE
        ),
        lambda m: (
            f"le codage {m['id']} est une suggestion {_method(m['method'])}"
            + (f" ({m['by']})" if m["by"] else "")
            + ", pas un codage fait à la main"
        ),
    ),
    (
        re.compile(
            r"^coding (?P<id>\d+) belongs to (?P<owner>.+?): (?P<me>.+) cannot change it" + _DONE
        ),
        lambda m: (
            f"le codage {m['id']} est celui de {m['owner']} : {m['me']} ne peut pas le modifier"
        ),
    ),
    (
        re.compile(r"^coding (?P<id>\d+) is not a suggestion \(it is (?P<status>\w+)\)$"),
        lambda m: (
            f"le codage {m['id']} n'est plus une suggestion : il est "
            f"{STATUSES_FR.get(m['status'], m['status'])} (décision déjà prise)"
        ),
    ),
    (
        re.compile(
            r"^coding (?P<id>\d+) is not a suggestion any more for (?P<me>.+): decided "
            r"already \((?P<status>\w+), coding (?P<row>\d+)\)$"
        ),
        lambda m: (
            f"le codage {m['id']} n'est plus une suggestion pour {m['me']} : déjà "
            f"décidé ({STATUSES_FR.get(m['status'], m['status'])}, codage {m['row']})"
        ),
    ),
    (
        re.compile(r"^coding (?P<id>\d+) has no review to undo$"),
        lambda m: f"le codage {m['id']} n'a pas de décision à annuler",
    ),
    (
        re.compile(r"^the suggestion is already (?P<code>\S+): accept it instead$"),
        lambda m: f"la suggestion est déjà {m['code']} : acceptez-la plutôt",
    ),
    (
        re.compile(r"^no coding (?P<id>\d+)" + _DONE),
        lambda m: f"aucun codage {m['id']} : il a été supprimé depuis que la page a été chargée",
    ),
    (
        re.compile(r"^unknown document (?P<doc>.+)$"),
        lambda m: (
            f"aucun document {_doc(m['doc'])} dans le projet : supprimé depuis que la "
            "page a été chargée ?"
        ),
    ),
    (
        re.compile(r"^unknown decision (?P<value>.+)$"),
        lambda m: f"décision inconnue {guillemets(m['value'].strip(chr(39)))}",
    ),
    (
        re.compile(r"^unknown passage step (?P<value>.+)$"),
        lambda m: f"étape de passage inconnue {guillemets(m['value'].strip(chr(39)))}",
    ),
    (
        re.compile(r"^unknown code (?P<code>'[^']*'|\S+)(?: \(did you mean (?P<close>.+)\?\))?$"),
        lambda m: (
            f"code inconnu {guillemets(m['code'].strip(chr(39)))}"
            + (
                f" (vouliez-vous dire {m['close'].replace(' or ', ' ou ')}{NNBSP}?)"
                if m["close"]
                else ""
            )
        ),
    ),
    (
        re.compile(r"^code (?P<code>\S+) is retired: it is kept for history, not for new coding$"),
        lambda m: f"le code {m['code']} est retiré : il reste pour l'historique, plus pour coder",
    ),
    (
        re.compile(r"^the passage cannot change so \(it (?P<step>[^)]+)\): .*$"),
        lambda m: (
            "le passage ne peut pas changer ainsi ("
            + _STEPS.get(m["step"], m["step"])
            + ") : c'est une seule phrase, ou il touche le bord des tours de parole voisins"
        ),
    ),
    (
        re.compile(
            r"^(?P<doc>.+) is assigned to (?P<coders>.+), not to (?P<me>.+?): a decision of "
            r"yours would take its suggestions out of their queue" + _DONE
        ),
        lambda m: (
            f"le document {m['doc']} est affecté à "
            + (m["coders"].replace("no coder", "personne"))
            + f", pas à {m['me']} : votre décision retirerait ses suggestions de leur file de revue"
        ),
    ),
    (  # review/queue.py, pending: an address typed by hand
        re.compile(r"^unknown review order (?P<value>.+)$"),
        lambda m: f"ordre de revue inconnu {guillemets(m['value'].strip(chr(39)))}",
    ),
    (  # app/option_checks.py, app/matrix_job.py: the matrix's Codeurs field
        re.compile(
            r"^no (?P<status>[a-z ]+ )?coding by (?P<who>.+?)(?: in the store)?: the "
            r"matrix would be all zeros for them$"
        ),
        lambda m: (
            f"aucun codage {_STATUS_OF.get((m['status'] or '').strip(), '')}de "
            f"{m['who']} dans le projet : la matrice serait toute à zéro pour "
            + ("elle ou lui" if "," not in m["who"] else "eux")
        ),
    ),
    (
        re.compile(r"^the store is in use by another program \(locked\)" + _DONE),
        lambda m: "la base du projet est occupée par un autre programme (verrouillée)",
    ),
]
_HINTS = {
    "Reload the page.": RELOAD,
    "Choose a code of the codebook.": "Choisissez un code du livre de codes.",
    "Remove this coding instead, if the passage has the wrong code.": (
        "Supprimez plutôt ce codage, si le passage n'a pas le bon code."
    ),
    "Suggestions are accepted or rejected in the review, not edited.": (
        "Une suggestion s'accepte ou se rejette dans la file de revue ; elle ne se modifie pas."
    ),
    "Each coder changes only their own codings.": (
        "Chaque codeur·se ne modifie que ses propres codages."
    ),
    "Undo that decision first to decide again.": (
        "Annulez d'abord cette décision pour décider à nouveau."
    ),
}
_ASSIGNMENTS_HINT = (
    "Revoyez les documents qui vous sont affectés (« ptce-coding progress --coder NOM »), ou "
    "changez les affectations (assignments) de project.yaml."
)


def refusal(error: PtceError) -> str:
    """What the page says of a refusal: the library's message and hint in French. An
    unforeseen one (a message this module does not know) is introduced in French, its
    words as the library wrote them."""
    if isinstance(error, CodebookError):
        return codebook_refusal(error)[0]
    message, hint = error.message, error.hint or ""
    if not isinstance(error, PageRefusal):
        message, hint = _french(message), _hint(hint)
    text = _capital(message) + ("" if message.endswith((".", "?", "!")) else ".")
    return typeset(text + (f"\n{hint}" if hint else ""))


def _french(message: str) -> str:
    for pattern, french in _MESSAGES:
        found = pattern.match(message)
        if found:
            done = found.groupdict().get("done")
            return french(found) + (f" ; {_DONE_FR.get(done, NOTHING_RECORDED)}" if done else "")
    return f"refusé par ptce-coding (message d'origine, en anglais) : {message}"


def close_codes(codebook: Codebook, code: str) -> str:
    """« (vouliez-vous dire COOP.LIEU ?) » for an unknown id close to known ones; else ''."""
    close = _CLOSE.match(codebook.did_you_mean(code))
    return f" (vouliez-vous dire {close[1].replace(' or ', ' ou ')}{NNBSP}?)" if close else ""


_CLOSE = re.compile(r"^ \(did you mean (.+)\?\)$")


def _hint(hint: str) -> str:
    if not hint:
        return ""
    if hint in _HINTS:
        return _HINTS[hint]
    if hint.startswith("Review the documents assigned to you"):
        return _ASSIGNMENTS_HINT
    if hint.startswith("Coders with codings: "):
        names = hint.removeprefix("Coders with codings: ").split(". ", 1)[0]
        names = "aucune encore" if names == "(none yet)" else names
        return (
            f"Personnes et taggers qui ont des codages : {names}. Donnez l'un de ces noms dans "
            "le champ Codeurs (ou importez d'abord leurs codages : « ptce-coding codings "
            "import FICHIER --coder NOM »)."
        )
    if hint.startswith("Their codings are "):
        return "Leurs codages n'ont pas ce statut : affichez la matrice avec les suggestions."
    if hint.startswith("Use one of:"):
        return ""  # the page sends these values itself: a reader has nothing to choose
    return f"(Conseil de ptce-coding, en anglais : {hint})"


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]
