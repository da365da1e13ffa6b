"""Make the README's screenshots from the demo graph (run after `make run`):

    .venv/bin/python docs/screenshots.py [--store data/graph]

Writes docs/graph-view.png (the graph of one demo bloc, a node's card open) and
docs/timeline.png (that bloc's timeline), with Debian's headless Chromium.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from graph.store import open_store
from graph.views.graphview import Selection, write_graph_view
from graph.views.timeline import file_name, timeline_page

DOCS = Path(__file__).resolve().parent
PROVINCE, BLOC = "Sơn Hà Mẫu", "khoi 5"
NODE = "https://w3id.org/thidua/id/agency/son-ha-mau/so-tai-chinh"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--store", default="data/graph")
    args = parser.parse_args()
    from graph.rotation import rotation

    store = open_store(args.store, read_only=True)
    rdf = store.graph()
    rot = rotation(store, BLOC, PROVINCE)
    store.close()
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        graph_html, timeline_html = Path(tmp) / "graph.html", Path(tmp) / file_name(rot)
        write_graph_view(rdf, graph_html, sel=Selection(province=PROVINCE, bloc=BLOC))
        timeline_html.write_text(timeline_page(rot), encoding="utf-8")
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 850})
        page.goto(graph_html.as_uri())
        page.wait_for_selector("body[data-stabilized='true']", state="attached", timeout=60_000)
        x, y = page.evaluate("""(id) => {
            const net = thiduaView.network, pos = net.canvasToDOM(net.getPositions([id])[id]);
            const box = document.querySelector('#network').getBoundingClientRect();
            return [box.left + pos.x, box.top + pos.y]; }""", NODE)
        page.mouse.click(x, y)
        page.mouse.move(x, y)
        page.wait_for_timeout(600)
        page.screenshot(path=str(DOCS / "graph-view.png"))
        page.set_viewport_size({"width": 1400, "height": 700})
        page.goto(timeline_html.as_uri())
        page.screenshot(path=str(DOCS / "timeline.png"), full_page=True)
        browser.close()
    print(DOCS / "graph-view.png")
    print(DOCS / "timeline.png")


if __name__ == "__main__":
    main()
