"""GraphML and GEXF (Gephi) files from graph.project's NetworkX projection, byte-stable.

networkx writes nodes and edges in insertion order and stamps GEXF with today's date, so
the projection is first copied in sorted order, and the GEXF date is the newest date the
graph itself holds (given by the caller, else a fixed one): the file changes when the data
does, not the clock.
"""

from __future__ import annotations

import io
import json
from typing import Any

import networkx as nx
from networkx.readwrite.gexf import GEXFWriter

FIXED_DATE = "2000-01-01"


def _plain(value: Any) -> Any:
    """A value GraphML/GEXF can hold: str/int/float/bool kept, lists and the rest as text."""
    if isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, list | tuple | set | frozenset):
        return "; ".join(sorted(str(v) for v in value))
    return str(value)


def _attrs(data: dict[str, Any]) -> dict[str, Any]:
    return {str(k): _plain(v) for k, v in sorted(data.items()) if v is not None and v != ""}


def sorted_copy(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """The same graph with nodes, edges and attributes in a sorted, content-derived order.

    Attribute types are made uniform per key (a key that is text on one element is text on
    all), since GraphML declares one type per key.
    """
    out = nx.MultiDiGraph()
    out.graph.update(_attrs(graph.graph))
    for node in sorted(graph.nodes, key=str):
        out.add_node(str(node), **_attrs(graph.nodes[node]))
    edges = []
    for u, v, key, data in graph.edges(keys=True, data=True):
        attrs = _attrs(data)
        named = key if isinstance(key, str) else ""   # graph.project keys an edge by its fact IRI
        edges.append((str(u), str(v), named, attrs, json.dumps(attrs, sort_keys=True, ensure_ascii=False)))
    edges.sort(key=lambda e: (e[0], e[1], e[2], e[4]))
    for index, (u, v, named, attrs, _) in enumerate(edges):
        out.add_edge(u, v, key=named or f"e{index}", **attrs)
    _uniform_types(out)
    return out


def _uniform_types(graph: nx.MultiDiGraph) -> None:
    for items in (list(graph.nodes.values()), [d for _, _, d in graph.edges(data=True)]):
        types: dict[str, set[type]] = {}
        for data in items:
            for k, v in data.items():
                types.setdefault(k, set()).add(type(v))
        mixed = {k for k, ts in types.items() if len(ts) > 1}
        for data in items:
            for k in mixed & data.keys():
                data[k] = str(data[k])


def graphml(graph: nx.MultiDiGraph) -> bytes:
    buffer = io.BytesIO()
    nx.write_graphml(sorted_copy(graph), buffer, encoding="utf-8", prettyprint=True)
    return buffer.getvalue()


def _viz_colours(graph: nx.MultiDiGraph) -> None:
    """Gephi opens the file with the graph view's colour per node type (graph/views/style.yaml)."""
    from graph.views.graphview import node_type, style

    types = style()["types"]
    for _, data in graph.nodes(data=True):
        colour = types[node_type(data)]["color"].lstrip("#")
        r, g, b = (int(colour[i:i + 2], 16) for i in (0, 2, 4))
        data["viz"] = {"color": {"r": r, "g": g, "b": b, "a": 1.0}}


def gexf(graph: nx.MultiDiGraph, date: str | None = None) -> bytes:
    """GEXF 1.2 with node colours; `date` (YYYY-MM-DD, e.g. rdf.newest_date) replaces networkx's today."""
    ordered = sorted_copy(graph)
    _viz_colours(ordered)
    writer = GEXFWriter(encoding="utf-8", prettyprint=True)
    meta = writer.xml.find("meta")
    if meta is not None:
        meta.set("lastmodifieddate", date or FIXED_DATE)
    writer.add_graph(ordered)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()
