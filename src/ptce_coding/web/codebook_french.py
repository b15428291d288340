"""A broken codebook as the page says it: in French, each problem with its file and line.

The codebook's loader (codebook/loader.py, codebook/rule_reader.py) says its problems in
English, as `ptce-coding codebook validate` prints them, and a problem carries no French of
its own (``PtceError.french``) yet. Each is put in French here from its English template: a
line of ``PROBLEMS`` is the template as the loader writes it, ``%s`` for what it fills in,
and its French. The problems about one code start « code X: » or « code X, rule Y: »; that
start is said apart (``_about``). tests/test_web_messages_s39E.py renders every template of
the loader's source and fails on one this module does not know: a reworded message is
noticed, never shown in English silently.
"""

from __future__ import annotations

import re
from pathlib import PurePath

from ptce_coding.base.errors import CodebookError, PtceError
from ptce_coding.report.formatting import NBSP, typeset

# (English template, French): ``%s`` in the English, ``{0}``, ``{1}``… in the French
PROBLEMS: tuple[tuple[str, str], ...] = (
    # codebook/loader.py, load_codebook (a plain PtceError: the file itself)
    ("codebook file not found", "fichier du livre de codes introuvable"),
    (
        "codebook file is a link to %s, which does not exist here",
        "le fichier du livre de codes est un lien vers {0}, qui n'existe pas ici",
    ),
    (
        "codebook is not UTF-8 (byte %s cannot be read)",
        "le livre de codes n'est pas en UTF-8 (l'octet {0} ne se lit pas)",
    ),
    ("the codebook is a folder, not a file", "le livre de codes est un dossier, pas un fichier"),
    # parse_codebook, _malformed: YAML's own words come after
    (
        "malformed YAML: %s: %s opened on line %s is not closed",
        "YAML mal formé : {0} ; {1} ouvert à la ligne {2} n'est pas fermé",
    ),
    ("malformed YAML: %s", "YAML mal formé : {0}"),
    (
        "the codes are nested too deeply to read: a codebook may have at most %s levels",
        "les codes sont imbriqués trop profondément pour être lus : un livre de codes a au "
        "plus {0} niveaux",
    ),
    (
        "code %s is at level %s (and %s more code(s) below that level): a codebook may have "
        "at most %s levels",
        "le code {0} est au niveau {1} (et {2} code(s) de plus sous ce niveau) : un livre de "
        "codes a au plus {3} niveaux",
    ),
    (
        "code %s is at level %s: a codebook may have at most %s levels",
        "le code {0} est au niveau {1} : un livre de codes a au plus {2} niveaux",
    ),
    # _Validator
    (
        "the codebook must be a mapping with `name` and `codes`",
        "le livre de codes doit être un dictionnaire avec `name` et `codes`",
    ),
    ("unknown top-level key %s", "clé de premier niveau inconnue {0}"),
    (
        "`context_codes` must be a list of code ids, like [TERR, INST]: the codes that describe "
        "a case's surroundings rather than the case itself",
        "`context_codes` doit être une liste d'identifiants de codes, comme [TERR, INST] : les "
        "codes qui décrivent ce qui entoure un cas plutôt que le cas lui-même",
    ),
    (
        "`context_codes` names %s, which is not a code of this codebook (check its spelling, "
        "or remove it from the list)",
        "`context_codes` nomme {0}, qui n'est pas un code de ce livre de codes (vérifier son "
        "orthographe, ou le retirer de la liste)",
    ),
    ("`codes` must be a non-empty list of codes", "`codes` doit être une liste de codes non vide"),
    ("a code must be a mapping (id, label, …)", "un code doit être un dictionnaire (id, label…)"),
    ("unknown key %s", "clé inconnue {0}"),
    (
        "`id` must be dotted upper-case ASCII like COOP.MUTUALISATION.LIEU",
        "`id` doit être en capitales ASCII séparées par des points, comme COOP.MUTUALISATION.LIEU",
    ),
    ("`label` must be a text, not %s", "`label` doit être un texte, pas {0}"),
    ("empty label", "libellé (`label`) vide"),
    ("`parent: %s` contradicts its nesting under %s", "`parent: {0}` contredit sa place sous {1}"),
    ("`parent` must be a code id", "`parent` doit être l'identifiant d'un code"),
    ("`%s` must be text", "`{0}` doit être un texte"),
    ("`examples` must be a list of texts", "`examples` doit être une liste de textes"),
    (
        "example %s must be a text, not %s (put it in quotes)",
        "l'exemple {0} doit être un texte, pas {1} (mettez-le entre guillemets)",
    ),
    ("`%s` must be true or false", "`{0}` doit valoir true ou false"),
    ("`color` must be like %s", "`color` doit s'écrire comme {0}"),
    ("`children` must be a list of codes", "`children` doit être une liste de codes"),
    (
        "duplicate id (first defined at line %s)",
        "identifiant en double (défini une première fois à la ligne {0})",
    ),
    ("unknown parent %s", "parent inconnu {0}"),
    ("parent cycle %s", "cycle de parents {0}"),
    ("rule id %s already used by code %s", "l'identifiant de règle {0} sert déjà au code {1}"),
    # codebook/rule_reader.py
    ("`rules` must be a list", "`rules` doit être une liste"),
    (
        "a rule must be a mapping such as `lemma: ...`",
        "une règle doit être un dictionnaire comme `lemma: ...`",
    ),
    (
        "unknown rule key %s (kinds: %s; options: %s)",
        "clé de règle inconnue {0} (sortes : {1} ; options : {2})",
    ),
    (
        "a rule needs exactly one of %s (found %s)",
        "une règle demande exactement une clé parmi {0} (trouvé : {1})",
    ),
    ("a rule needs exactly one of %s", "une règle demande exactement une clé parmi {0}"),
    ("`id` must be a non-empty text", "`id` doit être un texte non vide"),
    ("`%s` must be a text or a list of texts", "`{0}` doit être un texte ou une liste de textes"),
    ("`near` needs at least two terms", "`near` demande au moins deux termes"),
    ("`regex` must be a text", "`regex` doit être un texte"),
    ("invalid regular expression %s: %s", "expression régulière invalide {0} ({1})"),
    (
        "the regular expression %s matches an empty text, so it would match every segment: "
        "make it need at least one word, e.g. 'coop.*' → 'coop\\w*'",
        "l'expression régulière {0} trouve un texte vide, elle trouverait donc tous les "
        "segments : faites-lui demander au moins un mot, par exemple 'coop.*' → 'coop\\w*'",
    ),
    (
        "the regular expression %s has %s: on a paragraph that almost matches, it can run "
        "for hours (catastrophic backtracking). Repeat one thing only, e.g. '^(\\w+\\s?)+$' → "
        "'^[\\w\\s]+$', or bound the inner repeat",
        "l'expression régulière {0} a {1} : sur un paragraphe qui la vérifie presque, elle "
        "peut tourner des heures (retour arrière catastrophique). Ne répétez qu'une chose, "
        "par exemple '^(\\w+\\s?)+$' → '^[\\w\\s]+$', ou bornez la répétition intérieure",
    ),
    ("`window` only applies to `near` rules", "`window` ne vaut que pour les règles `near`"),
    (
        "`window` must be a whole number of tokens, at least 1, not %s (default %s)",
        "`window` doit être un nombre entier de mots, au moins 1, pas {0} (par défaut {1})",
    ),
    (
        "`case_sensitive` only applies to `regex` rules",
        "`case_sensitive` ne vaut que pour les règles `regex`",
    ),
    (
        "`pattern` must be a list of token mappings",
        "`pattern` doit être une liste de dictionnaires de mots",
    ),
    (
        "each pattern token must be a mapping like {LEMMA: x}",
        "chaque mot du motif doit être un dictionnaire comme {LEMMA: x}",
    ),
    (
        "the token attribute %s needs %s, which the toolkit does not run (it reads words and "
        "lemmas only): match on LEMMA, LOWER, TEXT, SHAPE or a REGEX instead",
        "l'attribut de mot {0} demande {1}, que l'outil ne fait pas tourner (il ne lit que "
        "les mots et les lemmes) : cherchez plutôt sur LEMMA, LOWER, TEXT, SHAPE ou une REGEX",
    ),
    (
        "unknown token attribute %s in pattern (did you mean %s?); known: %s",
        "attribut de mot inconnu {0} dans le motif (vouliez-vous dire {1} ?) ; connus : {2}",
    ),
    (
        "unknown token attribute %s in pattern; known: %s",
        "attribut de mot inconnu {0} dans le motif ; connus : {1}",
    ),
    (
        "every token of the pattern is {} (any word): it would match every word of every "
        "segment; give at least one token a condition, such as {LEMMA: achat}",
        "chaque mot du motif est {} (n'importe quel mot) : il trouverait chaque mot de "
        "chaque segment ; donnez une condition à au moins un mot, comme {LEMMA: achat}",
    ),
)
# what the loader says a value is (loader._kind), and what YAML left open (base/yaml_errors)
KINDS = {
    "true or false": "vrai ou faux",
    "a number": "un nombre",
    "a list": "une liste",
    "a mapping": "un dictionnaire",
    "a text in double quotes": "un texte entre guillemets doubles",
    "a text in quotes": "un texte entre guillemets",
    "a text in single quotes": "un texte entre apostrophes",
    "a text": "un texte",
    "a list in brackets [ ]": "une liste entre crochets [ ]",
    "a mapping in braces { }": "un dictionnaire entre accolades { }",
    "a part-of-speech tagger": "un étiqueteur de parties du discours",
    "a morphologizer": "un analyseur morphologique",
    "a dependency parser": "un analyseur syntaxique",
    "a named-entity recogniser": "un repéreur d'entités nommées",
}
# what YAML itself says (PyYAML's words), the ones a hand-edited codebook meets
YAML_PROBLEMS = {
    "mapping values are not allowed here": "un « : » inattendu ici",
    "mapping values are not allowed in this context": "un « : » inattendu ici",
    "found character '\\t' that cannot start any token": "une tabulation, qui ne commence rien",
    "found unexpected end of stream": "le fichier s'arrête avant la fin",
    "found undefined alias": "un alias (*) jamais défini",
    "found character that cannot start any token": (
        "un caractère qui ne peut commencer aucun élément (souvent une tabulation)"
    ),
    "did not find expected key": (
        "une clé attendue manque (souvent un guillemet ou une apostrophe mal fermés)"
    ),
    "did not find expected '-' indicator": "un élément de liste « - » attendu manque",
    "could not find expected ':'": "un « : » attendu manque",
    "expected <block end>, but found '<scalar>'": (
        "un texte de trop, ou mal aligné (souvent un guillemet fermé trop tôt)"
    ),
}
HINTS = {
    "Check `codebook:` in project.yaml.": "Vérifiez `codebook:` dans project.yaml.",
    "Flatten the tree: a sub-code can be a code with a longer label.": (
        "Aplatissez l'arbre : un sous-code peut être un code au libellé plus long."
    ),
    "YAML indents with spaces, never tabs: replace the tab on that line with spaces, as many "
    "as the lines around it.": (
        "YAML se décale avec des espaces, jamais des tabulations : remplacez la tabulation de "
        "cette ligne par des espaces, autant que sur les lignes voisines."
    ),
    "Close the quote or bracket on the line where it opens; a text holding `: ` or ` #` is "
    "written in quotes.": (
        "Fermez le guillemet ou le crochet sur la ligne où il s'ouvre ; un texte qui contient "
        "`: ` ou ` #` s'écrit entre guillemets."
    ),
    'A text holding `: ` is written in quotes: `memo: "Attention : …"` (or between single '
    "quotes, an apostrophe written twice: 'l''atelier : …').": (
        'Un texte qui contient `: ` s\'écrit entre guillemets : `memo: "Attention : …"` (ou '
        "entre apostrophes, une apostrophe écrite deux fois : 'l''atelier : …')."
    ),
    "A text in quotes ends at its next quote: inside '…' write an apostrophe twice "
    "('l''atelier'), inside \"…\" write a quote as \\\" or use « »; each list item starts "
    "with `- ` at the same indentation as the others.": (
        "Un texte entre guillemets s'arrête au guillemet suivant : dans '…' écrivez "
        "l'apostrophe deux fois ('l''atelier'), dans \"…\" écrivez \\\" ou employez « » ; "
        "chaque élément de liste commence par `- `, décalé comme les autres."
    ),
    "Each code is a `- id: …` item with its keys indented under it by the same spaces; a "
    "text holding `: ` or ` #`, or starting with [ { * & ! ' \" is written in quotes. "
    "`ptce-coding codebook validate` checks the file again.": (
        "Chaque code est un élément `- id: …`, ses clés décalées dessous des mêmes espaces ; "
        "un texte qui contient `: ` ou ` #`, ou qui commence par [ { * & ! ' \" s'écrit entre "
        "guillemets. « ptce-coding codebook validate » vérifie à nouveau le fichier."
    ),
}
UNTRANSLATED = "en anglais, tel que ptce-coding le dit"
_ABOUT = re.compile(r"^code (?:(?P<none>without id)|(?P<code>[^\s,:]+)(?:, rule (?P<rule>.+?))?): ")


def _compiled(template: str) -> re.Pattern[str]:
    parts = [re.escape(part) for part in template.split("%s")]
    return re.compile("^" + "(.+?)".join(parts) + "$", re.S)


_PATTERNS = [(_compiled(english), french) for english, french in PROBLEMS]


def _value(text: str) -> str:
    """A value the loader quoted (« 'colour' ») in French quotes; a kind in French."""
    if len(text) > 1 and text[0] == text[-1] and text[0] in "'\"":
        return f"« {text[1:-1]} »"
    return KINDS.get(text, text)


def problem_french(message: str) -> str | None:
    """``message``, one of the loader's problems, in French; None for a message it does
    not know (``PROBLEMS``)."""
    about = _ABOUT.match(message)
    start = ""
    if about:
        if about["none"]:
            start = "code sans identifiant : "
        else:
            start = f"code {about['code']}" + (f", règle {about['rule']}" if about["rule"] else "")
            start += " : "
        message = message[about.end() :]
    for pattern, french in _PATTERNS:
        found = pattern.match(message)
        if found:
            values = [_value(value) for value in found.groups()]
            if french.startswith("YAML mal formé"):
                values[0] = YAML_PROBLEMS.get(found[1], f"{found[1]} (les mots de YAML)")
            return start + _filled(french, values)
    return None


def _filled(french: str, values: list[str]) -> str:
    """``french`` with ``{0}``, ``{1}``… replaced by ``values`` (its other braces kept)."""
    return re.sub(r"\{(\d)\}", lambda number: values[int(number[1])], french)


def hint_french(hint: str | None) -> str | None:
    """A problem's hint in French; None for a hint this module does not know."""
    if not hint:
        return ""
    if hint in HINTS:
        return HINTS[hint]
    saved = re.match(r"^Save (.+) as UTF-8 ", hint)
    if saved:
        return (
            f"Enregistrez {saved[1]} en UTF-8 (« Enregistrer sous… » de votre éditeur, "
            "codage UTF-8), puis rechargez la page."
        )
    if hint.startswith("Put the codebook file itself in its place"):
        return (
            "Mettez le fichier du livre de codes lui-même à sa place (un dossier copié avec "
            "`cp -r` garde ses liens : copiez-le avec `cp -rL`)."
        )
    return None


def where(problem: PtceError) -> str:
    """« ptce.yaml, ligne 12 » : the file and the line a problem is about."""
    if not problem.path:
        return ""
    name = PurePath(problem.path).name
    return f"{name}, ligne {problem.line}" if problem.line else name


def problem_line(problem: PtceError) -> str | None:
    """One problem in French with its file and line and its hint; None when its message or
    hint is one this module does not know."""
    message, hint = problem_french(problem.message), hint_french(problem.hint)
    if message is None or hint is None:
        return None
    place = where(problem)
    return (f"{place} : " if place else "") + message + (f"\n    {hint}" if hint else "")


def codebook_refusal(error: CodebookError) -> tuple[str, list[PtceError]]:
    """What the page says of a codebook that no longer reads, and the problems it could
    not say in French (shown in English, marked so, and returned for the caller to warn)."""
    lines, unknown = [], []
    for problem in error.problems:
        said = problem_line(problem)
        if said is None:
            unknown.append(problem)
            said = f"{where(problem)} : ({UNTRANSLATED}) {problem.message}"
        lines.append(f"  - {said}")
    count = len(error.problems)
    file = f" dans {error.codebook_path}" if error.codebook_path else ""
    text = (
        f"Le livre de codes ne se lit plus{NBSP}: {count} problème"
        f"{'s' if count > 1 else ''}{file}{NBSP}:\n"
        + "\n".join(lines)
        + "\nCorrigez le fichier, puis rechargez la page."
    )
    return typeset(text), unknown
