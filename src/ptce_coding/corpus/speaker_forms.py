"""Word forms that are, or are not, speaker labels (``speakers.SpeakerDetector`` reads them):
words said alone on a line, name particles, role nouns, function words, and the words before
a colon that are notes or a transcript's metadata (« Participants : … », « Date : … »), not
speakers. Every form is folded (``speakers.fold``: lower case, no accents)."""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# words said alone on a line that are not speakers
NOT_LABEL_LINES = _words(
    "oui non si merci d'accord d’accord voila bon ben bah ok okay euh ah oh bien exactement "
    "absolument bonjour parfait super entendu voilà"
)
PARTICLES = _words("de du des d' d’ la le van von di da ben el")
# the first word of a role written as a label, the words after it in lower case
# (« Personne interrogée : », « Chargée de mission : », « Directeur général : »)
ROLE_NOUNS = _words(
    "personne enquete enquetee interviewe interviewee interroge interrogee charge chargee "
    "directeur directrice president presidente elu elue responsable coordinateur "
    "coordinatrice animateur animatrice membre salarie salariee benevole representant "
    "representante adjoint adjointe delegue deleguee gerant gerante fondateur fondatrice "
    "co-fondateur co-fondatrice cofondateur cofondatrice secretaire tresorier tresoriere "
    "technicien technicienne agent chef cheffe maire habitant habitante participant "
    "participante intervenant intervenante"
)
KNOWN_INTERVIEWEE = _words("r reponse interviewe interviewee enquete enquetee")
FUNCTION_WORDS = _words(
    "le la les l' un une des du de et mais donc alors par pour en au aux ce cette ces mon ma "
    "mes notre nos votre vos leur leurs son sa ses on il elle nous vous ils elles je c'est a "
    "dans sur avec sans chez"
)
# what a transcriber notes in brackets or before a colon: sounds, remarks
_NOTES = _words(
    "rires rire inaudible silence pause musique bruit incomprehensible coupure fin debut note "
    "nb exemple remarque attention"
)
# the fields of a transcript's head (« Participants : Marie Dupont (directrice), Paul Martin
# (enquêteur) », « Personnes présentes : … », « Date : 12 mars 2024 », « Lieu : Lille »,
# « Transcription : … »): a list of who was there is no one speaking. A group of speakers
# is plural; one speaker is singular, so « Participant : », « Participante : »,
# « Intervenant : » (a focus group's anonymous speakers) stay speakers.
METADATA_FIELDS = _words(
    "objet date dates lieu lieux duree heure horaire horaires titre sujet theme themes "
    "participants participantes presents presentes absents absentes excuses excusees "
    "intervenants intervenantes interlocuteurs interlocutrices enquetes interviewes "
    "interviewees personnes entretien entretiens interview entrevue reunion seance contexte "
    "transcription retranscription transcripteur transcriptrice fonction poste "
    "enregistrement fichier source sources reference references auteur auteure auteurs "
    "redaction redacteur redactrice version langue resume synthese mots-cles commentaire "
    "commentaires observations precisions consigne consignes"
)
# the section headings of an interview guide or a report, bold and alone on their line above
# paragraphs (« **Objectifs :** », « **Relances :** »), often once per section: words no
# person is called. A heading said once is no speaker anyway (``speakers.Label.word_alone``);
# these are those that come back.
GUIDE_SECTIONS = _words(
    "objectif objectifs relance relances questions thematique thematiques partie parties "
    "section sections introduction conclusion conclusions presentation remarques hypothese "
    "hypotheses methodologie methode guide sommaire annexe annexes rappel rappels deroulement "
    "deroule indicateurs enjeux resultats perspectives problematique axe axes sous-questions "
    "sous-theme sous-themes"
)
NOT_SPEAKERS = _NOTES | METADATA_FIELDS | GUIDE_SECTIONS
# the column names of a transcript laid out as a table (« Locuteur | Texte »,
# « Temps | Intervenant | Transcription »): a row of them is no turn
TABLE_HEADERS = _words(
    "locuteur locuteurs locutrice locutrices intervenant intervenants intervenante speaker "
    "speakers nom noms qui personne orateur interlocuteur role texte text transcription "
    "retranscription propos paroles verbatim contenu discours temps time timecode horodatage "
    "heure debut fin duree minutage n° no numero num tour tours commentaire commentaires "
    "remarques notes observations"
)
