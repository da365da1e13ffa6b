"""A bloc written with its province ('… tỉnh Bắc Kạn', '(tỉnh X)', '- tỉnh X') is the same bloc."""

from __future__ import annotations

import json

import pytest
from graph_support import rows as select

from graph.build import build
from graph.resolve import bloc_key, without_place
from graph.store import open_store


@pytest.mark.parametrize("written, province, short", [
    ("Khối thi đua Kinh tế – Kỹ thuật tỉnh Bắc Kạn", None, "Khối thi đua Kinh tế – Kỹ thuật"),
    ("Khối thi đua Kinh tế – Kỹ thuật tỉnh", None, "Khối thi đua Kinh tế – Kỹ thuật"),
    ("Khối thi đua 1 - tỉnh Sóc Trăng", None, "Khối thi đua 1"),
    ("Khối thi đua số 5 (tỉnh Sơn Hà Mẫu)", "Sơn Hà Mẫu", "Khối thi đua số 5"),   # the bloc's own province
    ("Khối thi đua Văn hóa – Xã hội tỉnh Quê Ngoại", None, "Khối thi đua Văn hóa – Xã hội tỉnh Quê Ngoại"),
    ("Khối tỉnh", None, "Khối tỉnh"),
])
def test_without_place(written, province, short):
    assert without_place(written, province) == short


def test_one_bloc_whether_or_not_the_province_is_written(tmp_path):
    facts = tmp_path / "facts.jsonl"
    rows = [
        {"doc": "a1", "type": "role", "bloc": "Khối thi đua Văn hóa – Xã hội", "year": 2020, "role": "chair",
         "agency": "Sở Y tế", "province": "Bắc Kạn"},
        {"doc": "a2", "type": "role", "bloc": "Khối thi đua Văn hóa – Xã hội tỉnh Bắc Kạn", "year": 2021,
         "role": "chair", "agency": "Sở Giáo dục và Đào tạo", "province": "Bắc Kạn"},
    ]
    facts.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    with open_store("oxigraph:") as store:
        build([facts], store=store, judgements=tmp_path / "j.jsonl")
        blocs = select(store, "SELECT DISTINCT ?b ?l WHERE { ?b a thd:Bloc ; skos:prefLabel ?l }")
    assert [str(r["l"]) for r in blocs] == ["Khối thi đua Văn hóa – Xã hội"]
    assert bloc_key("Khối thi đua số 5")[2] == 5
