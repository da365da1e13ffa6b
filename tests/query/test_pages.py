"""The HTML pages: served over loopback, read in headless Chromium (Debian's, via Playwright)."""

from __future__ import annotations

import urllib.parse
import urllib.request

import pytest
from query_support import demo_graph, start_server

from graph.store import open_store

KTKT = "https://w3id.org/thidua/id/bloc/bac-kan/khoi-kinh-te-ky-thuat"


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.read().decode("utf-8")


def test_pages_answer(demo_server):
    base = demo_server.url
    assert "Bắc Kạn" in fetch(f"{base}/") and "Đảo Mây" in fetch(f"{base}/")
    found = fetch(f"{base}/search?q=KT-KT")
    assert "Khối thi đua Kinh tế - Kỹ thuật" in found
    history = fetch(f"{base}/agency?name=" + urllib.parse.quote("Sở Nông nghiệp và Môi trường"))
    assert "Sở Nông nghiệp và Phát triển nông thôn" in history and "2020" in history
    fact = fetch(f"{base}/fact?iri=https://w3id.org/thidua/id/fact/a000000000000001")
    assert "khối trưởng năm 2019" in fact and 'href="http://demo.test/bac-kan/tong-ket-2019"' in fact
    listing = fetch(f"{base}/queries")
    assert "Every chair of a province in a year" in listing
    ran = fetch(f"{base}/query?name=chairs-in-year&province=Bac+Kan&year=2020&run=1")
    assert "Ban Quản lý dự án giao thông tỉnh" in ran and "2 dòng" in ran


def test_graph_view_of_a_bloc(demo_server):
    """The bloc page links the views engineer's interactive graph, narrowed to that bloc."""
    page = fetch(f"{demo_server.url}/bloc?iri={urllib.parse.quote(KTKT)}")
    link = page.split('class="graph-link" href="', 1)[1].split('"', 1)[0].replace("&amp;", "&")
    view = fetch(demo_server.url + link)
    assert "vis.Network" in view or "vis-network" in view
    assert "Sở Công Thương" in view and "Sở Cát Vàng" not in view  # only the selected bloc


def test_scraped_text_is_escaped(demo_server):
    """The demo sentence of fact …002 holds '<Ban QLDA giao thông>' and '&': shown as text, not markup."""
    html = fetch(f"{demo_server.url}/bloc?iri={urllib.parse.quote(KTKT)}")
    assert "&lt;Ban QLDA giao thông&gt;" in html and "<Ban QLDA" not in html
    assert "NN&amp;PTNT" in html


def test_unsafe_source_is_not_a_link(tmp_path):
    g = demo_graph()
    from rdflib import URIRef
    from rdflib.namespace import PROV
    g.add((URIRef("https://w3id.org/thidua/id/fact/a000000000000004"), PROV.wasDerivedFrom,
           URIRef("javascript:alert(1)")))
    store = open_store("oxigraph:")
    store.add(g)
    server = start_server(store)
    try:
        html = fetch(f"{server.url}/bloc?iri={urllib.parse.quote(KTKT)}")
        assert "javascript:" not in html
    finally:
        server.stop()
        store.close()


def test_rotation_page_in_chromium(demo_server, browser):
    context = browser.new_context(viewport={"width": 390, "height": 844})  # a phone
    opened: list[str] = []

    def source_page(route):
        opened.append(route.request.url)
        route.fulfill(status=200, content_type="text/html; charset=utf-8",
                      body="<html><head><title>bài gốc</title></head><body>bài gốc</body></html>")

    context.route("http://demo.test/**", source_page)
    page = context.new_page()
    page.goto(f"{demo_server.url}/")
    page.get_by_role("link", name="Khối thi đua Kinh tế - Kỹ thuật").click()
    table = page.locator("table#rotation")
    table.wait_for()
    rows = table.locator("tbody tr")
    assert rows.count() == 5
    assert rows.nth(0).locator("th").inner_text().startswith("2019")
    assert "Sở Công Thương" in rows.nth(0).inner_text()
    assert "Chưa rõ" in rows.nth(2).inner_text()  # 2021: a gap
    assert "Sở Xây dựng" in rows.nth(4).inner_text()
    # usable on a phone: the page itself does not scroll sideways (the table scrolls in its box)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    # the 2019 chair's fact: its sentence is on the page, its source opens on click
    first_fact = rows.nth(0).locator("td").nth(0).locator(".fact").first
    assert "khối trưởng năm 2019" in first_fact.inner_text()
    with context.expect_page() as popup_info:
        first_fact.locator("a.source").click()
    popup = popup_info.value
    popup.wait_for_load_state()
    assert popup.url == "http://demo.test/bac-kan/tong-ket-2019"
    assert popup.title() == "bài gốc"
    assert opened == ["http://demo.test/bac-kan/tong-ket-2019"]
    context.close()


def test_search_box_in_chromium(demo_server, browser):
    page = browser.new_page()
    page.goto(f"{demo_server.url}/")
    page.fill("input[name=q]", "khoi 5")
    page.press("input[name=q]", "Enter")
    page.get_by_role("link", name="Khối thi đua số 5").click()
    page.locator("table#rotation").wait_for()
    assert "nguồn mâu thuẫn" in page.locator("tr[data-year='2021']").inner_text()
    assert "Gợi ý" in page.locator("tr[data-year='2020']").inner_text()
    page.close()


@pytest.mark.parametrize("path", ["/bloc?name=nothing-like-this", "/fact?iri=http://x/none", "/query?name=nope"])
def test_missing_things_are_404(demo_server, path):
    with pytest.raises(urllib.error.HTTPError) as info:
        fetch(demo_server.url + path)
    assert info.value.code == 404
