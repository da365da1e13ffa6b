"""Vietnamese date expressions, for page dates (crawl) and event dates (extraction).

Dates in this genre are day-month-year: "Ngày 14 tháng 10 năm 2020", "Chiều ngày 07/3/2019",
"13.1.2021", "04:07 PM,18/03/2019"; the year is often left out ("Sáng 26-01", "ngày 11-1",
"(10/8)") and must come from the publication date. A bare "6/7" is as likely a fraction
("06/6 đơn vị") as a date, so a date without a year is only taken after a cue word
(ngày, sáng, chiều, tối, trưa) or alone in brackets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

MIN_YEAR, MAX_YEAR = 1975, 2100

_CUE = r"(?:(?:sáng|chiều|tối|trưa|đêm|hôm)\s+(?:ngày\s+)?|ngày\s+)"
_SEP = r"[/.\-]"

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    # ngày 14 tháng 10 năm 2020 / 14 tháng 10 năm 2020 / ngày 14 tháng 10
    ("words", re.compile(
        r"(?:ngày\s+)?(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2})(?:\s*(?:năm|,)\s*(?P<y>\d{4}))?", re.I)),
    # tháng 10 năm 2020 / tháng 10/2020 (month precision)
    ("month", re.compile(r"tháng\s+(?P<m>\d{1,2})\s*(?:năm\s+|/)(?P<y>\d{4})", re.I)),
    # 2020-10-14 (ISO, meta tags)
    ("iso", re.compile(r"(?<!\d)(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})(?!\d)")),
    # 07/3/2019, 13.1.2021, 11-1-2021
    ("dmy", re.compile(rf"(?<![\d/.\-])(?P<d>\d{{1,2}}){_SEP}(?P<m>\d{{1,2}}){_SEP}(?P<y>\d{{4}})(?!\d)")),
    # cue + 26/01, 11-1, 20.1 (no year)
    ("cue-dm", re.compile(rf"{_CUE}\(?(?P<d>\d{{1,2}}){_SEP}(?P<m>\d{{1,2}})(?![\d/.\-]*\d)", re.I)),
    # (10/8) alone in brackets
    ("paren-dm", re.compile(r"\((?P<d>\d{1,2})/(?P<m>\d{1,2})\)")),
]


@dataclass(frozen=True)
class DateMention:
    """A date found in text; `year` is None where the text leaves it out, `day` None for a month."""

    start: int
    end: int
    raw: str
    day: int | None
    month: int
    year: int | None

    def to_date(self, published: date | None = None) -> date | None:
        """The full date, taking a missing year from the publication date (see `infer_year`)."""
        if self.day is None:
            return None
        year = self.year if self.year is not None else infer_year(self.day, self.month, published)
        if year is None:
            return None
        try:
            return date(year, self.month, self.day)
        except ValueError:
            return None

    def iso(self, published: date | None = None) -> str | None:
        value = self.to_date(published)
        return value.isoformat() if value else None


def _valid(day: int | None, month: int, year: int | None) -> bool:
    if not 1 <= month <= 12:
        return False
    if day is not None and not 1 <= day <= 31:
        return False
    if year is not None and not MIN_YEAR <= year <= MAX_YEAR:
        return False
    if day is not None and year is not None:
        try:
            date(year, month, day)
        except ValueError:
            return False
    return True


def find_dates(text: str) -> list[DateMention]:
    """All date mentions in `text`, in order, without overlaps (the longest form wins)."""
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    for _, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            groups = m.groupdict()
            day = int(groups["d"]) if groups.get("d") else None
            month = int(groups["m"])
            year = int(groups["y"]) if groups.get("y") else None
            if not _valid(day, month, year):
                continue
            start, end = m.span()
            if any(s < end and start < e for s, e in taken):
                continue
            taken.append((start, end))
            found.append(DateMention(start, end, m.group(0), day, month, year))
    return sorted(found, key=lambda d: d.start)


def infer_year(day: int, month: int, published: date | None) -> int | None:
    """The year of a day-month mention in an article published on `published`.

    News reports past events: a "27/12" in an article of 5 January is last year's.
    """
    if published is None:
        return None
    if (month, day) > (published.month, published.day):
        return published.year - 1
    return published.year


def parse_date(raw: str | None, published: date | None = None) -> date | None:
    """The first full date in `raw` (a missing year taken from `published`), or None."""
    if not raw:
        return None
    for mention in find_dates(raw):
        value = mention.to_date(published)
        if value:
            return value
    return None


_ISO_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?")


def parse_page_date(raw: str | None) -> str | None:
    """A page's publication date as ISO (YYYY-MM-DD), from meta/JSON-LD ISO values or the
    Vietnamese forms pages print ("04:07 PM,18/03/2019", "Cập nhật lúc: 09/01/2023",
    "Thứ Tư, 12/01/2022", "25/02/2023 - 17:45"). Only full dates count: a page date with no
    year is no page date.
    """
    if not raw:
        return None
    iso = _ISO_DATETIME.search(raw)
    if iso:
        text = iso.group(0).replace("Z", "+00:00")
        try:
            return datetime.fromisoformat(text).date().isoformat()
        except ValueError:
            pass
    for mention in find_dates(raw):
        if mention.year is not None and mention.day is not None:
            return mention.iso()
    return None
