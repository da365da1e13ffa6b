"""Facts as statements, the way FollowTheMoney / nomenklatura keep them.

A statement says one thing about one subject, from one source: (source, subject, property,
value). Its ID is a hash of those four, so the same statement read twice is the same node
and a rebuild adds nothing, while the same statement in two articles stays two nodes, each
with its own provenance. Beside the normalised value it keeps the value as written, and the
times its source was first and last seen. Dates keep their precision in their datatype.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from rdflib import Literal
from rdflib.namespace import XSD


def statement_id(source: str, subject: str, prop: str, value: str) -> str:
    """16 hex digits of SHA-1 over the four parts (unit-separated, so parts cannot run together)."""
    return hashlib.sha1("\x1f".join((source, subject, prop, value)).encode("utf-8")).hexdigest()[:16]


def canonical_value(fields: dict[str, Any]) -> str:
    """A deterministic text for the normalised value of a statement (sorted keys, no spaces)."""
    return json.dumps({k: v for k, v in fields.items() if v is not None}, ensure_ascii=False,
                      sort_keys=True, separators=(",", ":"))


@dataclass
class Evidence:
    start: int
    end: int
    text: str


@dataclass
class Statement:
    """One fact from one source; `fields` are the normalised values the graph writes."""

    source: str                       # the article IRI
    subject: str                      # the IRI of the entity the statement is about
    prop: str                         # the fact type: role, member, award, event, person
    fields: dict[str, Any]            # normalised value (entity IRIs and plain values)
    as_written: list[str] = field(default_factory=list)   # the value(s) as the article wrote them
    evidence: list[Evidence] = field(default_factory=list)
    confidence: float | None = None
    first_seen: str | None = None     # xsd:dateTime lexical form (UTC, 'Z')
    last_seen: str | None = None
    _id: str | None = field(default=None, repr=False, compare=False)

    @property
    def value(self) -> str:
        return canonical_value(self.fields)

    @property
    def id(self) -> str:
        if self._id is None:
            self._id = statement_id(self.source, self.subject, self.prop, self.value)
        return self._id

    def merge(self, other: Statement) -> None:
        """Fold in the same statement read again (another sentence, a later crawl)."""
        for ev in other.evidence:
            if all((e.start, e.end) != (ev.start, ev.end) for e in self.evidence):
                self.evidence.append(ev)
        for raw in other.as_written:
            if raw not in self.as_written:
                self.as_written.append(raw)
        if other.confidence is not None:
            self.confidence = max(self.confidence or 0.0, other.confidence)
        for seen in (other.first_seen, other.last_seen):
            if seen:
                self.first_seen = min(filter(None, (self.first_seen, seen)))
                self.last_seen = max(filter(None, (self.last_seen, seen)))

    def to_json(self) -> dict[str, Any]:
        """The statement as a JSON record (FtM statement fields), for statement exports."""
        return {
            "id": self.id, "source": self.source, "subject": self.subject, "prop": self.prop,
            "value": self.value, "original_value": self.as_written, "first_seen": self.first_seen,
            "last_seen": self.last_seen, "confidence": self.confidence,
            "evidence": [e.__dict__ for e in self.evidence],
        }


# -- dates with their precision -------------------------------------------------------------

_YEAR = re.compile(r"^\d{4}$")
_MONTH = re.compile(r"^\d{4}-\d{2}$")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@lru_cache(maxsize=4096)
def _year(text: str) -> Literal | None:
    return Literal(text, datatype=XSD.gYear) if _YEAR.match(text) else None


def year_literal(value: Any) -> Literal | None:
    """A year as xsd:gYear ("2019"), never as 1 January; None for what is not a year."""
    if value is None or isinstance(value, bool):
        return None
    return _year(str(value).strip())


@lru_cache(maxsize=16384)
def date_literal(value: Any) -> Literal | None:
    """A date at the precision it was written: xsd:gYear, xsd:gYearMonth or xsd:date."""
    if value is None:
        return None
    text = str(value).strip()[:10]
    if _DAY.match(text):
        return Literal(text, datatype=XSD.date)
    if _MONTH.match(text):
        return Literal(text, datatype=XSD.gYearMonth)
    return year_literal(text)


@lru_cache(maxsize=4096)
def decimal_literal(value: float) -> Literal:
    """xsd:decimal in canonical form (0.95, 1), so every store keeps the same lexical value."""
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return Literal(text if text not in ("", "-", "-0") else "0", datatype=XSD.decimal)


@lru_cache(maxsize=65536)
def seen_literal(value: str) -> Literal:
    """An xsd:dateTime literal of seen_time's text (cached: one crawl has few distinct times)."""
    return Literal(value, datatype=XSD.dateTime)


def seen_time(value: Any) -> str | None:
    """An ISO time (or a POSIX timestamp) as xsd:dateTime lexical form in UTC, to the second."""
    if value is None or value == "":
        return None
    if isinstance(value, int | float):
        moment = datetime.fromtimestamp(value, UTC)
    else:
        text = str(value).strip().replace("Z", "+00:00")
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            return None
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
