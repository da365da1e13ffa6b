"""The graph as RDF files: Turtle, N-Triples and JSON-LD, byte-identical for the same graph.

Blank nodes (evidence records) get content-derived labels (rdflib's canonicalisation), triples
are written in a sorted order and JSON-LD arrays are sorted, so the bytes depend on the graph's
content only, never on the store's iteration order.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from rdflib import Graph
from rdflib.compare import isomorphic, to_canonical_graph

import ontology
from graph.vocab import PREFIXES

_FALLBACK_PREFIXES = {prefix: str(ns) for prefix, ns in PREFIXES.items() if prefix != "rdf"}


def context() -> dict[str, Any]:
    """The ontology's JSON-LD context (ontology/context.jsonld), or the contract's prefixes."""
    path = ontology.path("context.jsonld")
    if path.exists():
        document = json.loads(path.read_text(encoding="utf-8"))
        return document.get("@context", document)
    return dict(_FALLBACK_PREFIXES)


def prefixes() -> dict[str, str]:
    """Prefix -> namespace pairs of the context (plain string entries ending in '/' or '#')."""
    found = {k: v for k, v in context().items()
             if isinstance(v, str) and not k.startswith("@") and v.endswith(("/", "#"))}
    return dict(sorted((found or _FALLBACK_PREFIXES).items()))


def canonical(graph: Graph) -> Graph:
    """A copy of `graph` whose blank-node labels derive from the content, with our prefixes bound."""
    out = Graph(bind_namespaces="none")
    for prefix, namespace in prefixes().items():
        out.bind(prefix, namespace, override=True, replace=True)
    out += to_canonical_graph(graph)
    return out


def ntriples(graph: Graph) -> bytes:
    """N-Triples, one triple a line, lines sorted."""
    text = canonical(graph).serialize(format="nt", encoding="utf-8").decode("utf-8")
    lines = sorted({line for line in text.splitlines() if line.strip()})
    return ("\n".join(lines) + "\n").encode("utf-8") if lines else b""


def turtle(graph: Graph) -> bytes:
    """Turtle with the ontology's prefixes; rdflib sorts subjects and predicates."""
    return canonical(graph).serialize(format="turtle", encoding="utf-8")


def _sort_arrays(value: Any) -> Any:
    """Sort every JSON array (RDF values are sets; the export has no rdf:List)."""
    if isinstance(value, dict):
        return {k: _sort_arrays(v) for k, v in value.items()}
    if isinstance(value, list):
        items = [_sort_arrays(v) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    return value


def _body(graph: Graph, ctx: dict[str, Any] | None) -> list[Any]:
    if ctx is None:
        document = json.loads(graph.serialize(format="json-ld"))
    else:
        document = json.loads(graph.serialize(format="json-ld", context=ctx, auto_compact=True))
    if isinstance(document, dict):
        document.pop("@context", None)
        document = document["@graph"] if "@graph" in document else ([document] if document else [])
    return _sort_arrays(document)


def _dump(ctx: dict[str, Any], body: list[Any]) -> bytes:
    out = {"@context": ctx, "@graph": body}
    return (json.dumps(out, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")


def jsonld(graph: Graph) -> bytes:
    """JSON-LD with ontology/context.jsonld embedded (so the file reads offline).

    The file is parsed back before it is returned: rdflib's compaction picks a context term
    even where the literal does not fit it (a headline tagged @vi where the context says it
    has no language), which would change the data. Then the body is written expanded (full
    IRIs, explicit @value/@language/@type) under the same context, which reads back exactly.
    """
    ctx = context()
    canon = canonical(graph)
    data = _dump(ctx, _body(canon, ctx))
    if isomorphic(Graph().parse(data=data, format="json-ld"), canon):
        return data
    print("thidua export: some literals do not fit the JSON-LD context's terms; "
          "graph.jsonld is written in expanded form (same data, longer keys)", file=sys.stderr)
    return _dump(ctx, _body(canon, None))


def newest_date(graph: Graph) -> str | None:
    """The newest day (YYYY-MM-DD) the graph records: last seen, or published. Stamps files
    whose format wants a date (GEXF) with the data's date rather than the clock's."""
    from graph.vocab import SCHEMA, THD

    days = [str(o)[:10] for p in (THD.lastSeen, SCHEMA.datePublished) for o in graph.objects(None, p)]
    days = [d for d in days if len(d) == 10 and d[4] == "-"]
    return max(days, default=None)
