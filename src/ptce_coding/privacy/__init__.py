"""Pseudonymisation: what leaves the research team names nobody; the store never changes.

The flow (``ptce-coding pseudonymise``):

1. ``detect``: persons, organisations and places found by spaCy's French NER, the project's
   lists (``private/names.csv``, which always win), speaker labels (not a role: « Directrice »),
   the poles and members the project's files name (``known``, ``members_file``), e-mail
   addresses, phone numbers and URLs by pattern, and the names a French context announces
   (``context``: « l'entreprise Vandamme »). Every detection has a kind, a span and a
   source; the kind of a name the NER found follows the contexts of its occurrences
   (« la gare de Montaurel » is a place, « Inès, qui est illustratrice » a person).
2. ``pseudonyms``: detections grouped into one entity per person (« Mme Hurand », « Anne
   Hurand », « Anne »), each with one pseudonym for the whole project (``Personne 7``); a
   place's reads as the kind of place its context says (``places``: « rue Voie 3 », « la
   Région 2 », « Commune 4 »); a name written alike for a person and for something else is
   two entities, each occurrence the one its context says (``two_kinds``,
   ``occurrence_kinds``: « Monsieur Kessler » the patron, « la scierie Kessler » the
   company).
3. ``review``: one row per entity in a workbook the researcher fills in (keep, drop, change);
   the reviewed workbook becomes the mapping ``private/pseudonyms.csv``.
4. ``apply``: an anonymised view of the store's documents (new text and an offset map) that
   the exports (codings, segments, report, qdpx) use with ``--anonymise``; the word before a
   pseudonym agrees with it (``articles``: « l'Organisation 1 », « de Personne 2 », « des
   Ateliers » → « de l'Organisation 3 »). A name the project's files write after the
   review was applied (members.csv, names.csv…) is hidden all the same, and the command
   says so (``base.notices``).
"""
