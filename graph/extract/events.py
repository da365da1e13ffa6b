"""The meeting an article reports: kind, date (year from the text, the page date or the
period under review) and the period it reviews. One event per article: a combined
"tổng kết năm N và ký kết giao ước năm N+1" is reported as its first act.
"""

from __future__ import annotations

import re
from datetime import date

from graph.extract.document import Document
from graph.extract.lexicon import load as load_lexicon
from graph.extract.lexicon import rx
from thidua.dates import find_dates, infer_year

SECONDARY = ("ky_giao_uoc", "phat_dong")
_DOC_NUMBER = rx(r"số\s+[0-9]+[^\s]*/[^\s]*\s+(?:ngày\s+)?$")
_DATE_CUE = rx(r"^\W*(?:sáng|chiều|tối|trưa|ngày|hôm)\s+(?:ngày\s+)?\(?[0-9]")
_MEETING = rx(r"hội nghị|(?<!\w)họp(?!\w)|(?<!\w)lễ(?!\w)")
_LISTED = rx(r"^\s*(?:\([^()]{0,60}\))?\s*(?:,|và)\s*$")
_DEADLINE = rx(load_lexicon()["deadline"])
_HOSTS = rx(r"^\s*(?:đã\s+)?(?:chủ trì\s+)?(?:tổ chức|chủ trì)(?!\w)")


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
    if s is None or doc.event_kind is None or doc.event_asked:
        return []
    when, inferred = _date_in(doc, s)
    if when is None:
        # a headline-only event: the lead sentence often opens with the date ("Sáng 10/01, Khối …")
        lead = next((x for x in doc.sentences if not x.title), None)
        if lead is not None and lead is not s and _DATE_CUE.match(doc.folded[lead.start:lead.end]) and (
                doc.blocs_from(lead.start, lead.end) or _MEETING.search(doc.folded[lead.start:lead.end])):
            when, inferred = _date_in(doc, lead)
    base = {
        "date": when, "bloc": doc.bloc.name if doc.bloc else None, "host": _host(doc, s),
        "evidence": doc.evidence(s), "confidence": 0.6 if inferred or when is None else 0.85,
        "province": doc.province,
    }
    facts = [{"type": "event", "kind": doc.event_kind, **base, "period": doc.period}]
    # "tổng kết năm N và ký kết giao ước năm N+1" in the same sentence: the covenant too
    for pos, kind in doc.event_acts:
        if kind in SECONDARY and kind != doc.event_kind and all(f["kind"] != kind for f in facts):
            years = doc.years(s.start + pos, s.end)
            facts.append({"type": "event", "kind": kind, **base,
                          "period": years[0][1] if years else doc.period})
    return facts


def _date_in(doc: Document, s) -> tuple[str | None, bool]:
    """The first day-precise date of sentence `s` that is not a cited document's, as ISO, and
    whether its year was inferred."""
    for d in find_dates(doc.text[s.start:s.end]):
        before = doc.folded[max(s.start, s.start + d.start - 60):s.start + d.start]
        if d.day is None or _DOC_NUMBER.search(before) or _DEADLINE.search(before):
            continue  # a cited document's date ("Hướng dẫn số 45/HD-SNV ngày 20/11/2022"), a deadline
        year, inferred = d.year, False
        if year is None:
            inferred = True
            if doc.published:
                year = infer_year(d.day, d.month, doc.published)
            else:
                year = _year_without_published(doc.event_kind, d.month, doc.period)
        if year is None:
            continue
        try:
            return date(year, d.month, d.day).isoformat(), inferred
        except ValueError:
            continue
    return None, False


def _host(doc: Document, s) -> str | None:
    """The agency that holds the meeting: "A (đơn vị Trưởng khối) tổ chức / chủ trì …"."""
    agencies = doc.in_sentence(s)
    for i, a in enumerate(agencies):
        if i and _LISTED.match(doc.folded[agencies[i - 1].end:a.start]):
            continue  # an item of a list ("…, Trà Vinh tổ chức"): the list holds the meeting
        after = doc.folded[a.end:min(s.end, a.end + 80)]
        after = re.sub(r"^\s*\([^()]{0,60}\)", "", after)
        if _HOSTS.match(after):
            return a.name
    return None
