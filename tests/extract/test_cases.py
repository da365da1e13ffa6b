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
