"""The project.yaml that `ptce-coding init` writes: every setting at its default, with a
comment saying what it does (the settings are read in project.py, top_settings.py and
settings_sections.py)."""

from __future__ import annotations

PROJECT_TEMPLATE = """\
# ptce-coding project settings
name: {name}
language: fr
codebook: codebooks/ptce.yaml   # the codebook this project codes with
corpus: corpus                  # one sub-folder per case (pôle): corpus/<case>/<interview>.txt
cases: corpus/cases.csv         # case attributes: a `case` column, then any attributes
documents: corpus/documents.csv # interview attributes (optional): a `document` column, then any
store: coding.sqlite            # the store (research data: back it up)
outputs: outputs                # everything generated; safe to delete
speakers:
  # names or labels of interviewers, in addition to the defaults
  # (Enquêteur, Enquêtrice, Intervieweur, Chercheur, ENQ, INT, Question, Q, E, E1, E2, I)
  # (one file's own, « Speaker 1 »: an `interviewers` column in documents.csv)
  interviewers: []
  # speaker labels of another form than « Name : » or « **Name** », as regular expressions
  # with a (?P<name>...) group, e.g. ['^(?P<name>[A-Z]+) - '] for « MD - Bonjour »
  labels: []
coding:
  interviewer_turns: false      # code interviewer turns too (they never count in matrices)
  preamble: titles              # outside the speakers' turns, leave out the title lines
                                # (headings, the title block at the top); `all` counts them
  min_confidence: 0.35          # rule suggestions less likely than this are not written
                                # (0 writes every rule match; see `ptce-coding code --help`)
  far_closeness: 0.19           # an interview less close to the codebook is far from what it
                                # describes: only its territory and institutions are likely
                                # (0 reads none as far)
import:
  max_megabytes: 50             # larger files are refused (a transcript is rarely over 1 MB)
network:                        # `ptce-coding network`: who works with whom, per pole
  members: corpus/members.csv   # case, organisation, kind, circle, aliases
  cooperation_codes: [COOP]     # ties come only from segments coded with these codes
  ties: [co-mention, interviewee]  # two members named in one such segment; a member named
                                # by an interviewee of another member (interview attribute)
  max_members_per_segment: 4    # a segment naming more members is a list: no co-mention ties
  organisation_attribute: organisation
  governance_attribute: gouvernance  # case attribute compared with the network's reading
compare:                        # `ptce-coding compare`, the report's « Typologie des pôles »
  level: 2                      # code depth of the correspondence analysis and the typology
  typology: ward                # ward (on the CA axes) or jaccard (codes present)
  # qca:                        # a truth table in the report:
  #   outcome: laureat_appel    # attribute, attribute=value or code; ~name for its absence
  #   conditions: [EMERG.ACC.COLLECTIVITES, EMERG.DET.INTERCONNAISSANCE]
  #   min_segments: 2           # a code is present in a pole from this many segments
# coder: alice                  # who decides in `review` (default: your user name)
analysis:                       # whose coding matrices, report, exports and network use
  coders: []                    # e.g. [doctorante, encadrant]; empty: every coder
  # consensus: consensus        # consensus decisions (this coder) replace the coders' codings
# assignments:                  # who codes which documents (`review`, `serve` follow it)
#   coders:
#     doctorante: [pole-a, pole-b]   # cases, documents or patterns (pole-c/*.txt)
#     encadrant: [pole-c]
#   double_coding:              # a random sample coded by a second coder too, blind
#     share: 0.2
#     seed: 18
# structure:                    # the interview guide's questions as codes (`structure`)
#   code: STRUCT                # their parent code, added to the codebook
#   topics: true                # Transcriber sections' topics
#   headings: '^#+\\s*(?P<key>Question \\d+)'  # text files: one-line heading paragraphs
model:
  min_positive: 5               # codes with fewer coded segments are not learned by `suggest`
  sentence_vectors: true        # `suggest` also reads what a segment means (a multilingual
                                # sentence encoder), not only its words
"""
