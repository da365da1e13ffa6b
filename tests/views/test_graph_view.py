"""The graph page in headless Chromium: it draws its nodes, filters, stays offline, shows
scraped text as text. Plus the page checks that need no browser."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest
from pyvis.network import Network

from graph.views import page
from graph.views.evidence import EvidenceIndex
from graph.views.graphview import Selection, graph_page, view_graph, write_graph_view

SCRIPT_TITLE = "<script>alert(1)</script>"
DAO_MAY_ARTICLE = (Path(__file__).with_name("fixtures") / "dao-may-tin.txt").resolve().as_uri()


@pytest.fixture
def view_file(rdf_graph, tmp_path: Path) -> Path:
    out = tmp_path / "graph.html"
    write_graph_view(rdf_graph, out)
    return out


def wait_drawn(p) -> None:
    # a selector, not wait_for_function: the page's CSP forbids the eval that polling would use
    p.wait_for_selector("body[data-stabilized='true']", state="attached", timeout=30_000)


def test_pyvis_own_in_line_page_still_links_a_cdn_and_ours_does_not(rdf_graph, tmp_path):
    net = Network(cdn_resources="in_line")
    net.add_node(1, label="a")
    assert page.external_refs(net.generate_html()), "pyvis's template links Bootstrap from a CDN (#228/#229)"
    html = graph_page(view_graph(rdf_graph), EvidenceIndex(rdf_graph)).html
    assert page.external_refs(html) == []
    with pytest.raises(page.PageError):
        page.write_page(tmp_path / "bad.html", '<link rel="stylesheet" href="https://cdn.example/x.css">')
    assert not (tmp_path / "bad.html").exists()


def test_scraped_text_never_reaches_the_html_as_markup(rdf_graph):
    html = graph_page(view_graph(rdf_graph), EvidenceIndex(rdf_graph)).html
    assert SCRIPT_TITLE not in html and "<img src=x" not in html
    assert "\\u003cscript\\u003ealert(1)" in html      # present, as JSON escapes inside the data block


def test_the_page_renders_its_nodes_offline_without_errors(browser, view_file, rdf_graph, open_page, assert_clean):
    g = view_graph(rdf_graph)
    p, seen = open_page(view_file.as_uri())
    wait_drawn(p)
    assert p.evaluate("thiduaView.nodeView.length") == g.number_of_nodes()
    assert p.evaluate("thiduaView.edgeView.length") == g.number_of_edges()
    drawn = p.evaluate("""() => {
        const c = document.querySelector('#network canvas');
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let ink = 0;
        for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 0 && (d[i] < 200 || d[i + 1] < 200 || d[i + 2] < 200)) ink++;
        return ink;
    }""")
    assert drawn > 1000, "the canvas is blank"
    legend = p.inner_text(".legend")
    assert "Khối / Cụm thi đua" in legend and "Cơ quan, đơn vị" in legend
    assert_clean(seen)


def test_a_filter_changes_what_is_shown(browser, view_file, open_page, assert_clean):
    p, seen = open_page(view_file.as_uri())
    wait_drawn(p)
    everything = set(p.evaluate("thiduaView.visibleNodeIds()"))
    p.select_option("#filter-province", label="Đảo Mây")
    shown = set(p.evaluate("thiduaView.visibleNodeIds()"))
    assert shown and shown < everything
    assert not any("/bac-kan/" in n for n in shown)
    assert "https://w3id.org/thidua/id/bloc/dao-may/khoi-5" in shown
    p.select_option("#filter-province", value="")
    p.select_option("#filter-year", value="2019")
    in_2019 = set(p.evaluate("thiduaView.visibleNodeIds()"))
    assert "https://w3id.org/thidua/id/agency/bac-kan/so-cong-thuong" in in_2019
    assert "https://w3id.org/thidua/id/agency/dao-may/so-may-trang" not in in_2019
    assert DAO_MAY_ARTICLE not in in_2019
    assert DAO_MAY_ARTICLE.replace("dao-may-tin", "bac-kan-tong-ket") in in_2019   # its facts are of 2019
    p.select_option("#filter-year", value="")
    p.select_option("#filter-bloc", label="Khối thi đua Kinh tế – Kỹ thuật")
    in_bloc = set(p.evaluate("thiduaView.visibleNodeIds()"))
    kinds = p.evaluate("(ids) => ids.map(id => thiduaView.nodes.get(id).type)", sorted(in_bloc))
    assert {"bloc", "year", "agency", "award", "article"} <= set(kinds)
    assert not any("/dao-may/" in n for n in in_bloc)
    assert "Đang hiển thị" in p.inner_text("#counter")
    p.click("#filter-reset")
    assert set(p.evaluate("thiduaView.visibleNodeIds()")) == everything
    assert_clean(seen)


def _click_node(p, node_id: str) -> None:
    x, y = p.evaluate("""(id) => {
        const net = thiduaView.network, pos = net.canvasToDOM(net.getPositions([id])[id]);
        const box = document.querySelector('#network').getBoundingClientRect();
        return [box.left + pos.x, box.top + pos.y];
    }""", node_id)
    p.mouse.move(x, y)
    p.mouse.click(x, y)


def test_an_injected_title_shows_as_text(browser, view_file, open_page, assert_clean):
    p, seen = open_page(view_file.as_uri())
    wait_drawn(p)
    _click_node(p, DAO_MAY_ARTICLE)
    details = p.locator("#details")
    assert SCRIPT_TITLE in details.inner_text()
    assert p.locator("#details script").count() == 0
    _click_node(p, "https://w3id.org/thidua/id/agency/dao-may/so-may-trang")
    assert "<img src=x onerror=alert(2)>" in details.inner_text()      # the sentence, as text
    assert p.locator("#details img").count() == 0
    assert p.locator(f"#details a[href='{DAO_MAY_ARTICLE}']").count() >= 1   # the source link
    p.wait_for_timeout(400)   # the hover tooltip, built from DOM text as well
    assert p.locator("div.vis-tooltip img").count() == 0
    assert_clean(seen)


def _big_graph() -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    for b in range(3):
        bloc = f"https://w3id.org/thidua/id/bloc/dao-may/khoi-{b}"
        g.add_node(bloc, type="bloc", label=f"Khối {b}", province="Đảo Mây")
        for a in range(40):
            agency = f"https://w3id.org/thidua/id/agency/dao-may/so-{b}-{a}"
            g.add_node(agency, type="agency", label=f"Sở {b}-{a}", province="Đảo Mây")
            g.add_edge(agency, bloc, relation="member")
            g.add_edge(agency, bloc, relation="chair" if a % 10 == 0 else "member", year=2015 + a % 10)
    return g


def test_a_large_graph_is_aggregated_and_says_so(browser, tmp_path, open_page, assert_clean):
    result = graph_page(_big_graph(), EvidenceIndex(None), max_nodes=50)
    assert result.aggregated and result.total_nodes == 123 and result.nodes < 50
    out = tmp_path / "big.html"
    page.write_page(out, result.html)
    p, seen = open_page(out.as_uri())
    wait_drawn(p)
    notice = p.inner_text("#notice")
    assert "Đồ thị có 123 nút, quá nhiều" in notice and "dạng gộp: mỗi khối một nút, mỗi năm" in notice
    assert p.evaluate("thiduaView.nodeView.length") == result.nodes
    assert_clean(seen)


def test_coarser_aggregation_when_bloc_years_do_not_fit():
    g = _big_graph()
    by_bloc = graph_page(g, EvidenceIndex(None), max_nodes=20)
    assert by_bloc.nodes == 3 and "mỗi khối một nút (" in by_bloc.html
    by_province = graph_page(g, EvidenceIndex(None), max_nodes=2)
    assert by_province.nodes == 1 and "mỗi tỉnh một nút" in by_province.html


def test_selection_keeps_a_province_a_bloc_a_year(rdf_graph):
    g, index = view_graph(rdf_graph), EvidenceIndex(rdf_graph)
    whole = graph_page(g, index).nodes
    one = graph_page(g, index, sel=Selection(province="Bac Kan"))
    assert 0 < one.nodes < whole
    bloc = graph_page(g, index, sel=Selection(bloc="khoi 5"))
    assert 0 < bloc.nodes < whole and "Khối thi đua số 5" in bloc.html
    assert graph_page(g, index, sel=Selection(year=1999)).nodes == 0


@pytest.mark.parametrize(("url", "kept"), [
    ("http://demo.test/a", True), ("file:///tmp/a.txt", True), ("timeline/bac-kan--khoi-5.html", True),
    ("javascript:alert(1)", False), ("JaVaScRiPt:alert(1)", False), ("data:text/html,<script>", False),
    ("//evil.example/x.html", False), ("vbscript:x", False), ("", False),
])
def test_only_web_file_and_relative_page_links_are_made(url, kept):
    from graph.views.graphview import safe_url

    assert (safe_url(url) is not None) is kept
