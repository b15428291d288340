"""Whose coding counts: the coders an analysis uses, and the consensus that overrides them.

A research group codes the same interviews several times (two coders on a double-coding
sample, a supervisor), then meets and decides. A *selection* says which coders' codings an
analysis (matrix, report, export, network, evaluate) rests on:

- ``coders``: the coders whose codings count; empty: every coder. An accepted suggestion is
  its reviewer's coding (store/review_decisions.py); the taggers (``rules``, ``model``) are only
  counted as coders when named (their unreviewed suggestions count when an analysis asks for
  suggestions);
- ``consensus``: the coder name under which consensus decisions are recorded (``codings
  import`` of the filled disagreements workbook, ``--coder consensus``). A consensus decision
  on a passage and a code, yes (accepted) or no (rejected), replaces every selected coder's
  codings of that code on the passage: the consensus « no » removes the coder's coding
  there (and their codings of the codes under that code: a « no » on an axis decided at
  ``--level 1`` is a « no » on its sub-codes there), its « yes » stands for all of them. A
  coding that runs beyond the passage still counts outside it; codings of other codes on
  that passage stay (``selected_codings``).

The project's ``analysis`` setting gives the default selection; ``--coders`` and
``--consensus`` on a command replace it.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

from ptce_coding.base.errors import PtceError
from ptce_coding.base.files import fitting_name

MACHINE_CODERS = ("rules", "model")
STRUCTURE_CODER = "structure"  # structure.py: the interview guide's questions as codes
# The taggers' own coder names: a person's codings never go under them (the rules' and the
# model's suggestions, the structural codings, are replaced at each run under these names).
RESERVED_CODERS = (*MACHINE_CODERS, STRUCTURE_CODER)
# the piece of an output file name that names a selection of coders: room is left for the rest
# of the name (« case-x-code-level1-count-…-with-suggestions.xlsx ») within files.MAX_NAME_BYTES
MAX_LABEL_BYTES = 100


# control, format (zero-width), private-use characters, line and paragraph separators
_HIDDEN_CATEGORIES = ("Cc", "Cf", "Cs", "Co", "Zl", "Zp")


def hidden_character(name: str) -> str:
    """The first control or invisible character of a coder's name, as « U+000C » ('' when
    there is none): two names that read alike would be two coders."""
    for character in name:
        if unicodedata.category(character) in _HIDDEN_CATEGORIES:
            return f"U+{ord(character):04X}"
    return ""


def coder_name_problem(name: str) -> str:
    """What is wrong with a name a person codes under ('' when nothing): blank, or holding
    a hidden character."""
    hidden = hidden_character(name)
    if hidden:
        return f"the coder name {name!r} holds a control or invisible character ({hidden})"
    return "" if name.strip() else "the coder name is blank"


def tagger_name_problem(name: str) -> str:
    """What is wrong with a person's coder name that is a tagger's (``rules``, ``model``,
    ``structure``; '' when it is not): a decision recorded under it would be taken for the
    tagger's own suggestion, and left out of every analysis that counts people's coding."""
    if name.strip().lower() in RESERVED_CODERS:  # as `codings import` refuses them
        return (
            f"{name.strip()!r} is the name of a tagger ({', '.join(RESERVED_CODERS)} are the "
            "taggers' names): what is decided under it would count as the tagger's "
            "suggestions, not as a person's coding"
        )
    return ""


def consensus_problem(name: str) -> str:
    """What is wrong with a name given as the consensus ('' when nothing): a tagger's name
    (``rules``, ``model``, ``structure``). A consensus is the decision of a group of people,
    imported under a person's coder name; the taggers' suggestions never settle anything."""
    if name.lower() in RESERVED_CODERS:  # as `codings import` refuses them as coders
        return (
            f"{name} is a tagger's name, not a consensus: the consensus is the group's "
            "decision on the coders' disagreements, recorded under a person's coder name"
        )
    return ""


@dataclass(frozen=True)
class CoderSelection:
    coders: tuple[str, ...] = ()
    consensus: str | None = None
    # the coders named on the command line (--coders, --coder), not in project.yaml: an
    # analysis refuses those who coded nothing, and only notes the settings' ones
    asked: tuple[str, ...] = field(default=(), compare=False)
    # --consensus none on the command line: no consensus on purpose, so no note advises one
    declined: bool = field(default=False, compare=False)

    @property
    def chosen(self) -> bool:
        return bool(self.coders or self.consensus)

    @property
    def label(self) -> str:
        """A piece of an output file name saying which selection produced it; empty for
        every human coder without consensus (the names of earlier versions). Long coder names
        are cut (``files.fitting_name``) so that the file names stay within the file system's
        limit."""
        parts = []
        if self.coders:
            parts.append("coders-" + "+".join(_safe(c) for c in self.coders))
        if self.consensus:
            parts.append("consensus-" + _safe(self.consensus))
        return fitting_name("-".join(parts), MAX_LABEL_BYTES)

    def named(self, name: str) -> str:
        """``name`` with the selection's label: ``network`` → ``network-coders-a+b``."""
        return f"{name}-{self.label}" if self.label else name

    def with_options(self, coders: str | None, consensus: str | None) -> CoderSelection:
        """This selection with a command's --coders (comma-separated) and --consensus;
        ``--coders all`` means every human coder, ``--consensus none`` no consensus."""
        chosen = self
        if coders is not None:
            names = tuple(n.strip() for n in coders.split(",") if n.strip())
            if not names:
                raise PtceError("--coders needs at least one coder name (or: all)")
            if twice := sorted({name for name in names if names.count(name) > 1}):
                raise PtceError(
                    f"--coders names {', '.join(twice)} twice",
                    hint="Name each coder once.",
                    french=f"{', '.join(twice)} : nommé deux fois parmi les codeurs",
                    french_hint="Nommez chaque codeur·se une seule fois.",
                )
            chosen = (
                CoderSelection((), chosen.consensus, declined=chosen.declined)
                if names == ("all",)
                else CoderSelection(names, chosen.consensus, asked=names, declined=chosen.declined)
            )
        if consensus is not None:
            name = consensus.strip()
            if not name:
                raise PtceError("--consensus needs a coder name (or: none)")
            if problem := consensus_problem(name):
                raise PtceError(
                    f"--consensus: {problem}",
                    hint="Give the coder name the filled disagreements workbook was imported "
                    "under (`ptce-coding codings import desaccords.xlsx --coder consensus`), "
                    "or `none`.",
                    french=f"{name} est le nom d'un tagger, pas un consensus : le consensus "
                    "est la décision du groupe sur les désaccords des codeurs, enregistrée "
                    "sous un nom de codeur·se",
                    french_hint="Donnez le nom sous lequel le classeur des désaccords rempli a "
                    "été importé (« ptce-coding codings import desaccords.xlsx --coder "
                    "consensus »), ou none.",
                )
            chosen = CoderSelection(
                chosen.coders,
                None if name == "none" else name,
                asked=chosen.asked,
                declined=name == "none",
            )
        if chosen.consensus and chosen.consensus in chosen.coders:
            raise PtceError(
                f"{chosen.consensus} is the consensus: it cannot also be one of the coders",
                hint="The consensus decisions override the coders' codings; list only the "
                "coders in --coders.",
                french=f"{chosen.consensus} est le consensus : ce nom ne peut pas être aussi "
                "celui d'un·e des codeurs",
                french_hint="Les décisions du consensus remplacent les codages des codeurs ; "
                "ne nommez parmi les codeurs que les codeurs.",
            )
        return chosen


def _safe(name: str) -> str:
    return "".join(c if c.isalnum() or c in "-_" else "-" for c in name)
