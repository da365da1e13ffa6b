"""Format checks for the extractor test cases in this folder (the data, not the extractor).

The cases are run against the extractor by tests/extract/test_cases_folder.py; this file
only makes sure every case is well formed, so a typo in a case shows up as a clear
format error instead of a confusing extractor failure.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import yaml

from thidua.text import key

HERE = Path(__file__).resolve().parent
CASE_FILES = sorted(HERE.glob("*.yaml"))
FIELDS = {
    "role": {"bloc", "year", "role", "agency"},
    "award": {"award", "award_label", "year", "recipient", "status", "conferrer", "rank"},
    "member": {"bloc", "agency", "year"},
    "event": {"kind", "date", "period", "bloc", "host"},
    "person": {"name", "position", "agency"},
}
ENUMS = {
    "role": {"chair", "vice_chair"},
    "award": {"co_thi_dua", "bang_khen", "giay_khen", "other"},
    "status": {"proposed", "conferred"},
    "kind": {"tong_ket", "so_ket", "ky_giao_uoc", "phat_dong", "other"},
}
CASE_KEYS = {"id", "note", "province", "published", "text", "expect", "forbid"}
NAME_FIELDS = ("agency", "recipient", "host")
# Upper-case tokens that betray an unexpanded abbreviation in an expected name.
ABBREVIATION = re.compile(r"(?<!\w)(?:[A-ZĐ]{2,}|\w*&\w*)(?!\w)")
ROMAN = re.compile(r"^[IVX]+$")
ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def load_cases() -> list[tuple[str, dict]]:
    cases = []
    for path in CASE_FILES:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert isinstance(data, list), f"{path.name}: the file must hold a YAML list of cases"
        cases.extend((path.name, case) for case in data)
    return cases


CASES = load_cases()


def alternatives(value: object) -> list:
    return value if isinstance(value, list) else [value]


def test_enough_cases_in_several_files() -> None:
    assert len(CASE_FILES) >= 2, "cases are split by theme into several files"
    assert len(CASES) >= 60, f"only {len(CASES)} cases"


def test_ids_unique() -> None:
    seen: dict[str, str] = {}
    for name, case in CASES:
        ident = case.get("id")
        assert isinstance(ident, str) and ID.match(ident), f"{name}: bad id {ident!r} (lower-case words joined by -)"
        assert ident not in seen, f"{name}: id {ident} also in {seen[ident]}"
        seen[ident] = name


@pytest.mark.parametrize(("name", "case"), CASES, ids=[c.get("id", "?") for _, c in CASES])
def test_case_shape(name: str, case: dict) -> None:
    where = f"{name}:{case.get('id')}"
    assert set(case) <= CASE_KEYS, f"{where}: unknown keys {set(case) - CASE_KEYS}"
    assert isinstance(case.get("note"), str) and case["note"].strip(), f"{where}: a one-line note says why"
    text = case.get("text")
    assert isinstance(text, str) and text.strip(), f"{where}: text is required"
    assert "\n" in text.strip(), f"{where}: line 1 is the title, the body follows"
    published = case.get("published")
    if published is not None:
        assert isinstance(published, dt.date) or re.fullmatch(r"\d{4}-\d\d-\d\d", str(published)), \
            f"{where}: published must be YYYY-MM-DD"
    assert case.get("expect") or case.get("forbid"), f"{where}: a case asserts something"
    for part in ("expect", "forbid"):
        facts = case.get(part) or []
        assert isinstance(facts, list), f"{where}: {part} must be a list"
        for fact in facts:
            check_partial_fact(where, fact, expected=part == "expect")


def check_partial_fact(where: str, fact: dict, expected: bool) -> None:
    assert isinstance(fact, dict), f"{where}: {fact!r} is not a mapping"
    kind = fact.get("type")
    assert kind in FIELDS, f"{where}: type must be one of {sorted(FIELDS)}: {fact}"
    extra = set(fact) - FIELDS[kind] - {"type", "province"}
    assert not extra, f"{where}: {kind} facts have no fields {extra}"
    for field, allowed in ENUMS.items():
        if field in fact and not (field == "kind" and kind != "event") and not (field == "award" and kind != "award"):
            for value in alternatives(fact[field]):
                assert value in allowed, f"{where}: {field}={value!r} not in {sorted(allowed)}"
    for field in ("year", "period", "rank"):
        for value in alternatives(fact.get(field, 0)):
            assert value is None or isinstance(value, int), f"{where}: {field} must be an int: {fact}"
    for value in alternatives(fact.get("date", "2000-01-01")):
        assert value is None or re.fullmatch(r"\d{4}-\d\d-\d\d", str(value)), f"{where}: date {value!r}"
        if value is not None:
            dt.date.fromisoformat(str(value))
    for field in NAME_FIELDS if expected else ():  # forbid lists may name raw abbreviations on purpose
        for value in alternatives(fact.get(field) or ""):
            tokens = [t for t in ABBREVIATION.findall(value) if not ROMAN.match(t)]
            assert not tokens, f"{where}: {field} {value!r} looks abbreviated ({tokens}); write it in full"


def same(field: str, wanted: object, given: object) -> bool:
    if isinstance(wanted, str) and isinstance(given, str):
        return key(wanted) == key(given)
    return wanted == given


@pytest.mark.parametrize(("name", "case"), CASES, ids=[c.get("id", "?") for _, c in CASES])
def test_expect_and_forbid_do_not_contradict(name: str, case: dict) -> None:
    """An expected fact that a forbid entry of the same case would match makes the case unpassable."""
    for wanted in case.get("expect") or []:
        for banned in case.get("forbid") or []:
            clash = all(
                field in wanted and any(same(field, b, w) for b in alternatives(value)
                                        for w in alternatives(wanted[field]))
                for field, value in banned.items()
            )
            assert not clash, f"{name}:{case['id']}: expect {wanted} is matched by forbid {banned}"


RUN = 16


NUMBERED = re.compile(r"(khoi|cum) thi dua so (\d+)")
ROMAN_NUMBERS = {str(i): r for i, r in enumerate(
    ["", "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii"]) if i}


def bloc_in_text(bloc: str, text_key: str) -> bool:
    """The bloc as written in the text, or the number form of a numbered bloc the text names."""
    if key(bloc) in text_key:
        return True
    numbered = NUMBERED.fullmatch(key(bloc))
    if not numbered:
        return False
    word, number = numbered.groups()
    forms = f"(?:{number}|{ROMAN_NUMBERS.get(number, number)})"
    return re.search(rf"\b{word}(?: thi dua)?(?: so)? {forms}\b", text_key) is not None


@pytest.mark.parametrize(("name", "case"), CASES, ids=[c.get("id", "?") for _, c in CASES])
def test_expected_blocs_are_the_texts_blocs(name: str, case: dict) -> None:
    """Blocs are written as the text writes them (numbered ones may use "Khối/Cụm thi đua số N")."""
    text_key = key(case["text"])
    for fact in case.get("expect") or []:
        if "bloc" in fact:
            assert any(bloc_in_text(b, text_key) for b in alternatives(fact["bloc"])), \
                f"{name}:{case['id']}: bloc {fact['bloc']!r} is not named so in the text"


def real_texts(shared: Path) -> list[str]:
    paths = sorted((shared / "seeds").glob("*.txt")) + sorted((shared / "dev" / "docs").glob("*.txt"))
    return [p.read_text(encoding="utf-8") for p in paths]


def real_sentences(shared: Path) -> list[str]:
    sentences = []
    for text in real_texts(shared):
        for piece in re.split(r"(?<=[.;:!?])\s+|\n+", text):
            piece = piece.strip()
            if len(piece) >= 60:
                sentences.append(key(piece))
    return sentences


def test_no_sentence_copied_from_the_real_articles(shared_dir: Path) -> None:
    """The cases are written in our own words: no long sentence of the seed/dev texts reappears,
    and no run of RUN words does either (shorter runs are the genre's formulas, e.g.
    "tổ chức hội nghị tổng kết công tác thi đua, khen thưởng năm 2019")."""
    sentences = real_sentences(shared_dir)
    assert sentences
    runs = set()
    for text in real_texts(shared_dir):
        words = key(text).split()
        runs.update(tuple(words[i:i + RUN]) for i in range(len(words) - RUN + 1))
    for name, case in CASES:
        folded = key(case["text"])
        copied = [s for s in sentences if s in folded]
        assert not copied, f"{name}:{case['id']}: copies a sentence of a real article: {copied[0][:80]}"
        words = folded.split()
        shared = [" ".join(words[i:i + RUN]) for i in range(len(words) - RUN + 1) if tuple(words[i:i + RUN]) in runs]
        assert not shared, f"{name}:{case['id']}: shares {RUN} words in a row with a real article: {shared[0]}"
