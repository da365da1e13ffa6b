"""Bloc names as written out: one bloc keeps one name within an article (exact strings, which the
case files cannot check: their matching rule ignores a trailing "tỉnh <Province>")."""

from __future__ import annotations

from graph.extract import extract_text

TEXT = """Khối thi đua Nội chính tổng kết năm 2021
Sáng 12/01/2022, Khối thi đua Nội chính tỉnh Cao Bằng tổ chức hội nghị tổng kết năm 2021. Công an tỉnh, \
đơn vị Khối trưởng năm 2021, chủ trì hội nghị. Hội nghị bầu Sở Tư pháp làm Khối trưởng năm 2022.
"""


def _blocs(text: str) -> set[str]:
    return {f["bloc"] for f in extract_text(text, doc="t") if f.get("bloc")}


def test_the_short_form_wins_where_the_article_writes_both():
    assert _blocs(TEXT) == {"Khối thi đua Nội chính"}


def test_a_bloc_always_written_with_its_province_keeps_it():
    text = TEXT.replace("Khối thi đua Nội chính tổng kết", "Hội nghị tổng kết")
    assert _blocs(text) == {"Khối thi đua Nội chính tỉnh"}
