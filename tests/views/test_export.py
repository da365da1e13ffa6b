"""`thidua export` end to end on a real (in-memory Oxigraph) store: every file, twice, byte-identical;
the XLSX holds every bloc's rotation; the timeline pages open offline in Chromium."""

from __future__ import annotations

import argparse
import io
from pathlib import Path

import networkx as nx
import openpyxl
import pytest
import rdflib
from rdflib.compare import isomorphic

from graph.exports.command import export
from graph.rotation import all_blocs, rotation_of

EXPECTED = ["facts.jsonl", "graph.gexf", "graph.graphml", "graph.jsonld", "graph.nt", "graph.ttl",
            "rotation.csv", "rotation.xlsx", "views/graph.html", "views/timeline/index.html"]


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def exported(store, tmp_path: Path) -> Path:
    export(store, tmp_path / "a")
    return tmp_path / "a"


def test_export_writes_every_file_and_twice_gives_the_same_bytes(store, exported, tmp_path):
    first = _files(exported)
    assert set(EXPECTED) <= set(first)
    assert len([n for n in first if n.startswith("views/timeline/")]) == 1 + len(all_blocs(store))
    assert not [n for n in first if n.rsplit("/", 1)[-1].startswith(".")], "a temporary file was left"
    export(store, tmp_path / "b")
    second = _files(tmp_path / "b")
    assert first.keys() == second.keys()
    assert [n for n in first if first[n] != second[n]] == []


def test_an_export_removes_the_temporaries_a_killed_export_left(store, tmp_path):
    out = tmp_path / "out"
    (out / "views").mkdir(parents=True)
    (out / ".graph.ttl.abc123.part").write_bytes(b"half a file")
    (out / "views" / ".graph.html.def456.part").write_bytes(b"<html")
    (out / "notes.txt").write_text("a user's own file")
    export(store, out)
    assert not list(out.rglob("*.part"))
    assert (out / "notes.txt").read_text() == "a user's own file"


def test_turtle_and_jsonld_parse_back_to_the_stored_graph(store, exported):
    stored = store.graph()
    for name, fmt in (("graph.ttl", "turtle"), ("graph.jsonld", "json-ld"), ("graph.nt", "nt")):
        assert isomorphic(rdflib.Graph().parse(exported / name, format=fmt), stored), name


def test_graphml_and_gexf_hold_the_projection(exported):
    for name, reader in (("graph.graphml", nx.read_graphml), ("graph.gexf", nx.read_gexf)):
        g = reader(exported / name)
        types = {d.get("type") for _, d in g.nodes(data=True)}
        assert {"agency", "bloc"} <= types, name
        assert g.number_of_edges() > 0
    assert b"lastmodifieddate=\"2026-11-02\"" in (exported / "graph.gexf").read_bytes()  # from the data, not the clock


def test_the_workbook_holds_the_rotation_of_every_bloc(store, exported):
    wb = openpyxl.load_workbook(io.BytesIO((exported / "rotation.xlsx").read_bytes()))
    found = {}
    for ws in wb.worksheets:
        for row in ws.iter_rows(min_row=2, values_only=True):
            found.setdefault((ws.title, row[1]), {})[row[2]] = row[3]
    for bloc in all_blocs(store):
        rot = rotation_of(store, bloc)
        years = found[(rot.province, rot.bloc)]
        assert sorted(years) == [y.year for y in rot.years]
        for y in rot.years:
            assert (years[y.year] or "") == "; ".join(sorted(h.agency for h in y.chair))
    assert found[("Bắc Kạn", "Khối thi đua Kinh tế – Kỹ thuật")][2020] == "Sở Nông nghiệp và Phát triển nông thôn"


def test_timeline_pages_open_offline_and_show_the_rotation(browser, exported, open_page, assert_clean):
    p, seen = open_page((exported / "views/timeline/index.html").as_uri())
    p.click("text=Khối thi đua Kinh tế – Kỹ thuật")
    p.wait_for_selector("table.timeline")
    heads = p.locator("table.timeline thead th").all_inner_texts()
    assert heads == ["Năm", "2019", "2020"]
    chair = p.locator("tr.chair td").all_inner_texts()
    assert "Sở Công Thương" in chair[0] and "Sở Nông nghiệp và Phát triển nông thôn" in chair[1]
    assert "Ban Quản lý dự án giao thông tỉnh" in p.locator("tr.vice_chair td").all_inner_texts()[1]
    assert "★ Cờ thi đua: Sở Giao thông vận tải" in p.locator("tr.awards td").all_inner_texts()[0]
    assert "Các thành viên chọn Sở NN&PTNT làm khối trưởng năm 2020." in p.inner_text(".sources")
    assert_clean(seen)


def test_timeline_shows_an_injected_sentence_as_text(browser, exported, open_page, assert_clean):
    page_file = next((exported / "views/timeline").glob("dao-may--*.html"))
    assert b"<img src=x" not in page_file.read_bytes()
    p, seen = open_page(page_file.as_uri())
    assert "<img src=x onerror=alert(2)>" in p.inner_text(".sources")
    assert p.locator(".sources img").count() == 0
    assert_clean(seen)


def test_export_of_an_empty_store_says_what_to_do(tmp_path, capsys):
    from graph.exports.command import main

    status = main(argparse.Namespace(store=str(tmp_path / "nothing"), out=str(tmp_path / "out")))
    err = capsys.readouterr().err
    assert status == 1 and "Traceback" not in err
    assert "thidua build" in err or "store" in err


def test_the_facts_file_builds_back_into_the_same_rotation(store, exported):
    from graph.build import build
    from graph.store import open_store

    again = open_store("oxigraph:")
    summary = build([exported / "facts.jsonl"], store=again, judgements=False)
    assert summary.problems == []

    def tables(s):
        return sorted((r.province, r.bloc, str(r.to_json())) for r in (rotation_of(s, b) for b in all_blocs(s)))

    assert tables(again) == tables(store)
    again.close()


def test_the_exported_graph_links_each_bloc_to_its_timeline(browser, exported, open_page, assert_clean):
    p, seen = open_page((exported / "views/graph.html").as_uri())
    p.wait_for_selector("body[data-stabilized='true']", state="attached", timeout=30_000)
    bloc = "https://w3id.org/thidua/id/bloc/bac-kan/khoi-kinh-te-ky-thuat"
    x, y = p.evaluate("""(id) => {
        const net = thiduaView.network, pos = net.canvasToDOM(net.getPositions([id])[id]);
        const box = document.querySelector('#network').getBoundingClientRect();
        return [box.left + pos.x, box.top + pos.y]; }""", bloc)
    p.mouse.click(x, y)
    link = p.locator("#details a", has_text="Dòng thời gian")
    assert link.get_attribute("href").startswith("timeline/bac-kan--")
    link.evaluate("a => a.removeAttribute('target')")   # open it in this page
    link.click()
    p.wait_for_selector("table.timeline")
    assert "Khối thi đua Kinh tế – Kỹ thuật" in p.inner_text("h1")
    assert_clean(seen)
