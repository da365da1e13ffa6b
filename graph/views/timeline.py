"""Bloc timeline pages: years across, chair and vice-chair per year, awards marked.

Built from graph.rotation's tables (the query engineer's rotation query, not a second one).
Every name carries numbered references to the sentences that state it, listed under the
table with a link to the article. Static HTML and CSS only: nothing to run, nothing to load.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from graph.exports.tables import AWARD_LABELS, STATUS_LABELS
from graph.views import page
from graph.views.graphview import safe_url
from thidua.text import slug


def source_title(url: str | None) -> str:
    """A short readable name for a source: the host and path, or a file's name."""
    if not url:
        return "(nguồn không rõ)"
    parsed = urlparse(url)
    if parsed.scheme == "file":
        return Path(unquote(parsed.path)).name or url
    return unquote(f"{parsed.netloc}{parsed.path}") or url


class _Notes:
    """Numbered references, one per (source, sentence), in order of first use."""

    def __init__(self) -> None:
        self.items: list[dict[str, str]] = []
        self._index: dict[tuple[str, str], int] = {}

    def cite(self, evidence: Iterable[Any]) -> list[int]:
        numbers = []
        for ev in sorted(evidence, key=lambda e: (e.source or "", e.sentence or "", e.fact)):
            k = (ev.source or "", ev.sentence or "")
            if k not in self._index:
                self.items.append({"sentence": ev.sentence or "", "href": safe_url(ev.source) or "",
                                   "source_title": source_title(ev.source)})
                self._index[k] = len(self.items)
            if self._index[k] not in numbers:
                numbers.append(self._index[k])
        return numbers


def context(rotation: Any) -> dict[str, Any]:
    """The template context of one graph.rotation.Rotation."""
    notes = _Notes()
    years = []
    for y in rotation.years:
        years.append({
            "year": y.year, "gap": y.gap, "conflict": y.conflict, "hint": y.hint, "hint_agency": y.hint_agency,
            "chair": [{"agency": h.agency, "notes": notes.cite(h.evidence)} for h in y.chair],
            "vice_chair": [{"agency": h.agency, "notes": notes.cite(h.evidence)} for h in y.vice_chair],
            "awards": [{"kind": AWARD_LABELS.get(a.award, a.label or a.award), "recipient": a.recipient,
                        "status": a.status, "status_label": STATUS_LABELS.get(a.status, a.status),
                        "rank": a.rank, "notes": notes.cite(a.evidence)} for a in y.awards],
        })
    return {"bloc": rotation.bloc, "province": rotation.province, "years": years, "notes": notes.items}


def file_name(rotation: Any) -> str:
    """'bac-kan--khoi-kinh-te-ky-thuat.html': readable and unique per bloc IRI."""
    tail = str(rotation.bloc_iri).rstrip("/").rsplit("/", 1)[-1]
    return f"{slug(rotation.province or 'unknown')}--{slug(tail)}.html"


def timeline_page(rotation: Any, index_href: str | None = None) -> str:
    return page.render("timeline.html.j2", css=page.asset("timeline.css"), index_href=index_href,
                       **context(rotation))


def index_page(rotations: list[Any]) -> str:
    groups: dict[str, list[dict[str, str]]] = {}
    for rot in rotations:
        span = f"{rot.years[0].year}–{rot.years[-1].year}" if rot.years else "chưa có dữ kiện"
        groups.setdefault(rot.province or "", []).append({"bloc": rot.bloc, "href": file_name(rot), "span": span})
    ordered = [(p, sorted(items, key=lambda i: i["bloc"])) for p, items in sorted(groups.items())]
    return page.render("timeline_index.html.j2", css=page.asset("timeline.css"), groups=ordered, total=len(rotations))


@dataclass
class TimelineFiles:
    index: Path
    pages: list[Path]


def write_timelines(rotations: list[Any], folder: Path) -> TimelineFiles:
    """One page per bloc and an index.html, each written atomically."""
    pages = [page.write_page(folder / file_name(rot), timeline_page(rot, "index.html")) for rot in rotations]
    index = page.write_page(folder / "index.html", index_page(rotations))
    return TimelineFiles(index, pages)
