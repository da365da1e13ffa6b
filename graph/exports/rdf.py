"""The graph as RDF files: Turtle, N-Triples and JSON-LD, byte-identical for the same graph.

Blank nodes (evidence records) get content-derived labels (rdflib's canonicalisation), triples
are written in a sorted order and JSON-LD arrays are sorted, so the bytes depend on the graph's
content only, never on the store's iteration order.
"""

from __future__ import annotations

import json
from typing import Any

from rdflib import Graph
from rdflib.compare import to_canonical_graph

import ontology

_FALLBACK_PREFIXES = {
    "thd": "https://w3id.org/thidua/ontology#",
    "id": "https://w3id.org/thidua/id/",
    "org": "http://www.w3.org/ns/org#",
    "prov": "http://www.w3.org/ns/prov#",
    "schema": "http://schema.org/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "dcterms": "http://purl.org/dc/terms/",
}


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


def jsonld(graph: Graph) -> bytes:
    """JSON-LD compacted with ontology/context.jsonld (embedded, so the file reads offline)."""
    ctx = context()
    raw = canonical(graph).serialize(format="json-ld", context=ctx, auto_compact=True)
    document = json.loads(raw)
    if "@graph" in document:
        body = _sort_arrays(document["@graph"])
    else:
        document.pop("@context", None)
        body = [_sort_arrays(document)] if document else []
    out = {"@context": ctx, "@graph": body}
    return (json.dumps(out, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")
