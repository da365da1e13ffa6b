"""Page objects per CMS family and the rule that picks one for a page.

The selectors and fingerprints are data (families.yaml); a class here exists only where a
family needs a rule selectors cannot say.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from crawler.boilerplate import is_boilerplate_line
from thidua.text import key

from .base import ArticlePage, PageInput, memo, text_of

FAMILIES_FILE = Path(__file__).with_name("families.yaml")


@lru_cache(maxsize=1)
def families() -> dict[str, dict[str, Any]]:
    return yaml.safe_load(FAMILIES_FILE.read_text(encoding="utf-8"))["families"]


class WordPressPage(ArticlePage):
    """WordPress themes of department sites: "Chia sẻ", "BÀI VIẾT CÙNG CHUYÊN MỤC", View Counter."""

    family = "wordpress"


class PortalPage(ArticlePage):
    """Vendor portals: "Lượt xem: N", "( Cập nhật lúc: 09/01/2023 )", "Thống kê truy cập"."""

    family = "portal"


class SharePointPage(ArticlePage):
    """SharePoint portals: "Skip Ribbon Commands", /Pages/…aspx, "Cở chữ: 04:07 PM,18/03/2019"."""

    family = "sharepoint"


class NukeVietPage(ArticlePage):
    """NukeViet: generator meta, /vi/news/<cat>/<slug>-<id>.html, "Thứ ba - 07/03/2019 16:07"."""

    family = "nukeviet"

    @memo
    def text_lines(self) -> list[str]:
        # The lead ("hometext") sits outside the body element and often holds the event date.
        lead = self.page.index.select_one(".hometext")
        lines = super().text_lines()
        if lead is not None and text_of(lead) and self.body() is not None:
            lines = [text_of(lead), *lines]
        return lines

    @memo
    def author(self) -> str | None:
        # NukeViet prints "Tác giả bài viết: X" and "Nguồn tin: Y" under the body.
        for label in [e for sel in ("p.h5", "p.author", ".news-view .author") for e in self.page.index.select(sel)]:
            value = text_of(label)
            m = re.match(r"^tác giả(?: bài viết)?\s*:\s*(.+)$", value, re.I)
            if m:
                return m.group(1).strip()
        return super().author()


class GenericPage(ArticlePage):
    """No family fits: selectors for the easy fields, the measured fallback for the body."""

    family = "generic"
    fallback_from: str | None = None      # the family whose body element this page lacks
    family_listing: list[str] = []        # that family's listing selectors

    def rejection(self) -> str | None:
        # A page of a known family without the family's article body but with its listing
        # markup is a listing page, even with a single item on it (the last page of a list).
        if self.fallback_from and not self.declares_article():
            if any(self.page.index.select_one(sel) is not None for sel in self.family_listing):
                return f"not an article ({self.fallback_from} listing page)"
        return super().rejection()

    @memo
    def body(self):  # noqa: ANN201 - always the fallback extractor
        return None

    @memo
    def title(self) -> str:
        """A heading, og:title, or <title>; <title> is often the site name, ASCII-folded
        ("Khoi thi dua ...") or a print label, so a heading that spells the same words wins."""
        found = self.select_first("title")
        if found is not None:
            return text_of(found)
        og = self.meta("og:title")
        if og:
            return og
        doc_title = text_of(self.soup.title) if self.soup.title else ""
        doc_key = key(doc_title)
        index = self.page.index
        elements = {id(e): e for sel in ("h2", "h3", ".title", "td b", "td strong", "p b", "p strong")
                    for e in index.select(sel)}
        headings = [text_of(e) for e in sorted(elements.values(), key=lambda e: index.order[id(e)])]
        matching = [h for h in headings if len(key(h).split()) >= 4 and key(h) in doc_key]
        if matching:  # the longest: the site's name is often a heading inside <title> too
            return max(matching, key=lambda h: len(key(h)))
        if doc_title and not is_boilerplate_line(doc_title):
            return doc_title.split(" | ")[0].split(" – ")[0].strip()
        return next((h for h in headings if len(h.split()) >= 4), doc_title)

    @memo
    def text_lines(self) -> list[str]:
        title_key = key(self.title())
        return [line for line in super().text_lines() if key(line) != title_key]


CLASSES: dict[str, type[ArticlePage]] = {
    cls.family: cls for cls in (WordPressPage, PortalPage, SharePointPage, NukeVietPage, GenericPage)
}


def fingerprint(url: str, html: str) -> str:
    """The family whose URL/HTML fingerprints hit most often ('generic' when none hits)."""
    head = html[:200_000].lower()
    best, best_score = "generic", 0
    for name, spec in families().items():
        marks = spec.get("fingerprints") or {}
        points = sum(1 for p in marks.get("url", []) if re.search(p, url))
        points += sum(1 for s in marks.get("html", []) if s.lower() in head)
        if points > best_score:
            best, best_score = name, points
    return best


def _selectors(name: str, page: PageInput) -> dict[str, list[str]]:
    selectors = {k: list(v) for k, v in (families()[name].get("selectors") or {}).items()}
    if page.site:
        for field_name, value in page.site.selectors.items():
            override = [value] if isinstance(value, str) else list(value)
            selectors[field_name] = override + selectors.get(field_name, [])
    return selectors


def page_object(page: PageInput) -> ArticlePage:
    """The page object for a page: the registry's `cms` when it names a family, else the
    fingerprints; the site's `selectors` take precedence over the family's. A page whose
    family body element is missing (a listing, an odd layout) gets the generic page object.
    Made once per PageInput (parse_listing and parse_article share it)."""
    made = page.__dict__.get("_page_object")
    if made is None:
        made = page.__dict__["_page_object"] = _make_page_object(page)
    return made


def _make_page_object(page: PageInput) -> ArticlePage:
    name = page.site.cms if page.site and page.site.cms in CLASSES and page.site.cms != "generic" else None
    name = name or fingerprint(page.url, page.html)
    selectors = _selectors(name, page)
    obj = CLASSES[name](page, selectors)
    if name != "generic" and obj.body() is None:
        generic = _selectors("generic", page)
        # keep the family's listing markup: it still finds the article links, and tells a listing
        generic["article_links"] = selectors.get("article_links", []) + generic.get("article_links", [])
        generic["next"] = selectors.get("next", []) + generic.get("next", [])
        fallback = GenericPage(page, generic)
        fallback.fallback_from = name
        fallback.family_listing = selectors.get("article_links", [])
        return fallback
    return obj
