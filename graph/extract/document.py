"""The article as the extractor sees it: text, folded view, sentences, agencies, blocs, years.

Built once per article; every recogniser reads from it. `period` is the year under review
(the "năm N" of "tổng kết … năm N"), the default year of roles and awards stated without one.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from datetime import date

from graph.extract import agencies as agency_mod
from graph.extract import blocs as bloc_mod
from graph.extract.fast import fold
from graph.extract.lexicon import load as load_lexicon
from graph.extract.lexicon import rx
from graph.extract.sentences import Sentence, split
from graph.gazetteer import load as load_gazetteer
from thidua.dates import parse_page_date

_TINH = re.compile(r"(?<!\w)tỉnh[ \t]+")
_ORGANISE = rx(r"tổ chức\s*$")
_DATE_CUE = rx(r"^\W*(?:sáng|chiều|tối|trưa|ngày|hôm)\s+(?:ngày\s+)?\(?[0-9]")
YEAR = re.compile(r"(?<!\w)năm\s+(\d{4})(?!\d)")
_PAGE_DATE_LINE = 80
_DATE_MARK = re.compile(r"^\s*date\s+(\d{4})-(\d{2})(?:-(\d{2}))?", re.I)


@dataclass
class Document:
    text: str
    doc: str
    province: str | None
    published: date | None
    folded: str = ""
    sentences: list[Sentence] = field(default_factory=list)
    agencies: list[agency_mod.Agency] = field(default_factory=list)
    blocs: list[bloc_mod.Bloc] = field(default_factory=list)
    bloc: bloc_mod.Bloc | None = None
    period: int | None = None
    period_inferred: bool = True
    event_sentence: Sentence | None = None
    event_kind: str | None = None
    event_acts: list[tuple[int, str]] = field(default_factory=list)  # (offset in sentence, kind)
    event_asked: bool = False    # the meeting sentence asks for one (a notice): its year counts, no event is reported
    source: str | None = None    # the text as given, where `text` blanks stray markup


    def in_sentence(self, s: Sentence) -> list[agency_mod.Agency]:
        return [a for a in self.agencies_from(s.start, s.end) if a.end <= s.end]

    def agencies_from(self, start: int, end: int) -> list[agency_mod.Agency]:
        """Agencies that start in [start, end) (sorted; a bisect, so long articles stay linear)."""
        starts = self._starts("_agency_starts", self.agencies)
        return self.agencies[bisect_left(starts, start):bisect_left(starts, end)]

    def blocs_from(self, start: int, end: int) -> list[bloc_mod.Bloc]:
        """Bloc mentions that start in [start, end)."""
        starts = self._starts("_bloc_starts", self.blocs)
        return self.blocs[bisect_left(starts, start):bisect_left(starts, end)]

    def _starts(self, name: str, items: list) -> list[int]:
        cached = self.__dict__.get(name)
        if cached is None or len(cached) != len(items):
            cached = [x.start for x in items]
            self.__dict__[name] = cached
        return cached

    def years(self, start: int, end: int) -> list[tuple[int, int]]:
        """(offset, year) of every "năm N" in text[start:end]."""
        return [(m.start(), int(m.group(1))) for m in YEAR.finditer(self.folded, start, end)]

    def evidence(self, s: Sentence) -> dict:
        text = self.source if self.source is not None else self.text
        return {"start": s.start, "end": s.end, "text": text[s.start:s.end]}


def _published(text: str, published: str | None) -> date | None:
    if published:
        iso = parse_page_date(str(published))
        if iso:
            return date.fromisoformat(iso)
    head = text[:600]
    mark = _DATE_MARK.search(head.split("\n", 1)[0]) or _DATE_MARK.search(head)
    if mark:
        y, m, d = int(mark.group(1)), int(mark.group(2)), int(mark.group(3) or 28)
        try:
            return date(y, m, d)
        except ValueError:
            return None
    for line in text.split("\n")[:12]:
        if len(line.strip()) <= _PAGE_DATE_LINE:
            iso = parse_page_date(line)
            if iso and re.search(r"\d{1,2}[/.-]\d{1,2}[/.-]\d{4}", line) and not re.search(
                    r"(?i)(ngày|sáng|chiều|tối)\s+(ngày\s+)?\d", line):
                return date.fromisoformat(iso)
    return None


def _event(doc: Document) -> None:
    """The meeting the article reports: its sentence, kind and the year it reviews."""
    lex = load_lexicon()
    kinds = [(k, rx(p)) for k, p in lex["events"].items()]
    meeting = rx(lex["meeting"])
    directive = rx(lex["directive"])
    asked: set[int] = set()
    candidates = []
    for s in doc.sentences:
        seg = doc.folded[s.start:s.end]
        found = [(m.start(), k) for k, p in kinds for m in [p.search(seg)] if m]
        if not found:
            continue
        first = min(found)[0]
        if not (s.title or meeting.search(seg) or _ORGANISE.search(seg[max(0, first - 20):first])
                or _DATE_CUE.match(seg)):
            continue
        candidates.append((s, min(found)[1], found))
        if not s.title and directive.search(seg, 0, first):
            asked.add(s.start)  # a meeting asked for ("yêu cầu … tổ chức ký kết giao ước"), not one reported
    if not candidates:
        return
    from thidua.dates import find_dates
    chosen = None
    for s, kind, found in candidates:
        if not s.title and any(d.day for d in find_dates(doc.text[s.start:s.end])):
            chosen = (s, kind, found)
            break
    if chosen is None:
        chosen = candidates[0]
    title = next((c for c in candidates if c[0].title), None)
    s, kind, found = chosen
    if title and title[0] is not s:
        kind = title[1]
    doc.event_sentence, doc.event_kind = s, kind
    doc.event_asked = s.start in asked and not title
    doc.event_acts = sorted(found)
    # the year under review: "năm N" after the event word in the chosen sentence, else the title
    for sent in ([s] + ([title[0]] if title else [])):
        seg = doc.folded[sent.start:sent.end]
        pos = min(p for p, _ in found) if sent is s else 0
        years = [y for off, y in doc.years(sent.start + pos, sent.end)]
        if years:
            doc.period, doc.period_inferred = years[0], False
            return


def build(text: str, doc: str, province: str | None, published: str | None) -> Document:
    d = Document(text=text, doc=doc, province=province, published=_published(text, published))
    d.folded = fold(text)
    d.sentences = split(text)
    d.agencies = agency_mod.find_cached(text)
    d.blocs = bloc_mod.find(text)
    title_end = d.sentences[0].end if d.sentences and d.sentences[0].title else 0
    d.bloc = bloc_mod.document_bloc(d.blocs, title_end)
    _event(d)
    if d.period is None:
        years = [y for _, y in d.years(0, len(text))]
        if years:
            d.period = max(set(years), key=years.count)
    if not d.province:
        gaz = load_gazetteer()
        names = [hit[1].name for m in _TINH.finditer(text) for hit in [gaz._province_at(text, m.end())] if hit]
        if names:
            d.province = max(sorted(set(names)), key=names.count)
    return d
