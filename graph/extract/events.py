"""The meeting an article reports: kind, date (year from the text, the page date or the
period under review) and the period it reviews. One event per article: a combined
"tổng kết năm N và ký kết giao ước năm N+1" is reported as its first act.
"""

from __future__ import annotations

from datetime import date

from graph.extract.document import Document
from thidua.dates import find_dates, infer_year


def _year_without_published(kind: str, month: int, period: int | None) -> int | None:
    """A "27/12" in an article with no page date: a year-end review in Sep-Dec sits in the
    year it reviews, one in Jan-Aug in the next; other meetings sit in their own year."""
    if period is None:
        return None
    if kind == "tong_ket":
        return period if month >= 9 else period + 1
    return period


def extract(doc: Document) -> list[dict]:
    s = doc.event_sentence
    if s is None or doc.event_kind is None:
        return []
    when = None
    inferred = False
    for d in find_dates(doc.text[s.start:s.end]):
        if d.day is None:
            continue
        year = d.year
        if year is None:
            inferred = True
            if doc.published:
                year = infer_year(d.day, d.month, doc.published)
            else:
                year = _year_without_published(doc.event_kind, d.month, doc.period)
        if year is None:
            continue
        try:
            when = date(year, d.month, d.day).isoformat()
        except ValueError:
            continue
        break
    fact = {
        "type": "event", "kind": doc.event_kind, "date": when, "period": doc.period,
        "bloc": doc.bloc.name if doc.bloc else None, "host": None,
        "evidence": doc.evidence(s), "confidence": 0.6 if inferred or when is None else 0.85,
        "province": doc.province,
    }
    return [fact]
