"""The typology: clustering, the cut at the largest jump, test values computed by hand."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from ptce_coding.compare.ca import AnalysisError
from ptce_coding.compare.typology import describe_attributes, describe_codes, pole_typology

POLES = ["a", "b", "c", "d", "e", "f"]
# two tight groups far apart on the first coordinate: merges at 0.1, 0.1, 0.2, 0.2, then ~10
COORDINATES = pd.DataFrame({1: [0.0, 0.1, 0.2, 10.0, 10.1, 10.2], 2: [0.0] * 6}, index=POLES)
SHARES = pd.DataFrame(
    {"X": [10.0, 20.0, 30.0, 0.0, 0.0, 0.0], "Y": [0.0] * 3 + [5.0] * 3}, index=POLES
)


def test_ward_cuts_at_the_largest_jump_and_numbers_types_in_order() -> None:
    typology = pole_typology("ward", SHARES, pd.DataFrame(index=POLES), coordinates=COORDINATES)
    assert typology.count == 2
    types = typology.types
    assert types["a"] == types["b"] == types["c"] != types["d"] == types["e"] == types["f"]
    assert typology.poles[0] in typology.members(1)  # type 1 is the first in the dendrogram
    assert typology.criterion.startswith("2 types, au plus grand saut du dendrogramme")
    heights = typology.linkage[:, 2]
    assert heights[-2] < typology.cut_height < heights[-1]


def test_test_value_by_hand() -> None:
    types = pd.Series({"a": 1, "b": 1, "c": 1, "d": 2, "e": 2, "f": 2})
    codes = describe_codes(types, SHARES)
    # X: mean 10, variance (0 + 100 + 400 + 3 × 100) / 6 = 133.33; type 1 mean 20, n_k = 3
    x = codes[(codes["type"] == 1) & (codes["code"] == "X")].iloc[0]
    assert x["test_value"] == pytest.approx(10 / math.sqrt(3 / 5 * (800 / 6) / 3))  # 1.936
    assert not x["significant"]  # just under 1.96
    # Y: mean 2.5, variance 6.25; type 2 mean 5: v = 2.5 / sqrt(3/5 × 6.25 / 3) = 2.236
    y = codes[(codes["type"] == 2)].iloc[0]
    assert (y["code"], round(y["test_value"], 3), bool(y["significant"])) == ("Y", 2.236, True)
    assert list(codes[codes["type"] == 2]["code"]) == ["Y"]  # X is under-represented there


def test_a_one_pole_type_is_never_called_significant() -> None:
    types = pd.Series({"a": 1, "b": 2, "c": 2, "d": 2, "e": 2, "f": 2})
    shares = pd.DataFrame({"X": [50.0, 0, 0, 0, 0, 0]}, index=POLES)
    row = describe_codes(types, shares).iloc[0]
    assert row["test_value"] == pytest.approx(math.sqrt(5))  # the bound sqrt(n − 1)
    assert not row["significant"]


def test_attribute_values_need_half_the_type_and_more_than_overall() -> None:
    types = pd.Series({"a": 1, "b": 1, "c": 1, "d": 2, "e": 2, "f": 2})
    attributes = pd.DataFrame(
        {
            "forme": ["scic", "scic", "asso", "asso", "asso", "asso"],
            "nom": ["A", "B", "C", "D", "E", "F"],
        },  # a different value each: describes no group
        index=POLES,
    )
    frame = describe_attributes(types, attributes)
    assert frame.to_dict(orient="records") == [
        {
            "type": 1,
            "attribute": "forme",
            "value": "scic",
            "in_type": 2,
            "type_size": 3,
            "overall": 2,
            "poles": 6,
        },
        {
            "type": 2,
            "attribute": "forme",
            "value": "asso",
            "in_type": 3,
            "type_size": 3,
            "overall": 4,
            "poles": 6,
        },
    ]


def test_jaccard_groups_poles_sharing_codes() -> None:
    presence = pd.DataFrame(
        {
            "X": [1, 1, 1, 0, 0, 0],
            "Y": [1, 1, 0, 0, 0, 0],
            "Z": [0, 0, 0, 1, 1, 1],
            "W": [0, 0, 0, 1, 1, 0],
        },
        index=POLES,
    )
    typology = pole_typology("jaccard", SHARES, pd.DataFrame(index=POLES), presence=presence)
    assert typology.types.to_dict() == {"a": 1, "b": 1, "c": 1, "d": 2, "e": 2, "f": 2}


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"coordinates": COORDINATES.iloc[:3]}, r"at least 4 poles with coded segments \(here 3\)"),
        ({"coordinates": COORDINATES, "types": 6}, "between 2 and 5 for 6 poles"),
        (
            {
                "presence": pd.DataFrame({"X": [1, 0, 1, 1]}, index=list("abcd")),
                "method": "jaccard",
            },
            "no code present in b",
        ),
        ({"coordinates": COORDINATES, "method": "kmeans"}, "unknown clustering method"),
    ],
)
def test_what_cannot_make_a_typology_is_said(kwargs: dict, message: str) -> None:
    method = kwargs.pop("method", "ward")
    with pytest.raises(AnalysisError, match=message):
        pole_typology(method, SHARES, pd.DataFrame(index=POLES), **kwargs)


def test_a_cut_hardly_better_than_another_is_called_fragile() -> None:
    # Ward merges at 1, 1, 7.07, 15.18: 2 types by a jump of 8.11, 3 types by one of 6.07
    coordinates = pd.DataFrame({1: [0.0, 1.0, 5.0, 6.0, 15.0]}, index=list("abcde"))
    from ptce_coding.compare.typology import cluster_poles

    *_, criterion, _ = cluster_poles("ward", coordinates=coordinates)
    assert "la coupure est fragile" in criterion
    *_, criterion, _ = cluster_poles("ward", coordinates=COORDINATES)
    assert "fragile" not in criterion
