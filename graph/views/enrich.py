"""From the analysis projection to the picture: years, awards and articles become nodes.

graph.project keeps facts as edges (agency -chair-> bloc, agency -award-> bloc), which is
right for analysis but hides the rotation. The view re-routes them: each bloc gets one node
per year it has a chair or vice-chair, holders point at that year, each award is a star
attached to the year it rewards (an award with no bloc goes to the bloc its article is
about, when that article names one bloc, on an edge that says so), and each source article is a node linked to the bloc (or
entity) its facts are about. Isolated province nodes are left out (the filter names them).
"""

from __future__ import annotations

from typing import Any

import networkx as nx
from rdflib import Graph, URIRef

from graph.vocab import SCHEMA

SEATS = ("chair", "vice_chair")
_AWARD_WORDS = {"proposed": "đề nghị", "Proposed": "đề nghị", "conferred": "được tặng", "Conferred": "được tặng"}


def _headline(rdf: Graph | None, article: str) -> str | None:
    if rdf is None:
        return None
    values = sorted(str(v) for v in rdf.objects(URIRef(article), SCHEMA.headline))
    return values[0] if values else None


def enrich(g: nx.MultiDiGraph, rdf: Graph | None = None) -> nx.MultiDiGraph:
    """A new graph for drawing; `g` is not changed."""
    out = nx.MultiDiGraph()
    out.add_nodes_from(g.nodes(data=True))
    types = {n: d.get("type") for n, d in g.nodes(data=True)}

    def year_node(bloc: str, year: str) -> str:
        node = f"{bloc}#year-{year}"
        if node not in out:
            out.add_node(node, type="year", label=str(year), year=str(year), province=g.nodes[bloc].get("province"))
            out.add_edge(bloc, node, key=f"{node}#of", relation="year", year=str(year))
        return node

    blocs_of_source: dict[str, set[str]] = {}
    for _, v, d in g.edges(data=True):
        if types.get(v) == "bloc" and d.get("source"):
            blocs_of_source.setdefault(str(d["source"]), set()).add(v)
    about: dict[str, set[str]] = {}
    years_of: dict[str, set[str]] = {}
    for u, v, k, d in sorted(g.edges(keys=True, data=True), key=lambda e: (str(e[2]), str(e[0]), str(e[1]))):
        relation, year, fact = d.get("relation"), d.get("year"), str(k)
        data = {**d, "fact": fact}
        if relation in SEATS and year and types.get(v) == "bloc":
            out.add_edge(u, year_node(v, year), key=fact, **data)
        elif relation == "award":
            award = f"{fact}#award"
            status = _AWARD_WORDS.get(str(d.get("status")), "")
            label = " ".join(x for x in (str(d.get("award") or "Khen thưởng"), str(year or "")) if x)
            out.add_node(award, type="award", label=label, year=year, status=status,
                         province=g.nodes[v].get("province") if types.get(v) != "province" else v)
            out.add_edge(u, award, key=fact, **{**data, "relation": "recipient"})
            relation_to = "bloc"
            bloc = v if types.get(v) == "bloc" else None
            same_article = blocs_of_source.get(str(d.get("source")), set())
            if bloc is None and len(same_article) == 1:  # the article is about one bloc: draw it there
                bloc, relation_to = next(iter(same_article)), "same_article"
            target = year_node(bloc, year) if bloc and year else (bloc or v)
            out.add_edge(award, target, key=f"{fact}#to", relation=relation_to, year=year, fact=fact,
                         source=d.get("source"))
        else:
            out.add_edge(u, v, key=fact, **data)
        if d.get("source"):
            subject = v if types.get(v) in ("bloc", "event") else u
            about.setdefault(str(d["source"]), set()).add(subject)
            if year:
                years_of.setdefault(str(d["source"]), set()).add(str(year))
    for article, subjects in sorted(about.items()):
        out.add_node(article, type="article", label=_headline(rdf, article) or article, url=article,
                     province=_common_province(g, subjects), years=sorted(years_of.get(article, ())))
        for subject in sorted(subjects):
            out.add_edge(article, subject, key=f"{article}->{subject}", relation="source", source=article)
    names = {n: d.get("label") for n, d in g.nodes(data=True) if d.get("type") == "province"}
    for _, d in out.nodes(data=True):
        if d.get("province") in names:
            d["province_label"] = names[d["province"]]
    lonely = [n for n, d in out.nodes(data=True) if d.get("type") == "province" and out.degree(n) == 0]
    out.remove_nodes_from(lonely)
    return out


def _common_province(g: nx.MultiDiGraph, subjects: set[Any]) -> str | None:
    provinces = sorted({str(g.nodes[s].get("province")) for s in subjects if g.nodes[s].get("province")})
    return provinces[0] if len(provinces) == 1 else None
