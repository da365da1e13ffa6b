"""Year-over-year chair rotation of one bloc: who chaired, who vice-chaired, what was won.

The table a user asks for ("who chaired Khối Kinh tế - Kỹ thuật each year?"): one row per
year from the first to the last year the graph knows (or --from/--to), with the sources
of every fact, a conflict flag where sources name different chairs, and empty rows for
the years nothing is known (gaps). Where the chair of a gap year is unknown and the
bloc's own record shows a vice-chair of one year chairing the next, the previous year's
vice-chair is offered as a hint, marked as inferred: rotation is practice, not a rule.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rdflib import URIRef

from graph import named
from graph.lookup import LookupFailed, resolve
from graph.match import Candidate
from graph.query import execute

AWARD_CODES = {"CoThiDua": "co_thi_dua", "BangKhen": "bang_khen", "GiayKhen": "giay_khen", "OtherAward": "other"}


@dataclass
class Evidence:
    """One fact behind a cell: its node, its article and the sentence that states it."""

    fact: str
    source: str | None
    sentence: str | None


@dataclass
class Holder:
    """An agency in a seat (chair or vice-chair) for a year."""

    agency: str
    agency_iri: str
    evidence: list[Evidence] = field(default_factory=list)
    conflict: bool = False

    @property
    def sources(self) -> list[str]:
        return sorted({e.source for e in self.evidence if e.source})


@dataclass
class Award:
    award: str          # co_thi_dua | bang_khen | giay_khen | other (as in the facts)
    label: str          # the words the article used
    recipient: str
    recipient_iri: str
    status: str
    rank: int | None
    evidence: list[Evidence] = field(default_factory=list)

    @property
    def sources(self) -> list[str]:
        return sorted({e.source for e in self.evidence if e.source})


@dataclass
class Year:
    year: int
    chair: list[Holder] = field(default_factory=list)
    vice_chair: list[Holder] = field(default_factory=list)
    awards: list[Award] = field(default_factory=list)
    hint: str | None = None
    hint_agency: str | None = None     # the hint's parts, for pages in other languages
    hint_precedent: int | None = None  # a year whose vice-chair chaired the year after

    @property
    def conflict(self) -> bool:
        return len(self.chair) > 1 or any(h.conflict for h in self.chair + self.vice_chair)

    @property
    def gap(self) -> bool:
        return not self.chair and not self.vice_chair


@dataclass
class Rotation:
    province: str
    province_iri: str | None
    bloc: str
    bloc_iri: str
    years: list[Year]

    def to_json(self) -> dict[str, Any]:
        """The shape of issue 5, exactly."""
        def seat(holders: list[Holder]) -> list[dict[str, Any]]:
            return [{"agency": h.agency, "sources": h.sources} for h in holders]

        return {
            "province": self.province,
            "bloc": self.bloc,
            "years": [
                {
                    "year": y.year,
                    "chair": seat(y.chair),
                    "vice_chair": seat(y.vice_chair),
                    "awards": [{"award": a.award, "recipient": a.recipient, "status": a.status,
                                "rank": a.rank, "sources": a.sources} for a in y.awards],
                    "conflict": y.conflict,
                    "hint": y.hint,
                }
                for y in self.years
            ],
        }


def _int(term: Any) -> int | None:
    if term is None:
        return None
    try:
        return int(str(term)[:4]) if len(str(term)) >= 4 else int(str(term))
    except ValueError:
        return None


def _holders(rows: list[dict[str, Any]]) -> dict[tuple[int, str], dict[str, Holder]]:
    seats: dict[tuple[int, str], dict[str, Holder]] = {}
    for row in rows:
        year = _int(row.get("year"))
        if year is None:
            continue
        iri = str(row["agency"])
        by_agency = seats.setdefault((year, str(row["role"])), {})
        holder = by_agency.get(iri)
        if holder is None:
            label = str(row.get("agencyLabel") or iri.rsplit("/", 1)[-1])
            holder = by_agency[iri] = Holder(agency=label, agency_iri=iri)
        ev = Evidence(str(row["fact"]), _str(row.get("source")), _str(row.get("sentence")))
        if ev not in holder.evidence:
            holder.evidence.append(ev)
        holder.conflict = holder.conflict or str(row.get("conflict")).lower() == "true"
    return seats


def _str(term: Any) -> str | None:
    return None if term is None else str(term)


def _awards(rows: list[dict[str, Any]]) -> dict[int, list[Award]]:
    found: dict[tuple[int, str, str, str], Award] = {}
    for row in rows:
        year = _int(row.get("year"))
        if year is None:
            continue
        iri = str(row["recipient"])
        status = str(row.get("status") or "")
        kind = str(row.get("kind") or "").rpartition("#")[2]
        k = (year, AWARD_CODES.get(kind, str(row.get("award") or "other")), iri, status)
        award = found.get(k)
        if award is None:
            award = found[k] = Award(award=k[1], label=str(row.get("label") or k[1]), recipient=str(row.get("recipientLabel") or iri.rsplit("/", 1)[-1]),
                                     recipient_iri=iri, status=status, rank=_int(row.get("rank")))
        ev = Evidence(str(row["fact"]), _str(row.get("source")), _str(row.get("sentence")))
        if ev not in award.evidence:
            award.evidence.append(ev)
    by_year: dict[int, list[Award]] = {}
    for (year, *_), award in sorted(found.items(), key=lambda kv: (kv[0][0], kv[1].rank or 99, kv[1].award,
                                                                    kv[1].recipient)):
        by_year.setdefault(year, []).append(award)
    return by_year


def _hints(years: list[Year]) -> None:
    """Offer the previous year's vice-chair for a year without a known chair, when the
    bloc's own record shows a vice-chair chairing the following year at least once."""
    by_year = {y.year: y for y in years}
    precedents = [
        y.year for y in years
        if (nxt := by_year.get(y.year + 1)) is not None
        and {h.agency_iri for h in y.vice_chair} & {h.agency_iri for h in nxt.chair}
    ]
    if not precedents:
        return
    example = precedents[-1]
    for y in years:
        prev = by_year.get(y.year - 1)
        if y.chair or prev is None or not prev.vice_chair:
            continue
        names = " / ".join(h.agency for h in prev.vice_chair)
        y.hint_agency, y.hint_precedent = names, example
        y.hint = (f"inferred, not stated in any source: {names} (vice-chair in {prev.year}) may chair "
                  f"{y.year}; in this bloc the vice-chair of {example} chaired {example + 1}")


def rotation(store: Any, bloc: str, province: str | None = None, year_from: int | None = None,
             year_to: int | None = None) -> Rotation:
    """The rotation table of the bloc `bloc` names (loosely), in `province` when given.

    Raises graph.lookup.LookupFailed (with the candidates) when the names match nothing or
    several blocs."""
    prov: Candidate | None = resolve(store, "province", province) if province else None
    found = resolve(store, "bloc", bloc, prov.iri if prov else None)
    if prov and found.province and found.province != prov.iri:
        raise LookupFailed(f"no bloc {bloc!r} in {prov.label}; the closest is {found.describe()}")
    return rotation_of(store, found, year_from, year_to)


def rotation_of(store: Any, bloc: Candidate, year_from: int | None = None, year_to: int | None = None) -> Rotation:
    """The rotation table of one resolved bloc."""
    binding = {"bloc": URIRef(bloc.iri)}
    seats = _holders(execute(store, named.get("rotation").sparql, binding).rows)
    awards = _awards(execute(store, named.get("bloc-awards").sparql, binding).rows)
    known = {y for y, _ in seats} | set(awards)
    first = min([*known, *([year_from] if year_from is not None else [])], default=None)
    last = max([*known, *([year_to] if year_to is not None else [])], default=None)
    years: list[Year] = []
    if first is not None and last is not None:
        for year in range(first, last + 1):
            years.append(Year(
                year=year,
                chair=sorted(seats.get((year, "chair"), {}).values(), key=lambda h: h.agency),
                vice_chair=sorted(seats.get((year, "vice_chair"), {}).values(), key=lambda h: h.agency),
                awards=awards.get(year, []),
            ))
        _hints(years)  # on the bloc's whole record, before the window is cut
    years = [y for y in years if (year_from is None or y.year >= year_from) and (year_to is None or y.year <= year_to)]
    return Rotation(province=bloc.province_label or "", province_iri=bloc.province, bloc=bloc.label,
                    bloc_iri=bloc.iri, years=years)


def all_blocs(store: Any) -> list[Candidate]:
    """Every bloc of the store, by province then name."""
    from graph.lookup import candidates

    return sorted(candidates(store, "blocs", "bloc"), key=lambda c: (c.province_label or "", c.label, c.iri))
