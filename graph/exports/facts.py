"""The graph's facts as JSON Lines, in the shape of ../shared/FACTS.md plus id and source.

Entities are written by their label (as `thidua build` reads them) with their IRI beside
(`agency_iri`); vocabulary terms become the FACTS.md values (thd:Chair -> "chair"). The
mapping lives in facts.yaml. Lines are sorted by fact id, keys sorted: byte-stable.
"""

from __future__ import annotations

import json
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from rdflib import RDF, SKOS, Graph, Literal, URIRef

from graph.vocab import PROV, SCHEMA, THD

_LABELS = (SKOS.prefLabel, SCHEMA.name, SCHEMA.headline)


@cache
def mapping() -> dict[str, Any]:
    return yaml.safe_load((Path(__file__).with_name("facts.yaml")).read_text(encoding="utf-8"))


def label(graph: Graph, node: Any) -> str | None:
    """The preferred label of an entity (prefLabel, schema:name or headline), if it has one."""
    for predicate in _LABELS:
        values = sorted(str(v) for v in graph.objects(node, predicate))
        if values:
            return values[0]
    return None


def _value(graph: Graph, node: Any) -> tuple[Any, str | None]:
    """(value for the JSON, IRI beside it or None)."""
    if isinstance(node, Literal):
        python = node.toPython()
        if isinstance(python, Decimal):
            return float(python), None
        if node.datatype and str(node.datatype).endswith("#gYear"):
            try:
                return int(str(node)[:4]), None
            except ValueError:
                return str(node), None
        return (python if isinstance(python, bool | int | float | str) else str(node)), None
    text = str(node)
    if text.startswith(str(THD)):
        local = text[len(str(THD)):]
        return mapping()["values"].get(local, local), None
    return label(graph, node) or text, text


def fact_record(graph: Graph, fact: URIRef, kind: str) -> dict[str, Any]:
    """One fact node as a FACTS.md-shaped dict."""
    fields = mapping()["fields"]
    record: dict[str, Any] = {"id": str(fact), "type": kind}
    multi: dict[str, list[Any]] = {}
    for predicate, obj in graph.predicate_objects(fact):
        name = fields.get(str(predicate))
        if name is None:
            continue
        value, iri = _value(graph, obj)
        multi.setdefault(name, []).append(value)
        if iri is not None and name not in ("conflicts_with",):
            multi.setdefault(f"{name}_iri", []).append(iri)
    for name, values in multi.items():
        unique = sorted(set(values), key=lambda v: json.dumps(v, ensure_ascii=False))
        record[name] = unique[0] if len(unique) == 1 and name != "conflicts_with" else unique
    sources = sorted(str(s) for s in graph.objects(fact, PROV.wasDerivedFrom))
    if sources:
        record["doc"] = sources[0]
        record["source_title"] = label(graph, URIRef(sources[0]))
    provinces = sorted(label(graph, p) or str(p) for s in sources for p in graph.objects(URIRef(s), THD.province))
    record["province"] = provinces[0] if provinces else None
    for evidence in graph.objects(fact, THD.evidence):
        record["evidence"] = {
            "start": _int(graph.value(evidence, THD.start)),
            "end": _int(graph.value(evidence, THD.end)),
            "text": str(graph.value(evidence, THD.text) or ""),
        }
        break
    return record


def _int(value: Any) -> int | None:
    return int(value) if value is not None else None


def records(graph: Graph) -> list[dict[str, Any]]:
    """Every fact of the graph, sorted by id."""
    out = []
    for local, kind in mapping()["classes"].items():
        for fact in graph.subjects(RDF.type, THD[local]):
            if isinstance(fact, URIRef):
                out.append(fact_record(graph, fact, kind))
    return sorted(out, key=lambda r: r["id"])


def to_jsonl(graph: Graph) -> bytes:
    lines = [json.dumps(r, ensure_ascii=False, sort_keys=True) for r in records(graph)]
    return ("\n".join(lines) + "\n").encode("utf-8") if lines else b""
