"""Cooperation networks per pole: who works with whom, from what the interviews say.

members (corpus/members.csv) → mentions (spaCy phrase matching; NER candidates for review)
→ ties (evidence segments coded with a cooperation code) → measures (networkx) → a reading
of the governance typology → drawings and tables (build.py).
"""
