"""The RDF files, the facts file, the rotation tables and atomic writes (no browser)."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import openpyxl
import pytest
import rdflib
from rdflib.compare import isomorphic

from graph.exports import atomic, facts, rdf, tables


@pytest.mark.parametrize(("writer", "fmt"), [(rdf.turtle, "turtle"), (rdf.jsonld, "json-ld"), (rdf.ntriples, "nt")])
def test_rdf_files_parse_back_to_the_same_graph(rdf_graph, writer, fmt):
    back = rdflib.Graph().parse(data=writer(rdf_graph), format=fmt)
    assert len(back) == len(rdf_graph)
    assert isomorphic(back, rdf_graph)


def test_jsonld_uses_the_ontology_context(rdf_graph):
    document = json.loads(rdf.jsonld(rdf_graph))
    assert document["@context"] == rdf.context()
    assert any(node.get("@id", "").startswith("id:fact/") or "fact/" in node.get("@id", "")
               for node in document["@graph"])


def test_rdf_bytes_do_not_depend_on_insertion_order(rdf_graph):
    reversed_graph = rdflib.Graph()
    for triple in reversed(sorted(rdf_graph)):
        reversed_graph.add(triple)
    for writer in (rdf.turtle, rdf.jsonld, rdf.ntriples, facts.to_jsonl):
        assert writer(rdf_graph) == writer(reversed_graph), writer.__name__


def test_facts_have_the_facts_md_shape_with_sources(rdf_graph):
    records = [json.loads(line) for line in facts.to_jsonl(rdf_graph).decode().splitlines()]
    roles = {(r["bloc"], r["year"], r["role"], r["agency"]) for r in records if r["type"] == "role"}
    assert ("Khối thi đua Kinh tế – Kỹ thuật", 2020, "chair", "Sở Nông nghiệp và Phát triển nông thôn") in roles
    award = next(r for r in records if r["type"] == "award")
    assert (award["award"], award["year"], award["status"]) == ("co_thi_dua", 2019, "proposed")
    assert award["recipient"] == "Sở Giao thông vận tải"
    assert award["evidence"]["text"].startswith("Khối đề nghị")
    assert {Path(r["doc"]).name for r in records} == {"bac-kan-tong-ket.txt", "dao-may-tin.txt"}
    assert {r["type"] for r in records} == {"role", "award", "member", "event", "person"}


ROTATION = [
    {"province": "Đảo Mây", "bloc": "Khối 5", "years": [
        {"year": 2020, "chair": [{"agency": "Sở Mây Trắng", "sources": ["http://demo.test/dao-may/x"]}],
         "vice_chair": [], "awards": [], "conflict": False, "hint": None}]},
    {"province": "Bắc Kạn", "bloc": "Khối Kinh tế - Kỹ thuật", "years": [
        {"year": 2019, "chair": [{"agency": "Sở Công Thương", "sources": ["http://demo.test/a"]}], "vice_chair": [],
         "awards": [{"award": "co_thi_dua", "recipient": "Sở Giao thông vận tải", "status": "proposed", "rank": 1,
                     "sources": ["http://demo.test/b"]}], "conflict": False, "hint": None},
        {"year": 2020, "chair": [], "vice_chair": [], "awards": [], "conflict": False, "hint": "Sở X (suy luận)"},
        {"year": 2021, "chair": [{"agency": "Sở A", "sources": ["http://demo.test/c"]},
                                 {"agency": "Sở B", "sources": ["http://demo.test/d"]}],
         "vice_chair": [], "awards": [], "conflict": True, "hint": None}]},
]


def test_xlsx_has_a_sheet_per_province_a_row_per_bloc_year_and_linked_sources():
    wb = openpyxl.load_workbook(io.BytesIO(tables.to_xlsx(ROTATION)))
    assert wb.sheetnames == ["Bắc Kạn", "Đảo Mây"]
    ws = wb["Bắc Kạn"]
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=2)]
    assert [r[2] for r in rows] == [2019, 2020, 2021]
    assert rows[0][3] == "Sở Công Thương"
    assert "Cờ thi đua: Sở Giao thông vận tải (đề nghị, hạng 1)" == rows[0][5]
    assert rows[1][7] == "có" and rows[1][8] == "Sở X (suy luận)"        # the gap keeps its row, the hint is marked
    assert rows[2][6] == "có"                                             # the conflict is flagged
    linked = {c.hyperlink.target for row in ws.iter_rows(min_row=2) for c in row if c.hyperlink}
    assert linked == {"http://demo.test/a", "http://demo.test/b", "http://demo.test/c", "http://demo.test/d"}


def test_csv_and_xlsx_are_byte_stable():
    assert tables.to_xlsx(ROTATION) == tables.to_xlsx(list(reversed(ROTATION)))
    assert tables.to_csv(ROTATION) == tables.to_csv(list(reversed(ROTATION)))
    text = tables.to_csv(ROTATION).decode("utf-8-sig")
    assert text.splitlines()[1].startswith("Bắc Kạn,Khối Kinh tế - Kỹ thuật,2019,Sở Công Thương")


def test_an_interrupted_write_leaves_the_old_file_and_no_temporary(tmp_path: Path, monkeypatch):
    target = tmp_path / "graph.ttl"
    atomic.write_bytes(target, b"old complete file\n")

    def broken_replace(src, dst):
        raise KeyboardInterrupt  # the user pressed Ctrl-C between writing and renaming

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(KeyboardInterrupt):
        atomic.write_bytes(target, b"new " * 100_000)
    assert target.read_bytes() == b"old complete file\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.ttl"]


def test_jsonld_keeps_literals_that_do_not_fit_the_context(capsys):
    # the context says a headline has no language; a graph that tags one still reads back the same
    g = rdflib.Graph()
    g.add((rdflib.URIRef("http://demo.test/a"), rdflib.URIRef("http://schema.org/headline"),
           rdflib.Literal("Tin có gắn ngôn ngữ", lang="vi")))
    back = rdflib.Graph().parse(data=rdf.jsonld(g), format="json-ld")
    assert isomorphic(back, g)
    assert "expanded form" in capsys.readouterr().err
