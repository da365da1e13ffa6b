"""The knowledge graph as a typed NetworkX MultiDiGraph, for analysis (centrality, rotation
paths, components) and for GraphML / GEXF tools (yEd, Gephi).

Nodes are the entities (agency, bloc, person, province) and the conferences (event), keyed
by IRI, with `type`, `label` and `province` (the province IRI). Each fact becomes an edge
keyed by the fact's IRI, with `relation`, `year` and `source` (the article IRI):

    agency -chair/vice_chair/member-> bloc      agency -award-> bloc (or province)
    agency -host-> event -bloc-> bloc           person -position-> agency
    agency -succeeded_by-> agency               province -merged_into-> province

Nodes and edges are added in sorted order, so the same graph projects the same way.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import networkx as nx
import rdflib
from rdflib.namespace import RDF, SKOS

from graph.store import GraphStore
from graph.vocab import ORG, PROV, SCHEMA, THD
from ontology import path as data_path

NODE_TYPES = {THD.Agency: "agency", THD.Bloc: "bloc", SCHEMA.Person: "person", THD.Province: "province",
              THD.Conference: "event"}
ROLE_RELATIONS = {THD.Chair: "chair", THD.ViceChair: "vice_chair", THD.Member: "member"}


def _local(term: Any) -> str:
    return str(term).rsplit("#", 1)[-1]


def _one(g: rdflib.Graph, s: Any, p: Any) -> Any:
    values = sorted(g.objects(s, p), key=str)
    return values[0] if values else None


def to_networkx(source: GraphStore | rdflib.Graph) -> nx.MultiDiGraph:
    """Project a store or an rdflib graph (see the module docstring)."""
    g = source.graph() if isinstance(source, GraphStore) else source
    out = nx.MultiDiGraph()
    for rdf_type, kind in sorted(NODE_TYPES.items(), key=lambda kv: kv[1]):
        for node in sorted(g.subjects(RDF.type, rdf_type), key=str):
            label = _one(g, node, SKOS.prefLabel)
            attrs: dict[str, Any] = {"type": kind, "label": str(label) if label is not None else _event_label(g, node)}
            prov = _one(g, node, THD.province)
            if prov is not None:
                attrs["province"] = str(prov)
            if kind == "event":
                year = _one(g, node, THD.period) or _one(g, node, SCHEMA.startDate)
                if year is not None:
                    attrs["year"] = str(year)[:4]
            out.add_node(str(node), **attrs)

    def edge(u: Any, v: Any, fact: Any, relation: str, year: Any = None, **extra: Any) -> None:
        if u is None or v is None:
            return
        for n in (u, v):
            if str(n) not in out:
                out.add_node(str(n), type="other", label=str(n))
        attrs = {"relation": relation, **{k: str(x) for k, x in extra.items() if x is not None}}
        if year is not None:
            attrs["year"] = str(year)
        source = _one(g, fact, PROV.wasDerivedFrom) if fact is not None else None
        if source is not None:
            attrs["source"] = str(source)
        key = str(fact) if fact is not None else f"{relation}:{u}->{v}"
        out.add_edge(str(u), str(v), key=key, **attrs)

    for fact in sorted(set(g.subjects(RDF.type, THD.RoleTenure)) | set(g.subjects(RDF.type, THD.BlocMembership)), key=str):
        relation = ROLE_RELATIONS.get(_one(g, fact, ORG.role), "member")
        conflict = "true" if (fact, THD.conflictsWith, None) in g else None
        edge(_one(g, fact, ORG.member), _one(g, fact, ORG.organization), fact, relation,
             _one(g, fact, THD.year), conflict=conflict)
    for fact in sorted(g.subjects(RDF.type, THD.AwardFact), key=str):
        recipient = _one(g, fact, THD.recipient)
        target = _one(g, fact, THD.bloc) or (_one(g, recipient, THD.province) if recipient is not None else None)
        status = _one(g, fact, THD.status)
        edge(recipient, target, fact, "award", _one(g, fact, THD.yearRewarded),
             award=_one(g, fact, THD.awardLabel), status=_local(status) if status is not None else None,
             rank=_one(g, fact, THD.rank))
    for fact in sorted(g.subjects(RDF.type, THD.Conference), key=str):
        year = _one(g, fact, THD.period)
        edge(_one(g, fact, THD.host), fact, fact, "host", year)
        edge(fact, _one(g, fact, THD.bloc), fact, "bloc", year)
    for fact in sorted(g.subjects(RDF.type, THD.PositionHeld), key=str):
        edge(_one(g, fact, THD.person), _one(g, fact, THD.agency), fact, "position",
             position=_one(g, fact, THD.position))
    for a, b in sorted(g.subject_objects(THD.succeededBy), key=lambda t: (str(t[0]), str(t[1]))):
        edge(a, b, None, "succeeded_by")
    for a, b in sorted(g.subject_objects(THD.mergedInto), key=lambda t: (str(t[0]), str(t[1]))):
        edge(a, b, None, "merged_into")
    return out


@lru_cache(maxsize=1)
def _ontology() -> rdflib.Graph:
    return rdflib.Graph().parse(data_path("thidua.ttl"))


def _event_label(g: rdflib.Graph, node: Any) -> str:
    kind = _one(g, node, THD.eventKind)
    label = _one(_ontology(), kind, SKOS.prefLabel) if kind is not None else None
    when = _one(g, node, SCHEMA.startDate) or _one(g, node, THD.period)
    text = str(label) if label is not None else (_local(kind) if kind is not None else "Hội nghị")
    return f"{text} {when}" if when is not None else text


def write_graphml(graph: nx.MultiDiGraph, path: Path) -> None:
    """GraphML, byte-stable (graph.exports.network's writer)."""
    from graph.exports.network import graphml

    Path(path).write_bytes(graphml(graph))


def write_gexf(graph: nx.MultiDiGraph, path: Path, date: str | None = None) -> None:
    """GEXF 1.2 for Gephi, byte-stable (no clock date: graph.exports.network's writer)."""
    from graph.exports.network import gexf

    Path(path).write_bytes(gexf(graph, date))
