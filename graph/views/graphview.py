"""The interactive graph page: a NetworkX projection -> pyvis network -> one offline HTML file.

Each node and edge carries what the in-page filters need (its provinces, blocs and years)
and a card (kind, label, fields, the sentences that state it, links to the sources), which
the page turns into DOM text. Beyond `max_nodes` the page shows the aggregated graph, one
node per bloc and year, and says so: the browser's physics stalls long before pyvis's
writer does.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import networkx as nx
import yaml
from pyvis.network import Network

from graph.views import page
from graph.views.evidence import EvidenceIndex, Quote
from thidua.text import key, slug

MAX_QUOTES = 20
MAX_LABEL = 42
# links the page makes: web and file URLs, and relative .html pages written beside it (timelines)
_SAFE_URL = re.compile(r"^(https?:|file:|[\w.-]+(/[\w.-]+)*\.html$)", re.I)
_YEAR = re.compile(r"\b(1[89]\d\d|2\d\d\d)\b")


@cache
def style() -> dict[str, Any]:
    return yaml.safe_load(Path(__file__).with_name("style.yaml").read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Selection:
    """What `thidua view --province/--bloc/--year` keeps (None: everything)."""

    province: str | None = None
    bloc: str | None = None
    year: int | None = None


def node_type(data: dict[str, Any]) -> str:
    kind = str(data.get("type") or "other").lower()
    return kind if kind in style()["types"] else "other"


def relation_label(relation: Any) -> str:
    """Vietnamese label of a relation name or IRI ('...#chair' -> 'Khối trưởng')."""
    text = str(relation or "")
    local = re.split(r"[#/]", text)[-1]
    return style()["relations"].get(re.sub(r"[^a-z_]", "", local.lower()), local or text)


def year_of(value: Any) -> str | None:
    match = _YEAR.search(str(value)) if value not in (None, "") else None
    return match.group(1) if match else None


@cache
def _slug(text: str) -> str:
    return slug(text)


def short(text: str, limit: int = MAX_LABEL) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def safe_url(url: str | None) -> str | None:
    return url if url and _SAFE_URL.match(url) else None


class Scopes:
    """Per node and per edge: the provinces, blocs and years it belongs to (for filtering)."""

    def __init__(self, g: nx.MultiDiGraph) -> None:
        self.labels = {n: str(d.get("label") or n) for n, d in g.nodes(data=True)}
        self.province_label: dict[str, str] = {}
        own: dict[Any, set[str]] = {}
        for n, d in g.nodes(data=True):
            p = d.get("province_label") or self._province(g, d.get("province"))
            if node_type(d) == "province":
                p = p or self.labels[n]
            own[n] = {_slug(p)} if p else set()
            if p:
                self.province_label.setdefault(_slug(p), p)
        blocs = {n for n, d in g.nodes(data=True) if node_type(d) == "bloc"}
        self.node_blocs: dict[Any, set[str]] = {n: ({str(n)} if n in blocs else set()) for n in g}
        for u, v in g.edges():
            if u in blocs:
                self.node_blocs[v].add(str(u))
            if v in blocs:
                self.node_blocs[u].add(str(v))
        self.edge_blocs: dict[tuple[Any, Any, Any], set[str]] = {}
        self.edge_year: dict[tuple[Any, Any, Any], str | None] = {}
        self.node_years: dict[Any, set[str]] = defaultdict(set)
        for n, d in g.nodes(data=True):
            y = year_of(d.get("year")) or (year_of(self.labels[n]) if node_type(d) == "year" else None)
            if y:
                self.node_years[n].add(y)
            self.node_years[n].update(str(x) for x in d.get("years") or ())
        kinds = {n: node_type(d) for n, d in g.nodes(data=True)}
        loose = ("agency", "person")
        for n in g:  # an award at a bloc's year node: the year's bloc
            if kinds[n] not in loose and not self.node_blocs[n]:
                for m in nx.all_neighbors(g, n):
                    if kinds[m] not in loose:
                        self.node_blocs[n] |= self.node_blocs[m]
        for u, v, k, d in g.edges(keys=True, data=True):
            # a bloc-scoped end (bloc, year, award, event, article) decides; agencies and people
            # belong to many blocs, so an edge between two of them takes what they share
            scoped = [self.node_blocs[x] for x in (u, v) if kinds[x] not in loose and self.node_blocs[x]]
            shared = self.node_blocs[u] & self.node_blocs[v]
            self.edge_blocs[u, v, k] = set(scoped[0]) if scoped else (shared or (self.node_blocs[u] | self.node_blocs[v]))
            y = year_of(d.get("year"))
            self.edge_year[u, v, k] = y
            if y:
                self.node_years[u].add(y)
                self.node_years[v].add(y)
        for (u, v, _), bs in self.edge_blocs.items():
            self.node_blocs[u] |= bs
            self.node_blocs[v] |= bs
        self.provinces: dict[Any, set[str]] = {}
        for n in g:
            ps = set(own[n])
            if not ps:  # years, articles without a province: those of their neighbours
                for m in nx.all_neighbors(g, n):
                    ps |= own[m]
            self.provinces[n] = ps

    def _province(self, g: nx.MultiDiGraph, value: Any) -> str | None:
        if not value:
            return None
        text = str(value)
        if text in g and g.nodes[text].get("label"):
            return str(g.nodes[text]["label"])
        if "://" in text:
            return text.rstrip("/").rsplit("/", 1)[-1]
        return text


def _matching(query: str, options: dict[str, str], kind: str) -> set[str]:
    """The ids whose label `query` names, by graph.match's loose rules (several when ambiguous)."""
    from graph.match import Candidate, match

    result = match(query, [Candidate(iri=i, label=label, names={label}) for i, label in options.items()], kind)
    if result.found:
        return {result.found.iri}
    return {c.iri for c in result.candidates} if result._ambiguous else set()


def select(g: nx.MultiDiGraph, scopes: Scopes, sel: Selection) -> nx.MultiDiGraph:
    """The part of the graph a selection keeps; province and bloc names match loosely."""
    if sel.province is None and sel.bloc is None and sel.year is None:
        return g
    provinces = _matching(sel.province, scopes.province_label, "province") if sel.province else None
    bloc_ids: set[str] | None = None
    if sel.bloc:
        blocs = {str(n): scopes.labels[n] for n, d in g.nodes(data=True) if node_type(d) == "bloc"
                 and (provinces is None or scopes.provinces[n] & provinces)}
        bloc_ids = _matching(sel.bloc, blocs, "bloc")
    year = str(sel.year) if sel.year else None
    keep = [n for n in g
            if (provinces is None or scopes.provinces[n] & provinces)
            and (bloc_ids is None or scopes.node_blocs[n] & bloc_ids)
            and (year is None or year in scopes.node_years[n])]
    sub = nx.MultiDiGraph(g.subgraph(keep))
    if year or bloc_ids is not None:
        drop = [(u, v, k) for u, v, k in sub.edges(keys=True)
                if (year and scopes.edge_year[u, v, k] not in (None, year))
                or (bloc_ids is not None and scopes.edge_blocs[u, v, k] and not scopes.edge_blocs[u, v, k] & bloc_ids)]
        sub.remove_edges_from(drop)
    return sub


def aggregate(g: nx.MultiDiGraph, scopes: Scopes, max_nodes: int) -> tuple[nx.MultiDiGraph, str]:
    """The coarsest useful picture that fits `max_nodes`, and a sentence saying which it is:
    one node per bloc and year (with its chairs and vice-chairs when they fit); else one
    node per bloc (its years in the card); else one node per province."""
    chairs: dict[tuple[str, str], set[tuple[Any, str]]] = defaultdict(set)
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for u, v, k, d in g.edges(keys=True, data=True):
        year = scopes.edge_year[u, v, k]
        if not year:
            continue
        for bloc in scopes.edge_blocs[u, v, k]:
            counts[bloc, year] += 1
            label = relation_label(d.get("relation"))
            if label in ("Khối trưởng", "Khối phó"):
                chairs[bloc, year].add((v if str(u) == bloc else u, label))
    blocs = sorted({b for b, _ in counts if b in g})
    if len(blocs) + len(counts) <= max_nodes:
        agg = nx.MultiDiGraph()
        for bloc, year in sorted(counts):
            if bloc not in g:
                continue
            if bloc not in agg:
                agg.add_node(bloc, **g.nodes[bloc])
            node = f"{bloc}#{year}"
            agg.add_node(node, type="aggregate", label=year, year=year, facts=counts[bloc, year],
                         province=g.nodes[bloc].get("province"), province_label=g.nodes[bloc].get("province_label"))
            agg.add_edge(bloc, node, relation="year", year=year)
        agencies = {a for pairs in chairs.values() for a, _ in pairs}
        with_agencies = agg.number_of_nodes() + len(agencies) <= max_nodes
        if with_agencies:
            for (bloc, year), pairs in sorted(chairs.items(), key=lambda i: str(i[0])):
                for agency, label in sorted(pairs, key=str):
                    if bloc in g and agency in g:
                        agg.add_node(agency, **g.nodes[agency])
                        agg.add_edge(agency, f"{bloc}#{year}", relation=label, year=year)
        return agg, "mỗi khối một nút, mỗi năm của khối một nút" + (", kèm khối trưởng và khối phó" if with_agencies else "")
    if len(blocs) <= max_nodes:
        agg = nx.MultiDiGraph()
        for bloc in blocs:
            years = sorted(y for b, y in counts if b == bloc)
            agg.add_node(bloc, **{**g.nodes[bloc], "facts": sum(counts[bloc, y] for y in years),
                                  "years_known": f"{years[0]}–{years[-1]}" if years else ""})
        return agg, "mỗi khối một nút (các năm ghi trong thẻ của khối)"
    agg = nx.MultiDiGraph()
    per_province: dict[str, int] = defaultdict(int)
    for bloc in blocs:
        for p in scopes.provinces[bloc] or {"?"}:
            per_province[p] += 1
    for p, n in sorted(per_province.items()):
        agg.add_node(f"province:{p}", type="province", label=scopes.province_label.get(p, p),
                     province_label=scopes.province_label.get(p, p), facts=n)
    return agg, "mỗi tỉnh một nút (số khối ghi trong thẻ)"


def _quotes(quotes: list[Quote]) -> list[dict[str, str]]:
    return [{"text": q.text, "href": safe_url(q.source) or "", "source": q.source_title} for q in quotes[:MAX_QUOTES]]


def _edge_sort_key(item: tuple[Any, Any, Any, dict[str, Any]]) -> tuple[str, str, str, str]:
    u, v, _, d = item
    return (str(u), str(v), str(d.get("relation")), str(d.get("year")))


class _NodeIds(list):
    """pyvis keeps node ids in a list and tests membership on every add_node/add_edge, which
    makes a network of n nodes and e edges cost O(n·e); a set beside the list makes it linear."""

    def __init__(self) -> None:
        super().__init__()
        self._members: set[Any] = set()

    def append(self, item: Any) -> None:
        self._members.add(item)
        super().append(item)

    def __contains__(self, item: object) -> bool:
        return item in self._members


def build_network(g: nx.MultiDiGraph, index: EvidenceIndex, scopes: Scopes,
                  timelines: dict[str, str] | None = None) -> Network:
    """The pyvis network: styled nodes and labelled edges, each with filter scopes and a card."""
    types = style()["types"]
    net = Network(directed=True, cdn_resources="in_line")
    net.node_ids = _NodeIds()
    for n in sorted(g, key=str):
        d = g.nodes[n]
        kind = node_type(d)
        look = types[kind]
        label = scopes.labels.get(n) or str(d.get("label") or n)
        fields = [["Loại", look["label"]]]
        provinces = sorted(scopes.province_label.get(p, p) for p in scopes.provinces.get(n, ()))
        if provinces:
            fields.append(["Tỉnh", ", ".join(provinces)])
        if d.get("status"):
            fields.append(["Trạng thái", str(d["status"])])
        if d.get("facts"):
            fields.append(["Số khối" if kind == "province" else "Số dữ kiện", str(d["facts"])])
        if d.get("years_known"):
            fields.append(["Các năm", str(d["years_known"])])
        links = []
        url = safe_url(str(d.get("url") or (n if kind == "article" else "")))
        if url:
            links.append({"href": url, "text": "Mở bài viết gốc"})
        if kind == "bloc" and (timelines or {}).get(str(n)):
            links.append({"href": timelines[str(n)], "text": "Dòng thời gian khối trưởng, khối phó, khen thưởng"})
        font = {"color": look["font"]} if "font" in look else {}
        net.add_node(str(n), label=short(label), shape=look["shape"], color=look["color"],
                     size=look.get("size", 18), font=font, type=kind,
                     provinces=sorted(scopes.provinces.get(n, ())),
                     blocs=sorted(scopes.node_blocs.get(n, ())), years=sorted(scopes.node_years.get(n, ())),
                     info={"kind": look["label"], "title": label, "fields": fields,
                           "quotes": _quotes(index.for_node(str(n))), "links": links})
    edges = sorted(g.edges(keys=True, data=True), key=_edge_sort_key)
    for i, (u, v, k, d) in enumerate(edges):
        relation = relation_label(d.get("relation"))
        year = scopes.edge_year.get((u, v, k))
        text = f"{relation} {year}" if year else relation
        source = safe_url(str(d.get("source") or "")) if d.get("source") else None
        quotes = index.for_edge(str(u), str(v), fact=d.get("fact"), source=d.get("source"))
        if d.get("relation") == "source":  # an article's edge: the sentences it gives about that node
            quotes = [q for q in index.for_node(str(v)) if q.source == str(u)]
        fields = [["Quan hệ", relation]] + ([["Năm", year]] if year else [])
        links = [] if quotes or not source else [{"href": source, "text": "Nguồn"}]
        net.add_edge(str(u), str(v), id=f"e{i}", label=text, relation=relation, year=year,
                     blocs=sorted(scopes.edge_blocs.get((u, v, k), ())),
                     info={"kind": "Quan hệ", "title": f"{scopes.labels.get(u, u)} → {relation} → {scopes.labels.get(v, v)}",
                           "fields": fields, "quotes": _quotes(quotes), "links": links})
    net.options = options(len(g))
    return net


def options(n_nodes: int) -> dict[str, Any]:
    """vis-network options: barnesHut tuned for a province (tens to hundreds of nodes), a fixed
    seed so the drawing is the same each time, stabilisation up front (then the page turns
    physics off). Bigger graphs get fewer iterations and a coarser Barnes-Hut (theta): in
    Chromium one iteration costs ~30 ms at 800 nodes (bench/view.py --browser)."""
    return {
        "layout": {"randomSeed": 7, "improvedLayout": n_nodes <= 300},
        "physics": {
            "enabled": True, "solver": "barnesHut", "minVelocity": 0.75,
            "barnesHut": {"gravitationalConstant": -7000, "centralGravity": 0.35, "springLength": 140,
                          "springConstant": 0.025, "damping": 0.45, "avoidOverlap": 0.5,
                          "theta": 0.5 if n_nodes <= 300 else 0.8},
            "stabilization": {"enabled": True, "updateInterval": 50, "fit": True,
                              "iterations": 600 if n_nodes <= 300 else 300 if n_nodes <= 800 else 150},
        },
        "nodes": {"font": {"size": 14, "face": "Noto Sans, Arial, sans-serif"}, "borderWidth": 1},
        "edges": {"arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
                  "font": {"size": 10, "align": "middle", "color": "#444", "strokeWidth": 3},
                  "color": {"color": "#9a9a9a", "highlight": "#e15759", "inherit": False},
                  "smooth": {"enabled": True, "type": "continuous"}},
        "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": n_nodes > 300,
                        "keyboard": {"enabled": True, "bindToWindow": False}},
    }


def _count(n: int) -> str:
    """12345 -> '12.345' (Vietnamese thousands separator)."""
    return f"{n:,}".replace(",", ".")


@dataclass
class GraphPage:
    html: str
    nodes: int
    edges: int
    total_nodes: int
    aggregated: bool


def graph_page(g: nx.MultiDiGraph, index: EvidenceIndex, *, sel: Selection = Selection(),
               title: str = "Đồ thị thi đua – khen thưởng", max_nodes: int | None = None,
               timelines: dict[str, str] | None = None, timeline_index: str | None = None) -> GraphPage:
    """The page for a projection (after the selection, aggregated when too large).

    `timelines` maps bloc IRIs to the relative href of their timeline page (the export writes
    them beside the graph), so a bloc's card links to it; `timeline_index` goes in the header."""
    limit = max_nodes if max_nodes is not None else int(style()["max_nodes"])
    scopes = Scopes(g)
    shown = select(g, scopes, sel)
    total = shown.number_of_nodes()
    notice = ""
    aggregated = total > limit
    if aggregated:
        shown, how = aggregate(shown, scopes, limit)
        notice = (f"Đồ thị có {_count(total)} nút, quá nhiều để trình duyệt vẽ mượt (giới hạn {_count(limit)}). "
                  f"Đang hiển thị dạng gộp: {how} ({_count(shown.number_of_nodes())} nút). Để xem chi tiết, "
                  f"chọn một tỉnh, khối hoặc năm: thidua view --province … --bloc … --year …")
    if shown is not g:
        scopes = Scopes(shown)
    net = build_network(shown, index, scopes, timelines or {})
    nodes, edges, _, _, _, options_json = net.get_network_data()
    provinces = sorted(scopes.province_label.items(), key=lambda kv: key(kv[1]))
    blocs = sorted(((str(n), scopes.labels[n]) for n, d in shown.nodes(data=True) if node_type(d) == "bloc"),
                   key=lambda kv: key(kv[1]))
    years = sorted({y for ys in scopes.node_years.values() for y in ys})
    present = {node_type(d) for _, d in shown.nodes(data=True)}
    legend = [{"label": t["label"], "color": t["color"], "shape": t["shape"]}
              for name, t in style()["types"].items() if name in present]
    parts = [f"{len(nodes)} nút, {len(edges)} cạnh"]
    for name, value in (("tỉnh", sel.province), ("khối", sel.bloc), ("năm", sel.year)):
        if value:
            parts.append(f"{name}: {value}")
    html = page.render(
        "graph.html.j2", title=title, summary="; ".join(parts), notice=notice, timeline_index=timeline_index,
        provinces=provinces, blocs=blocs, years=years, legend=legend,
        vis_css=page.asset("vis-network.css"), vis_js=page.asset("vis-network.min.js"),
        page_css=page.asset("graph.css"), page_js=page.asset("graph.js"),
        data_json=page.script_json({"nodes": nodes, "edges": edges, "options": json.loads(options_json)}),
    )
    return GraphPage(html, len(nodes), len(edges), total, aggregated)


def projection(rdf: Any) -> nx.MultiDiGraph:
    """graph.project's NetworkX projection of an rdflib graph (the graph engineer's, not ours)."""
    from graph.project import to_networkx

    return to_networkx(rdf)


def view_graph(rdf: Any) -> nx.MultiDiGraph:
    """The projection with years, awards and articles as nodes (graph.views.enrich)."""
    from graph.views.enrich import enrich

    return enrich(projection(rdf), rdf)


def write_graph_view(rdf: Any, out: Path, *, sel: Selection = Selection(), max_nodes: int | None = None,
                     g: nx.MultiDiGraph | None = None) -> GraphPage:
    """Project `rdf`, render the page and write it atomically to `out`."""
    g = view_graph(rdf) if g is None else g
    result = graph_page(g, EvidenceIndex(rdf), sel=sel, max_nodes=max_nodes)
    page.write_page(out, result.html)
    return result
