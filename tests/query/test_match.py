"""Loose names: what users type for blocs, agencies and provinces."""

from __future__ import annotations

import pytest

from graph.lookup import find
from graph.match import Candidate, match, roman

BLOCS = [
    Candidate("b:ktkt", "Khối thi đua Kinh tế - Kỹ thuật", {"Khối thi đua Kinh tế - Kỹ thuật"}),
    Candidate("b:5", "Khối thi đua số 5", {"Khối thi đua số 5"}, number=5),
    Candidate("b:kt", "Khối Kinh tế", {"Khối Kinh tế"}),
    Candidate("b:vhxh", "Khối Văn hóa – Xã hội", {"Khối Văn hóa – Xã hội", "Khối VH-XH"}),
    Candidate("b:c2", "Cụm thi đua II", {"Cụm thi đua II"}),
]


@pytest.mark.parametrize("typed, iri", [
    ("Kinh tế - Kỹ thuật", "b:ktkt"), ("kinh te – ky thuat", "b:ktkt"), ("KT-KT", "b:ktkt"), ("ktkt", "b:ktkt"),
    ("khoi 5", "b:5"), ("Khối V", "b:5"), ("khối thi đua số 5", "b:5"), ("5", "b:5"),
    ("Kinh tế", "b:kt"), ("VH-XH", "b:vhxh"), ("văn hoá xã hội", "b:vhxh"), ("cụm 2", "b:c2"), ("b:5", "b:5"),
])
def test_bloc_names(typed, iri):
    result = match(typed, BLOCS, "bloc")
    assert result.found is not None, result.message("bloc")
    assert result.found.iri == iri


def test_several_matches_are_listed_not_guessed():
    result = match("kinh", BLOCS, "bloc")
    assert result.found is None
    assert {c.iri for c in result.candidates} == {"b:ktkt", "b:kt"}
    text = result.message("bloc")
    assert "matches 2" in text and "Khối Kinh tế" in text and "Khối thi đua Kinh tế - Kỹ thuật" in text


def test_nothing_matches_lists_the_known_ones():
    result = match("Nội chính", BLOCS, "bloc")
    assert result.found is None
    text = result.message("bloc")
    assert text.startswith("no bloc matches 'Nội chính'")
    assert all(c.label in text for c in BLOCS)


def test_roman():
    assert [roman(t) for t in ("i", "iv", "v", "ix", "xii", "abc")] == [1, 4, 5, 9, 12, None]


def test_agency_abbreviation_through_the_gazetteer(demo_store):
    found = find(demo_store, "agency", "Sở NN&PTNT")
    assert found.found is not None and found.found.label == "Sở Nông nghiệp và Phát triển nông thôn"
    assert find(demo_store, "agency", "so xay dung").found.label == "Sở Xây dựng"


def test_province_spelling_variant(demo_store):
    found = find(demo_store, "province", "Bắc Cạn")
    assert found.found is not None and found.found.label == "Bắc Kạn"
