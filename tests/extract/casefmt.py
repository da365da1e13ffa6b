"""The case format shared by tests/extract/cases.yaml and tests/extract_cases/*.yaml
(its README states the matching rule; this is the runner's side of it).

A partial fact matches a produced fact when every field it gives is equal: strings by
thidua.text.key(); blocs also as ../shared/eval/score.py's bloc_key reads them ("thi đua" and
"số" ignored, Roman numerals as numbers, a trailing "tỉnh" ignored); agency-like names also as
its name_key (a leading "đơn vị", a trailing "tỉnh" / "tỉnh <Province>" ignored); a list gives
alternatives; null matches a null or missing field.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml

from graph.extract import extract_text
from graph.gazetteer import load as load_gazetteer
from thidua.text import key

ROMAN = {"i": "1", "ii": "2", "iii": "3", "iv": "4", "v": "5", "vi": "6", "vii": "7", "viii": "8",
         "ix": "9", "x": "10", "xi": "11", "xii": "12", "xiii": "13", "xiv": "14", "xv": "15"}
NAME_FIELDS = {"agency", "recipient", "host", "conferrer"}


def load_cases(path: Path) -> list[dict]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    return data if isinstance(data, list) else [data]


@lru_cache(maxsize=1)
def _province_tail() -> re.Pattern[str]:
    names = {key(f) for p in load_gazetteer().provinces() for f in (p.name, *p.forms)}
    alts = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?: tinh| thanh pho)?(?: (?:{alts}))?$")


def name_key(value: str) -> str:
    k = re.sub(r"^don vi ", "", key(value))
    k = re.sub(r" tinh$", "", k)
    stripped = _province_tail().sub("", k)
    return stripped or k


def bloc_key(value: str) -> str:
    words = re.sub(r" tinh$", "", key(value)).replace("thi dua", " ").split()
    words = [w for w in words if w != "so"]
    return " ".join(ROMAN.get(w, w) if i and words[i - 1] in ("khoi", "cum") else w
                    for i, w in enumerate(words))


def _same(field: str, want, got) -> bool:
    if isinstance(want, list):  # alternatives
        return any(_same(field, w, got) for w in want)
    if want is None:
        return got is None
    if isinstance(want, str) and isinstance(got, str):
        if field == "bloc":
            return bloc_key(want) == bloc_key(got)
        if field in NAME_FIELDS:
            return name_key(want) == name_key(got)
        return key(want) == key(got)
    if isinstance(want, str) or isinstance(got, str):
        return str(want) == str(got)
    return want == got


def matches(partial: dict, fact: dict) -> bool:
    return all(_same(k, v, fact.get(k)) for k, v in partial.items())


def check(case: dict) -> list[str]:
    """Problems with one case (empty when it passes)."""
    published = case.get("published")
    facts = extract_text(case["text"], doc=case.get("id", "case"), province=case.get("province"),
                         published=str(published) if published else None)
    problems = []
    for want in case.get("expect") or []:
        if not any(matches(want, f) for f in facts):
            problems.append(f"missing {want}")
    for bad in case.get("forbid") or []:
        hits = [f for f in facts if matches(bad, f)]
        if hits:
            problems.append(f"forbidden {bad} produced: {[{k: v for k, v in h.items() if k != 'evidence'} for h in hits]}")
    return problems
