"""Cases written by another engineer in tests/extract_cases/*.yaml (same format as cases.yaml)."""

from __future__ import annotations

from pathlib import Path

import pytest
from casefmt import check, load_cases

FOLDER = Path(__file__).resolve().parent.parent / "extract_cases"
FILES = sorted(FOLDER.glob("*.yaml")) + sorted(FOLDER.glob("*.yml")) if FOLDER.is_dir() else []
CASES = [(f.name, c) for f in FILES for c in load_cases(f)]


@pytest.mark.skipif(not CASES, reason="tests/extract_cases/ has no case files yet")
@pytest.mark.parametrize("case", [c for _, c in CASES] or [None],
                         ids=[f"{n}:{c.get('id', i)}" for i, (n, c) in enumerate(CASES)] or ["none"])
def test_extra_case(case):
    problems = check(case)
    assert not problems, "\n".join(problems)
