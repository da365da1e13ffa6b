"""Agency lineage through the 2025 reorganisation, from the gazetteer's data.

Two steps can apply to an agency of the graph:
- the department merged or renamed inside its province (NĐ 45/2025, around 1 March 2025):
  the gazetteer entry's `succeeded_by` -> the successor body of the same province;
- the province merged into another (NQ 202/2025/QH15, from 1 July 2025): a body still in
  existence then continues as the same-named body of the province it merged into.

So Bắc Kạn's Sở Giao thông vận tải -> Bắc Kạn's Sở Xây dựng -> Thái Nguyên's Sở Xây dựng,
and a 2019-2026 lookup follows `thd:succeededBy*`. An agency the gazetteer does not know
gets no lineage: guessing it would be a silent merge.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Protocol

from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from graph.gazetteer import Entry
from graph.gazetteer import load as load_gazetteer
from graph.resolve import AgencyRef, ProvinceRef, agency_iri, province
from graph.store import GraphStore
from graph.vocab import THD, sparql_prefixes

Triple = tuple[Any, Any, Any]


class _EntityWriter(Protocol):
    def entity(self, iri: str, kind: str, rdf_type: URIRef, label: str, prov: ProvinceRef,
               forms: Iterable[str] = (), extra: Iterable[Triple] = ()) -> None: ...

    def province(self, prov: ProvinceRef) -> None: ...


def _validity(iri: str, entry: Entry) -> list[Triple]:
    out: list[Triple] = [(URIRef(iri), THD.gazetteerId, Literal(entry.id))]
    if entry.valid_from:
        out.append((URIRef(iri), THD.validFrom, Literal(entry.valid_from, datatype=XSD.date)))
    if entry.valid_to:
        out.append((URIRef(iri), THD.validTo, Literal(entry.valid_to, datatype=XSD.date)))
    return out


def _province_triples(prov: ProvinceRef, writer: _EntityWriter) -> tuple[list[Triple], ProvinceRef | None]:
    """(mergedInto / validTo triples, the province it merged into) for a province merged away."""
    if not prov.merged_into or not prov.label or prov.merged_into == prov.label:
        return [], None
    target = province(prov.merged_into)
    writer.province(target)
    out: list[Triple] = [(URIRef(prov.iri), THD.mergedInto, URIRef(target.iri))]
    if prov.until:
        out.append((URIRef(prov.iri), THD.validTo, Literal(prov.until, datatype=XSD.date)))
    return out, target


def successors(ref: AgencyRef) -> list[tuple[str, str, ProvinceRef, Entry]]:
    """The chain after an agency: (IRI, label, province, entry) of each successor, in order."""
    gaz = load_gazetteer()
    chain: list[tuple[str, str, ProvinceRef, Entry]] = []
    entry, prov = ref.entry, ref.province
    seen = {ref.iri}
    while entry is not None:
        nxt = gaz.get(entry.succeeded_by) if entry.succeeded_by else None
        if nxt is not None:
            entry = nxt
        elif prov.merged_into and prov.label and prov.merged_into != prov.label:
            if entry.valid_to and prov.until and entry.valid_to < prov.until:
                break      # ended before the province merged, with no successor recorded
            prov = province(prov.merged_into)
        else:
            break
        iri = agency_iri(entry.name, prov)
        if iri in seen:
            break
        seen.add(iri)
        chain.append((iri, entry.name, prov, entry))
    return chain


def triples(agencies: Iterable[AgencyRef], writer: _EntityWriter) -> list[Triple]:
    """thd:succeededBy links (and the successor agencies, validity dates, province merges)
    for the agencies of a build."""
    out: list[Triple] = []
    provinces: dict[str, ProvinceRef] = {}
    for ref in sorted(agencies, key=lambda r: r.iri):
        provinces[ref.province.slug] = ref.province
        if ref.entry is None:
            continue
        out += _validity(ref.iri, ref.entry)
        previous = ref.iri
        for iri, label, prov, entry in successors(ref):
            provinces[prov.slug] = prov
            writer.entity(iri, "successor", THD.Agency, label, prov, extra=_validity(iri, entry))
            out.append((URIRef(previous), THD.succeededBy, URIRef(iri)))
            previous = iri
    for prov in sorted(provinces.values(), key=lambda p: p.slug):
        merged, _ = _province_triples(prov, writer)
        out += merged
    return out


_FOLLOW = sparql_prefixes() + """
SELECT ?agency ?label WHERE {
  ?start thd:succeededBy* ?agency .
  OPTIONAL { ?agency skos:prefLabel ?label }
}"""


def follow(store: GraphStore, agency: str) -> list[str]:
    """The agency and every body that succeeded it, as IRIs (the store's thd:succeededBy*)."""
    rows = store.query(_FOLLOW, {"start": URIRef(agency)})
    assert isinstance(rows, list)
    order = {str(agency): 0}
    links = store.query(sparql_prefixes() + "SELECT ?a ?b WHERE { ?start thd:succeededBy* ?a . ?a thd:succeededBy ?b }",
                        {"start": URIRef(agency)})
    assert isinstance(links, list)
    nxt = {str(r["a"]): str(r["b"]) for r in links}
    chain, current = [str(agency)], str(agency)
    while current in nxt and nxt[current] not in order:
        current = nxt[current]
        order[current] = len(chain)
        chain.append(current)
    return chain + sorted(str(r["agency"]) for r in rows if str(r["agency"]) not in order)
