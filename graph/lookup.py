"""Find the bloc, agency or province a user means, in a given store.

Reads the candidates with the named queries `blocs`, `agencies` and `provinces` and hands
them to graph.match; the gazetteer supplies canonical agency and province names
("Sở NN&PTNT" -> "Sở Nông nghiệp và Phát triển nông thôn", "Bắc Cạn" -> "Bắc Kạn").
"""

from __future__ import annotations

from typing import Any

from rdflib import URIRef
from rdflib.term import Node

from graph import named
from graph.match import Candidate, MatchResult, match
from graph.query import execute, iri_term, year_term


class LookupFailed(ValueError):
    """No single match: the message names the query and lists the candidates."""


def candidates(store: Any, query_name: str, key: str, bindings: dict[str, Node] | None = None) -> list[Candidate]:
    """The resources a named listing query (blocs, agencies, provinces, province-…) returns."""
    result = execute(store, named.get(query_name).sparql, bindings)
    found: dict[str, Candidate] = {}
    for row in result.rows:
        iri = str(row[key])
        cand = found.get(iri)
        if cand is None:
            label = str(row.get("label") or iri.rsplit("/", 1)[-1])
            cand = found[iri] = Candidate(iri=iri, label=label, names={label})
            if row.get("number") is not None:
                try:
                    cand.number = int(str(row["number"]))
                except ValueError:
                    pass
            if row.get("province") is not None:
                cand.province = str(row["province"])
                cand.province_label = str(row.get("provinceLabel") or cand.province.rsplit("/", 1)[-1])
        if row.get("altLabel") is not None:
            cand.names.add(str(row["altLabel"]))
    return list(found.values())


def _gazetteer_name(name: str, kind: str) -> str | None:
    try:
        from graph.gazetteer import load
    except ImportError:
        return None
    gaz = load()
    if kind == "province":
        prov = gaz.province(name)
        return prov.name if prov else None
    entry = gaz.canonical(name)
    return entry.name if entry else None


def find(store: Any, kind: str, name: str, province: str | None = None) -> MatchResult:
    """The match of `name` among the store's blocs/agencies/provinces (kind), within
    `province` (a province IRI) when given."""
    query_name = {"bloc": "blocs", "agency": "agencies", "province": "provinces"}[kind]
    cands: list[Candidate] = []
    if province and kind != "province":
        cands = candidates(store, f"province-{query_name}", kind, {"province": URIRef(province)})
    if not cands:  # no province given, or nothing in it: look everywhere (the message lists where)
        cands = candidates(store, query_name, kind)
    return match(name, cands, kind, canonical=_gazetteer_name(name, kind) if kind != "bloc" else None)


def resolve(store: Any, kind: str, name: str, province: str | None = None) -> Candidate:
    """The one candidate `name` designates; LookupFailed with the candidates otherwise."""
    what = {"bloc": "bloc", "agency": "agency", "province": "province"}[kind]
    result = find(store, kind, name, province)
    if result.found is None:
        raise LookupFailed(result.message(what))
    return result.found


def by_iri(store: Any, kind: str, iri: str) -> Candidate:
    """The bloc/agency/province with this IRI; LookupFailed when the graph has none."""
    query_name = {"bloc": "blocs", "agency": "agencies", "province": "provinces"}[kind]
    for cand in candidates(store, query_name, kind):
        if cand.iri == iri:
            return cand
    raise LookupFailed(f"no {kind} <{iri}> in this graph")


def bind(store: Any, query: named.NamedQuery, raw: dict[str, str]) -> dict[str, Node]:
    """RDF terms for the named query's parameters, from the strings a user typed.

    bloc/agency/province values are matched loosely (province first, so a bloc is looked
    up within it); year and int become typed literals; iri accepts id:/thd: prefixes."""
    from rdflib import Literal
    from rdflib.namespace import XSD

    declared = {p.name: p for p in query.params}
    unknown = sorted(set(raw) - set(declared))
    if unknown:
        raise LookupFailed(f"the query {query.name!r} has no parameter {', '.join(unknown)}; "
                           f"its parameters: {', '.join(declared) or '(none)'}")
    missing = [p.name for p in query.params if not p.optional and p.name not in raw]
    if missing:
        raise LookupFailed(f"the query {query.name!r} needs --param {'=… --param '.join(missing)}=…")
    out: dict[str, Node] = {}
    order = sorted(raw, key=lambda n: declared[n].kind != "province")
    province_iri: str | None = None
    for name in order:
        value, kind = raw[name], declared[name].kind
        if kind in ("bloc", "agency", "province"):
            cand = resolve(store, kind, value, province_iri)
            out[name] = URIRef(cand.iri)
            if kind == "province":
                province_iri = cand.iri
        elif kind == "year":
            if not value.strip().isdigit():
                raise LookupFailed(f"--param {name}={value!r}: a year is a number such as 2020")
            out[name] = year_term(value)
        elif kind == "int":
            try:
                out[name] = Literal(int(value), datatype=XSD.integer)
            except ValueError:
                raise LookupFailed(f"--param {name}={value!r}: give a whole number") from None
        elif kind == "iri":
            if not value or any(c in value for c in '<>"{}|^`\\ \t\n'):
                raise LookupFailed(f"--param {name}={value!r} is not an IRI")
            out[name] = iri_term(value)
        else:
            out[name] = Literal(value)
    return out
