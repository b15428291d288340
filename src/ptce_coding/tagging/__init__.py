"""Taggers that suggest codings: rules with a calibrated confidence (relevance, context),
and the assisted classifier trained on the group's own codings, with sentence vectors; once it
is trained, its likelihood ratio weighs every suggestion (model_evidence)."""
