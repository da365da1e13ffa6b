"""The gazetteer the extractor and the graph resolver share (graph/gazetteer.py + ontology/gazetteer/)."""

from __future__ import annotations

from graph.gazetteer import load


def test_provinces_before_and_after_2025():
    g = load()
    old, new = g.provinces(), g.provinces(new=True)
    assert len(old) == 63 and len(new) == 34
    new_names = {p.name for p in new}
    assert all(p.merged_into in new_names for p in old)
    merged_away = [p for p in old if p.until]  # 52 old units -> 23 new: 29 ended (Huế was only renamed)
    assert len(merged_away) == 29 and all(p.merged_into != p.name for p in merged_away)
    assert g.province("Bắc Cạn").name == "Bắc Kạn" and g.province("Bắc Cạn").merged_into == "Thái Nguyên"
    assert g.province("tỉnh Đắc Lắc").name == "Đắk Lắk"


def test_canonical_names_from_variants():
    g = load()
    for written, name in [
        ("Sở NN&PTNT", "Sở Nông nghiệp và Phát triển nông thôn"),
        ("sở Kế hoạch đầu tư tỉnh Lạng Sơn", "Sở Kế hoạch và Đầu tư"),
        ("VP UBND tỉnh", "Văn phòng Ủy ban nhân dân tỉnh"),
        ("Sở LĐ-TB&XH", "Sở Lao động - Thương binh và Xã hội"),
        ("Sở VH-TT&DL", "Sở Văn hóa, Thể thao và Du lịch"),
        ("VKSND tỉnh", "Viện Kiểm sát nhân dân tỉnh"),
        ("Uỷ ban MTTQ Việt Nam tỉnh", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh"),
    ]:
        entry = g.canonical(written)
        assert entry is not None and entry.name == name, written
    assert g.canonical("Phòng Xây dựng chính quyền") is None


def test_lineage_of_merged_bodies():
    g = load()
    assert [e.name for e in g.lineage("so-ke-hoach-va-dau-tu")] == ["Sở Kế hoạch và Đầu tư", "Sở Tài chính"]
    assert g.lineage("so-tai-nguyen-va-moi-truong")[-1].name == "Sở Nông nghiệp và Môi trường"
    assert g.get("so-giao-thong-van-tai").valid_to == "2025-02-28"


def test_find_all_offsets_localities_and_longest_match():
    g = load()
    text = "Dự có Sở TN&MT Tiền Giang, Ủy ban MTTQ Việt Nam huyện Cẩm Mỹ và Ban Tuyên giáo Tỉnh ủy và Dân vận Tỉnh ủy."
    found = g.find_all(text)
    assert [m.name for m in found] == [
        "Sở Tài nguyên và Môi trường",
        "Ủy ban Mặt trận Tổ quốc Việt Nam huyện Cẩm Mỹ",
        "Ban Tuyên giáo và Dân vận Tỉnh ủy",
    ]
    assert found[0].province == "Tiền Giang"
    for m in found:
        assert text[m.start:m.end] == m.raw
