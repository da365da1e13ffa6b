"""SPARQL query results as a value, and their standard serialisations.

One `Result` whatever answered the query (the embedded store, a remote endpoint, rdflib),
so the command line and the `/sparql` endpoint write the same JSON, XML, CSV and TSV
(W3C SPARQL 1.1 Query Results formats) and a plain table for a terminal.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from xml.sax.saxutils import escape, quoteattr

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

PREFIXES = {
    "id": "https://w3id.org/thidua/id/",
    "thd": "https://w3id.org/thidua/ontology#",
    "org": "http://www.w3.org/ns/org#",
    "prov": "http://www.w3.org/ns/prov#",
    "schema": "http://schema.org/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}

# media type -> format name, in order of preference for `*/*`
SELECT_TYPES = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
GRAPH_TYPES = {
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "application/ld+json": "json-ld",
    "application/rdf+xml": "xml",
}


@dataclass
class Result:
    """A SELECT (variables + rows), an ASK (boolean) or a CONSTRUCT/DESCRIBE (graph)."""

    variables: list[str] = field(default_factory=list)
    rows: list[dict[str, Node]] = field(default_factory=list)
    boolean: bool | None = None
    graph: Graph | None = None
    truncated: bool = False

    @property
    def kind(self) -> str:
        if self.boolean is not None:
            return "ask"
        if self.graph is not None:
            return "graph"
        return "select"

    def values(self, row: dict[str, Node], name: str) -> str | None:
        term = row.get(name)
        return None if term is None else str(term)


def to_term(value: object) -> Node | None:
    """An rdflib term from whatever a store returned (rdflib, pyoxigraph or plain Python)."""
    if value is None or isinstance(value, Node):
        return value  # type: ignore[return-value]
    cls = type(value).__name__
    if cls == "NamedNode":
        return URIRef(value.value)  # type: ignore[attr-defined]
    if cls == "BlankNode":
        return BNode(value.value)  # type: ignore[attr-defined]
    if cls == "Literal":
        lang = getattr(value, "language", None)
        datatype = None if lang else URIRef(value.datatype.value)  # type: ignore[attr-defined]
        return Literal(value.value, lang=lang, datatype=datatype)  # type: ignore[attr-defined]
    return Literal(value)


def short(term: Node | None) -> str:
    """A readable cell: prefixed IRIs, bare literal text."""
    if term is None:
        return ""
    if isinstance(term, URIRef):
        text = str(term)
        for prefix, base in PREFIXES.items():
            if text.startswith(base):
                return f"{prefix}:{text[len(base):]}"
        return text
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def _json_term(term: Node) -> dict[str, str]:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    out = {"type": "literal", "value": str(term)}
    if isinstance(term, Literal):
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype and str(term.datatype) != "http://www.w3.org/2001/XMLSchema#string":
            out["datatype"] = str(term.datatype)
    return out


def to_json(result: Result) -> str:
    if result.kind == "ask":
        return json.dumps({"head": {}, "boolean": result.boolean})
    bindings = [{k: _json_term(v) for k, v in row.items() if v is not None} for row in result.rows]
    doc = {"head": {"vars": result.variables}, "results": {"bindings": bindings}}
    return json.dumps(doc, ensure_ascii=False, indent=1)


def _xml_term(term: Node) -> str:
    if isinstance(term, URIRef):
        return f"<uri>{escape(str(term))}</uri>"
    if isinstance(term, BNode):
        return f"<bnode>{escape(str(term))}</bnode>"
    attrs = ""
    if isinstance(term, Literal):
        if term.language:
            attrs = f" xml:lang={quoteattr(term.language)}"
        elif term.datatype and str(term.datatype) != "http://www.w3.org/2001/XMLSchema#string":
            attrs = f" datatype={quoteattr(str(term.datatype))}"
    return f"<literal{attrs}>{escape(str(term))}</literal>"


def to_xml(result: Result) -> str:
    out = ['<?xml version="1.0"?>', '<sparql xmlns="http://www.w3.org/2005/sparql-results#">', "<head>"]
    out += [f"<variable name={quoteattr(v)}/>" for v in result.variables]
    out.append("</head>")
    if result.kind == "ask":
        out.append(f"<boolean>{'true' if result.boolean else 'false'}</boolean>")
    else:
        out.append("<results>")
        for row in result.rows:
            out.append("<result>")
            out += [f"<binding name={quoteattr(k)}>{_xml_term(v)}</binding>" for k, v in row.items() if v is not None]
            out.append("</result>")
        out.append("</results>")
    out.append("</sparql>")
    return "\n".join(out) + "\n"


def to_csv(result: Result) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    if result.kind == "ask":
        writer.writerow(["boolean"])
        writer.writerow(["true" if result.boolean else "false"])
        return buf.getvalue()
    writer.writerow(result.variables)
    for row in result.rows:
        writer.writerow(["" if row.get(v) is None else (f"_:{row[v]}" if isinstance(row[v], BNode) else str(row[v]))
                         for v in result.variables])
    return buf.getvalue()


def _tsv_term(term: Node | None) -> str:
    if term is None:
        return ""
    if isinstance(term, Literal) and not term.language and term.datatype is None:
        return Literal(str(term)).n3()
    return term.n3()


def to_tsv(result: Result) -> str:
    if result.kind == "ask":
        return "?boolean\n" + ("true" if result.boolean else "false") + "\n"
    lines = ["\t".join(f"?{v}" for v in result.variables)]
    lines += ["\t".join(_tsv_term(row.get(v)) for v in result.variables) for row in result.rows]
    return "\n".join(lines) + "\n"


def to_table(result: Result) -> str:
    """Aligned columns for a terminal (prefixed IRIs)."""
    if result.kind == "ask":
        return ("yes" if result.boolean else "no") + "\n"
    if result.kind == "graph":
        assert result.graph is not None
        return result.graph.serialize(format="turtle")
    header = result.variables
    cells = [[short(row.get(v)).replace("\n", " ") for v in header] for row in result.rows]
    widths = [min(60, max([len(h)] + [len(r[i]) for r in cells])) for i, h in enumerate(header)]
    def line(values: list[str]) -> str:
        return "  ".join(v[:w].ljust(w) for v, w in zip(values, widths, strict=True)).rstrip()
    out = [line(header), line(["-" * w for w in widths])] + [line(r) for r in cells]
    out.append(f"({len(cells)} row{'s' if len(cells) != 1 else ''}{', truncated' if result.truncated else ''})")
    return "\n".join(out) + "\n"


SERIALIZERS = {"json": to_json, "xml": to_xml, "csv": to_csv, "tsv": to_tsv, "table": to_table}


def serialize(result: Result, fmt: str) -> str:
    """`fmt`: json, xml, csv, tsv or table; a graph result is written as Turtle/N-Triples/JSON-LD/RDF-XML."""
    if result.kind == "graph":
        assert result.graph is not None
        graph_format = {"json": "json-ld", "table": "turtle", "csv": "nt", "tsv": "nt"}.get(fmt, fmt)
        return result.graph.serialize(format=graph_format)
    return SERIALIZERS[fmt](result)
