"""Evidence offsets index the text extracted from, and the span states the fact."""

from __future__ import annotations

from pathlib import Path

from graph.extract import extract_text
from graph.extract.files import read_article
from thidua.text import fold, key


def _check(text: str, facts: list[dict]) -> None:
    for f in facts:
        ev = f["evidence"]
        assert text[ev["start"]:ev["end"]] == ev["text"], f
        span = key(ev["text"])
        if f["type"] == "role":
            assert "truong" in span or "pho" in span, f
        if f["type"] == "award":
            low = fold(ev["text"])
            assert any(w in low for w in ("cơ", "băng khen", "giây khen", "huân chương")), f


def test_offsets_on_real_articles(shared_dir):
    paths = sorted((shared_dir / "seeds").glob("*.txt")) + sorted((shared_dir / "dev" / "docs").glob("*.txt"))
    seen = 0
    for path in paths:
        text = read_article(str(path))
        facts = extract_text(text, doc=path.stem)
        _check(text, facts)
        seen += sum(f["type"] in ("role", "award") for f in facts)
    assert seen > 20


def test_offsets_on_own_text():
    text = ("Khối thi đua số 3 tổng kết năm 2022\nNgày 10/01/2023, Khối thi đua số 3 tổng kết năm 2022. "
            "Hội nghị đề nghị UBND tỉnh tặng Cờ thi đua cho Sở Y tế và bầu Sở Tư pháp làm Khối trưởng năm 2023.")
    facts = extract_text(text, doc="own")
    assert {f["type"] for f in facts} >= {"role", "award"}
    _check(text, facts)


def test_nfd_input_is_cleaned_and_offsets_index_the_clean_text():
    import unicodedata

    text = unicodedata.normalize("NFD", "Khối 5 tổng kết năm 2021\nKhối 5 gồm: Sở Tài chính (Trưởng khối), Sở Tư pháp.")
    facts = extract_text(text, doc="nfd")
    clean = unicodedata.normalize("NFC", text)
    assert any(f["type"] == "role" and f["agency"] == "Sở Tài chính" for f in facts)
    _check(clean, facts)


def test_deterministic():
    path = Path(__file__).with_name("cases.yaml")
    text = path.read_text(encoding="utf-8")
    assert extract_text(text, doc="x") == extract_text(text, doc="x")
