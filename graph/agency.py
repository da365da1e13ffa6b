"""One agency's record: its blocs, seats and awards year by year, across renames and mergers.

The 2025 reorganisation merged and renamed many departments; the builder links each old
agency to its successor with thd:succeededBy. The history of "Sở Nông nghiệp và Môi
trường" therefore includes what "Sở Nông nghiệp và Phát triển nông thôn" did before 2025,
and each line says under which name it was recorded.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rdflib import URIRef

from graph import named
from graph.lookup import resolve
from graph.match import Candidate
from graph.query import execute

WHAT_LABELS = {"chair": "Khối trưởng", "vice_chair": "Khối phó", "member": "Thành viên"}


@dataclass
class Entry:
    """One line of the history: a seat, a membership or an award, with its evidence."""

    year: int | None
    what: str
    bloc: str | None
    bloc_iri: str | None
    as_agency: str
    fact: str
    sources: list[str] = field(default_factory=list)


@dataclass
class History:
    agency: str
    agency_iri: str
    province: str
    names: list[str]          # every agency name the history spans (lineage), this one first
    entries: list[Entry]

    def to_json(self) -> dict[str, Any]:
        return {
            "agency": self.agency, "province": self.province, "names": self.names,
            "entries": [{"year": e.year, "what": e.what, "bloc": e.bloc, "as": e.as_agency, "sources": e.sources}
                        for e in self.entries],
        }


def history(store: Any, name: str, province: str | None = None) -> History:
    """The history of the agency `name` designates (loosely), in `province` when given.
    Raises graph.lookup.LookupFailed with the candidates when that is not one agency."""
    prov = resolve(store, "province", province) if province else None
    return history_of(store, resolve(store, "agency", name, prov.iri if prov else None))


def history_of(store: Any, agency: Candidate) -> History:
    rows = execute(store, named.get("agency-history").sparql, {"agency": URIRef(agency.iri)}).rows
    entries: dict[tuple[str, str], Entry] = {}
    names = [agency.label]
    for row in rows:
        year = str(row["year"])[:4] if row.get("year") is not None else None
        as_agency = str(row.get("asAgency") or row.get("holder") or "")
        where = row.get("holderProvince")
        if str(row.get("holder")) != agency.iri and where is not None and str(where) != agency.province_label:
            as_agency = f"{as_agency} ({where})"  # the same name in a merged-away province
        if as_agency and as_agency not in names:
            names.append(as_agency)
        k = (str(row["fact"]), str(row.get("what")))
        entry = entries.get(k)
        if entry is None:
            entry = entries[k] = Entry(
                year=int(year) if year and year.isdigit() else None, what=str(row.get("what") or ""),
                bloc=str(row["blocLabel"]) if row.get("blocLabel") is not None else None,
                bloc_iri=str(row["bloc"]) if row.get("bloc") is not None else None,
                as_agency=as_agency, fact=str(row["fact"]))
        if row.get("source") is not None and str(row["source"]) not in entry.sources:
            entry.sources.append(str(row["source"]))
    ordered = sorted(entries.values(), key=lambda e: (e.year is None, e.year or 0, e.bloc or "", e.what, e.fact))
    for e in ordered:
        e.sources.sort()
    return History(agency=agency.label, agency_iri=agency.iri, province=agency.province_label or "",
                   names=names, entries=ordered)
