"""coded_segments finds by binary search what a segments × codings join would find."""

from __future__ import annotations

import itertools

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ptce_coding.analysis.matrices import coded_segments

pytestmark = pytest.mark.slow  # a big hypothesis run


def by_join(segments: pd.DataFrame, codings: pd.DataFrame) -> pd.DataFrame:
    """The plain definition: every (segment, coding) pair of a document, kept if they overlap."""
    pairs = segments.merge(
        codings.rename(columns={"start": "coding_start", "end": "coding_end"}), on="document"
    )
    overlap = (pairs["coding_start"] < pairs["end"]) & (pairs["coding_end"] > pairs["start"])
    found = pairs.loc[overlap, [*segments.columns, "code"]]
    return found.drop_duplicates(["document", "segment", "code"]).reset_index(drop=True)


@st.composite
def corpus(draw: st.DrawFn) -> tuple[pd.DataFrame, pd.DataFrame]:
    segments, codings = [], []
    for document in draw(st.lists(st.sampled_from("abcd"), min_size=1, max_size=4, unique=True)):
        cuts = sorted(draw(st.sets(st.integers(0, 200), min_size=2, max_size=12)))
        kept = draw(st.lists(st.booleans(), min_size=len(cuts) - 1, max_size=len(cuts) - 1))
        for position, (start, end) in enumerate(itertools.pairwise(cuts)):
            if kept[position]:  # gaps: interviewer turns left out
                segments.append((document, position, start, end))
        for _ in range(draw(st.integers(0, 8))):
            start = draw(st.integers(0, 210))
            end = draw(st.integers(start + 1, 220))
            codings.append(
                (draw(st.sampled_from("abcde")), start, end, draw(st.sampled_from("XYZ")))
            )
    segs = pd.DataFrame(segments, columns=["document", "segment", "start", "end"])
    cods = pd.DataFrame(codings, columns=["document", "start", "end", "code"])
    return segs.sample(frac=1, random_state=1) if len(segs) else segs, cods


@settings(max_examples=300, deadline=None)
@given(corpus())
def test_same_pairs_as_the_join(data: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    segments, codings = data
    expected = by_join(segments, codings)
    found = coded_segments(segments, codings)
    key = ["document", "segment", "code"]
    assert sorted(map(tuple, found[key].to_numpy().tolist())) == sorted(
        map(tuple, expected[key].to_numpy().tolist())
    )
    assert list(found.columns) == [*segments.columns, "code"]
