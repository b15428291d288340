"""S36 (trial A, finding 3): a code learned from 6 coded segments that its words happen to
separate perfectly was read at 0.9999 on unrelated speech (« neuf mois oui » → EMOTIONS),
though `suggest` itself said « only 6 examples: too few to trust ». Its calibration now fits
Platt's targets and its probabilities stay within what 6 examples support: (6 + 1) / (6 + 2)."""

from __future__ import annotations

import numpy as np

from ptce_coding.tagging.calibration import platt_sigmoid
from ptce_coding.tagging.classifier import SegmentCoder

SPOKEN = [
    "ben on était contents quoi vraiment heureux ce jour-là",
    "j'avais peur euh franchement peur de tout perdre",
    "on était tristes oui tristes de partir comme ça",
    "la joie ah la joie de se retrouver tous ensemble",
    "j'étais en colère contre eux vraiment en colère",
    "un grand soulagement quand on a su que ça marchait",
]
WRITTEN = [
    "Le conseil d'administration se réunit quatre fois par an.",
    "La subvention régionale finance le poste de coordination.",
    "Les statuts de la SCIC prévoient cinq collèges d'associés.",
    "Le bilan comptable fait apparaître un excédent modeste.",
    "La convention de mise à disposition des locaux est signée.",
    "Le comité de pilotage valide le programme annuel d'actions.",
    "Les cotisations des membres couvrent une part des charges.",
    "La charte du pôle fixe les critères d'adhésion des membres.",
    "Le rapport d'activité présente les projets de l'année passée.",
    "Une étude de faisabilité précède chaque nouveau projet commun.",
]


def test_six_examples_are_never_read_surer_than_seven_in_eight() -> None:
    texts = SPOKEN + WRITTEN
    labels = np.array([[1]] * len(SPOKEN) + [[0]] * len(WRITTEN))
    model = SegmentCoder(sentence_vectors=False, min_positive=5, folds=3, random_state=0)
    model.fit(texts, labels, ["EMOTIONS"])
    assert model.fits_["EMOTIONS"].scale == 1.0  # calibrated, not few-shot
    unseen = ["ah oui j'étais contente contente et soulagée", "neuf mois oui la joie"]
    probabilities = model.predict_proba(SPOKEN + unseen)[:, 0]
    # before: 0.9999 (a vertical sigmoid on scores its 6 examples separate perfectly)
    assert probabilities.max() <= 7 / 8 + 1e-9
    assert probabilities.max() > 0.5  # still suggested: bounded, not silenced


def test_platt_targets_keep_a_separated_calibration_finite() -> None:
    scores = np.array([-3.0, -2.5, -2.0, -1.5, 1.5, 2.0, 2.5])
    y = np.array([0, 0, 0, 0, 1, 1, 1])
    slope, intercept = platt_sigmoid(scores, y)
    top = 1 / (1 + np.exp(-(slope * 2.5 + intercept)))
    # the targets are 4/5 for the 3 positives and 1/6 for the 4 negatives: the sigmoid
    # approaches them, where a fit on 0 and 1 runs to a vertical step (slope in the hundreds)
    assert 0 < slope < 20
    assert 0.6 < top < 0.9
