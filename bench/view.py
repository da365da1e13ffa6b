"""How the graph view grows with the graph: time to build the page and its size, by node count.

Synthetic projections (the shape graph.project gives: agencies, blocs, chair/vice-chair,
member and award edges with years and sources) of about 250 to 10,000 nodes are drawn
three ways in the same run:

  pyvis     pyvis's own writer (Network.add_node/add_edge + generate_html): the baseline
  ours      graph.views (enrich + our template, everything inlined), no aggregation
  default   what `thidua view` writes: aggregated to one node per bloc and year beyond
            style.yaml's max_nodes (2,000)

Figures are seconds and MB, and ratios against the smallest graph's `ours` time and against
pyvis on the same graph. With --browser, also the time headless Chromium takes to settle
(physics stabilised) the `ours` and `default` pages, the reason for the 2,000-node limit.

Run: make bench-view   (or .venv/bin/python -m bench.view [NODES ...] [--browser])
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path

import networkx as nx
from pyvis.network import Network

from graph.views.enrich import enrich
from graph.views.evidence import EvidenceIndex
from graph.views.graphview import graph_page

YEARS = range(2015, 2025)
ID = "https://w3id.org/thidua/id/"


def synthetic(nodes: int, seed: int = 7) -> nx.MultiDiGraph:
    """About `nodes` entity nodes: blocs of 12 agencies, chair/vice per year, awards, members."""
    rnd = random.Random(seed)
    g = nx.MultiDiGraph()
    blocs = max(1, nodes // 13)
    for b in range(blocs):
        province = f"{ID}province/p{b // 20}"
        bloc = f"{ID}bloc/p{b // 20}/khoi-{b}"
        g.add_node(bloc, type="bloc", label=f"Khối thi đua số {b % 20 + 1}", province=province)
        agencies = [f"{ID}agency/p{b // 20}/so-{b}-{a}" for a in range(12)]
        for i, agency in enumerate(agencies):
            g.add_node(agency, type="agency", label=f"Sở thử nghiệm {b}-{i}", province=province)
            g.add_edge(agency, bloc, key=f"{bloc}/m{i}", relation="member", source=f"http://demo.test/{b}/members")
        for year in YEARS:
            source = f"http://demo.test/{b}/{year}"
            chair, vice, winner = rnd.sample(agencies, 3)
            g.add_edge(chair, bloc, key=f"{bloc}/c{year}", relation="chair", year=str(year), source=source)
            g.add_edge(vice, bloc, key=f"{bloc}/v{year}", relation="vice_chair", year=str(year), source=source)
            g.add_edge(winner, bloc, key=f"{bloc}/a{year}", relation="award", year=str(year), source=source,
                       award="Cờ thi đua", status="Proposed")
    return g


def pyvis_page(g: nx.MultiDiGraph) -> str:
    net = Network(directed=True, cdn_resources="in_line")
    for n, d in g.nodes(data=True):
        net.add_node(n, label=str(d.get("label")), title=str(d.get("label")))
    for u, v, d in g.edges(data=True):
        net.add_edge(u, v, title=str(d.get("relation")))
    return net.generate_html()


def timed(fn):
    start = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - start


def settle_seconds(browser, html: str) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "page.html"
        path.write_text(html, encoding="utf-8")
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        start = time.perf_counter()
        page.goto(path.as_uri())
        page.wait_for_selector("body[data-stabilized='true']", state="attached", timeout=600_000)
        seconds = time.perf_counter() - start
        page.close()
        return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description="graph view size and time by node count")
    parser.add_argument("sizes", nargs="*", type=int, default=[250, 1000, 2000, 5000, 10000])
    parser.add_argument("--browser", action="store_true", help="also time Chromium settling each page")
    args = parser.parse_args()
    index = EvidenceIndex(None)
    rows = []
    for size in args.sizes:
        g = synthetic(size)
        view = enrich(g)
        pv_html, pv_s = timed(lambda g=g: pyvis_page(g))
        ours, ours_s = timed(lambda view=view: graph_page(view, index, max_nodes=10**9))
        default, default_s = timed(lambda view=view: graph_page(view, index))
        rows.append((size, view.number_of_nodes(), pv_s, len(pv_html), ours, ours_s, default, default_s))
        print(f"  {size} done", flush=True)
    base = rows[0][5]
    print(f"\n{'nodes':>7} {'drawn':>7} {'pyvis s':>8} {'ours s':>8} {'÷pyvis':>7} {'÷base':>7} "
          f"{'ours MB':>8} {'default':>9} {'default s':>9} {'MB':>6}")
    for size, drawn, pv_s, _pv_len, ours, ours_s, default, default_s in rows:
        shown = f"{default.nodes}{'*' if default.aggregated else ''}"
        print(f"{size:>7} {drawn:>7} {pv_s:>8.2f} {ours_s:>8.2f} {ours_s / pv_s:>7.2f} {ours_s / base:>7.1f} "
              f"{len(ours.html) / 1e6:>8.2f} {shown:>9} {default_s:>9.2f} {len(default.html) / 1e6:>6.2f}")
    print("drawn: nodes once years, awards and articles are nodes; * = aggregated (one node per bloc and year, "
          "or per bloc when those are too many)")
    if args.browser:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True,
                                        args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
            print(f"\n{'nodes':>7} {'ours: settle s':>15} {'default: settle s':>18}")
            first = None
            for _size, drawn, *_rest, ours, _o, default, _d in rows:
                ours_settle = settle_seconds(browser, ours.html)
                default_settle = settle_seconds(browser, default.html)
                first = first or ours_settle
                print(f"{drawn:>7} {ours_settle:>15.1f} {default_settle:>18.1f}   (÷base {ours_settle / first:.1f})")
            browser.close()


if __name__ == "__main__":
    main()
