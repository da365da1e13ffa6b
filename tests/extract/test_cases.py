"""The extractor's own cases (cases.yaml): genre phrasings, other blocs, and negatives."""

from __future__ import annotations

from pathlib import Path

import pytest
from casefmt import check, load_cases

CASES = load_cases(Path(__file__).with_name("cases.yaml"))


def test_enough_cases():
    assert len(CASES) >= 40
    assert len({c["id"] for c in CASES}) == len(CASES)


def _param(case: dict):
    """Cases marked known_gap run as strict xfail: they fail today, and flag when fixed."""
    marks = [pytest.mark.xfail(reason=case["known_gap"], strict=True)] if case.get("known_gap") else []
    return pytest.param(case, id=case["id"], marks=marks)


@pytest.mark.parametrize("case", [_param(c) for c in CASES])
def test_case(case):
    problems = check(case)
    assert not problems, "\n".join(problems)


def test_matching_rule_reads_names_like_the_scorer():
    from casefmt import bloc_key, matches, name_key

    assert bloc_key("Khối VII") == bloc_key("Khối thi đua số 7") == bloc_key("Khối thi đua 7")
    assert bloc_key("Cụm thi đua các huyện tỉnh") == bloc_key("Cụm thi đua các huyện")
    assert name_key("đơn vị Sở Xây dựng tỉnh Ninh Thuận") == name_key("Sở Xây dựng")
    assert name_key("Ủy ban nhân dân huyện Hậu Lộc") != name_key("Ủy ban nhân dân huyện Nga Sơn")
    fact = {"type": "event", "kind": "tong_ket", "date": None}
    assert matches({"type": "event", "date": None}, fact)
    assert matches({"type": "event", "kind": ["so_ket", "tong_ket"]}, fact)
    assert not matches({"type": "event", "kind": "so_ket"}, fact)
