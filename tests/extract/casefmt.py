"""The case format shared by tests/extract/cases.yaml and tests/extract_cases/*.yaml."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from graph.extract import extract_text
from thidua.text import key


def load_cases(path: Path) -> list[dict]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    return data if isinstance(data, list) else [data]


def _name(value: str) -> str:
    """thidua.text.key(), and like ../shared/eval/score.py a trailing "tỉnh" does not count."""
    return re.sub(r" tinh$", "", key(value))


def _same(want, got) -> bool:
    if isinstance(want, list):  # alternatives
        return any(_same(w, got) for w in want)
    if isinstance(want, str) and isinstance(got, str):
        return _name(want) == _name(got)
    if isinstance(want, str) or isinstance(got, str):
        return str(want) == str(got)
    return want == got


def matches(partial: dict, fact: dict) -> bool:
    return all(k in fact and _same(v, fact[k]) for k, v in partial.items())


def check(case: dict) -> list[str]:
    """Problems with one case (empty when it passes)."""
    facts = extract_text(case["text"], doc=case.get("id", "case"), province=case.get("province"),
                         published=str(case["published"]) if case.get("published") else None)
    problems = []
    for want in case.get("expect") or []:
        if not any(matches(want, f) for f in facts):
            problems.append(f"missing {want}")
    for bad in case.get("forbid") or []:
        hits = [f for f in facts if matches(bad, f)]
        if hits:
            problems.append(f"forbidden {bad} produced: {[{k: v for k, v in h.items() if k != 'evidence'} for h in hits]}")
    return problems
