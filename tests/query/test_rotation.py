"""The rotation table: seats, sources, gaps, conflicts, hints, and the command line."""

from __future__ import annotations

import io
import json

import pytest
from openpyxl import load_workbook
from query_support import thidua

from graph.lookup import LookupFailed
from graph.rotation import rotation

TG = "http://demo.test/bac-kan/tong-ket-2019"
SK = "http://demo.test/bac-kan/so-ket-2023"


def test_bac_kan_table(demo_store):
    data = rotation(demo_store, "Kinh tế - Kỹ thuật", "Bắc Kạn").to_json()
    assert data["province"] == "Bắc Kạn" and data["bloc"] == "Khối thi đua Kinh tế - Kỹ thuật"
    years = {y["year"]: y for y in data["years"]}
    assert sorted(years) == [2019, 2020, 2021, 2022, 2023]
    assert years[2019]["chair"] == [{"agency": "Sở Công Thương", "sources": [TG]}]
    assert years[2020]["vice_chair"] == [{"agency": "Ban Quản lý dự án giao thông tỉnh", "sources": [TG]}]
    assert years[2023]["chair"] == [{"agency": "Sở Xây dựng", "sources": [SK]}]
    for gap in (2021, 2022):
        assert years[gap]["chair"] == [] and years[gap]["vice_chair"] == [] and years[gap]["hint"] is None
    assert {(a["award"], a["recipient"], a["status"]) for a in years[2019]["awards"]} == {
        ("co_thi_dua", "Sở Giao thông vận tải", "proposed"), ("bang_khen", "Sở Xây dựng", "proposed")}
    assert not any(y["conflict"] for y in data["years"])


def test_json_shape_is_exactly_the_issue_s(demo_store):
    data = rotation(demo_store, "KT-KT").to_json()
    assert set(data) == {"province", "bloc", "years"}
    for y in data["years"]:
        assert set(y) == {"year", "chair", "vice_chair", "awards", "conflict", "hint"}
        for seat in y["chair"] + y["vice_chair"]:
            assert set(seat) == {"agency", "sources"}
        for award in y["awards"]:
            assert set(award) == {"award", "recipient", "status", "rank", "sources"}


def test_conflict_and_inferred_hint(demo_store):
    years = {y["year"]: y for y in rotation(demo_store, "khoi 5").to_json()["years"]}
    assert years[2021]["conflict"] is True
    assert {c["agency"] for c in years[2021]["chair"]} == {"Sở Sóng Biếc", "Sở Cát Vàng"}
    # 2018's vice-chair chaired 2019, so 2020 (unknown) hints at 2019's vice-chair, as inferred
    assert years[2020]["chair"] == []
    assert "Sở Sóng Biếc" in years[2020]["hint"] and "inferred" in years[2020]["hint"]
    assert years[2019]["hint"] is None


def test_no_hint_without_precedent(demo_store):
    """Bắc Kạn's record never shows a vice-chair chairing next: 2021 gets no hint."""
    years = {y["year"]: y for y in rotation(demo_store, "KT-KT").to_json()["years"]}
    assert years[2021]["hint"] is None


def test_year_window(demo_store):
    data = rotation(demo_store, "KT-KT", year_from=2020, year_to=2024).to_json()
    assert [y["year"] for y in data["years"]] == [2020, 2021, 2022, 2023, 2024]
    assert data["years"][-1]["chair"] == []


def test_unknown_and_ambiguous_say_so(demo_store):
    with pytest.raises(LookupFailed, match="matches 2"):
        rotation(demo_store, "kinh")
    with pytest.raises(LookupFailed, match="no province matches"):
        rotation(demo_store, "KT-KT", "Atlantis")


def test_command_json(demo_store_dir):
    out = thidua("rotation", "--store", str(demo_store_dir), "--province", "Bắc Kạn", "--bloc", "KT-KT",
                 "--format", "json")
    data = json.loads(out.stdout)
    assert [y["year"] for y in data["years"]] == [2019, 2020, 2021, 2022, 2023]


def test_command_table_csv_xlsx(demo_store_dir, tmp_path):
    table = thidua("rotation", "--store", str(demo_store_dir), "--bloc", "khoi 5").stdout.decode()
    assert "CONFLICT" in table and "inferred" in table and "http://demo.test/dao-may/a1" in table
    csv_text = thidua("rotation", "--store", str(demo_store_dir), "--bloc", "KT-KT", "--format", "csv").stdout
    assert "Sở Công Thương" in csv_text.decode("utf-8-sig")
    out = tmp_path / "r.xlsx"
    thidua("rotation", "--store", str(demo_store_dir), "--all", "--format", "xlsx", "--out", str(out))
    book = load_workbook(io.BytesIO(out.read_bytes()))
    cells = " | ".join(str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row)
    assert "Sở Xây dựng" in cells and "Sở Cát Vàng" in cells and "Đảo Mây" in cells


def test_command_all_and_errors(demo_store_dir, tmp_path):
    everything = json.loads(thidua("rotation", "--store", str(demo_store_dir), "--all", "--format", "json").stdout)
    assert {t["bloc"] for t in everything} == {"Khối thi đua Kinh tế - Kỹ thuật", "Khối thi đua số 5",
                                                "Khối Văn hóa - Xã hội", "Khối Kinh tế"}
    bad = thidua("rotation", "--store", str(demo_store_dir), "--bloc", "kinh", check=False)
    assert bad.returncode == 1 and b"matches 2" in bad.stderr and b"Traceback" not in bad.stderr
    missing = thidua("rotation", "--store", str(tmp_path / "nothing"), "--bloc", "x", check=False)
    assert missing.returncode == 1 and b"thidua build" in missing.stderr and b"Traceback" not in missing.stderr


def test_rdflib_memory_store_answers_the_same(demo_store):
    """The benchmark's baseline must answer what Oxigraph answers, or its timings mean nothing."""
    from query_support import demo_graph

    from graph.store import open_store

    memory = open_store("memory:")
    memory.add(demo_graph())
    for bloc, province in (("KT-KT", "Bắc Kạn"), ("khoi 5", None)):
        assert rotation(memory, bloc, province).to_json() == rotation(demo_store, bloc, province).to_json()


def test_hint_uses_the_whole_record_even_in_a_window(demo_store):
    """The precedent (2018 -> 2019) lies outside the window 2020-2021; the 2020 hint remains."""
    years = rotation(demo_store, "khoi 5", year_from=2020, year_to=2021).to_json()["years"]
    assert [y["year"] for y in years] == [2020, 2021]
    assert "Sở Sóng Biếc" in years[0]["hint"]
