"""The page-object base: typed input, one method per field (web-poet style, no Scrapy).

A page object is built from a `PageInput` (URL, decoded HTML, headers, registry entry) and
answers one question per method: title(), canonical_url(), published_raw(), published(),
author(), text(). Families (families.py) only change where the fields sit (selectors in
families.yaml) and add the few rules a CMS needs; everything else is shared here.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from bs4 import BeautifulSoup, Tag

from crawler import boilerplate
from crawler.registry import Site
from thidua.dates import parse_page_date
from thidua.text import clean

from .maintext import block_lines, extract_main
from .select import Index

_TRACKING = re.compile(r"^(utm_\w+|fbclid|gclid|zarsrc|_ga)$", re.I)
# Where a page prints its own date: labelled forms, a timestamp beside the font-size tool,
# the NukeViet "Thứ ba - 07/03/2019 16:07" header.
_DATE_LABELS = re.compile(
    r"(?:cập nhật lúc|ngày cập nhật|ngày đăng|đăng ngày|ngày đưa tin|thời gian đăng|c[ởỡ] chữ)\s*:?\s*"
    r"(?P<raw>[^()\n]{0,40}?\d{1,2}[/.\-]\d{1,2}[/.\-]\d{4}(?:\s*[-,]?\s*\d{1,2}:\d{2}(?:\s*[AP]M)?)?)",
    re.I,
)
_BYLINE = re.compile(r"^(?:tác giả|người viết|bài và ảnh|tin, ảnh|tin và ảnh|ptv|btv)\s*:?\s*(?P<name>.+)$", re.I)
_NAME_LINE = re.compile(r"^[A-ZĐÀ-Ỹ][\w.]*(?:[ .][A-ZĐÀ-Ỹ][\w.]*){0,4}(?:\s*\([^)]{2,60}\))?$")


@dataclass
class PageInput:
    """What a page object is built from: nothing Scrapy-specific."""

    url: str
    html: str
    headers: dict[str, str] = field(default_factory=dict)
    site: Site | None = None

    @cached_property
    def soup(self) -> BeautifulSoup:
        return BeautifulSoup(self.html, "lxml")

    @cached_property
    def index(self) -> Index:
        """The tree indexed for fast CSS selection (select.py)."""
        return Index(self.soup)


def normalise_url(url: str) -> str:
    """Absolute URL without fragment and tracking parameters: the fallback canonical form."""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING.match(k)]
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path or "/", urlencode(query), ""))


def text_of(element: Tag | None) -> str:
    if element is None:
        return ""
    return clean(" ".join(element.get_text(" ").split()))


def memo(method):  # noqa: ANN001, ANN201 - a decorator
    """Compute a field once per page object (fields call each other)."""
    name = "_memo_" + method.__qualname__

    def wrapper(self):  # noqa: ANN001, ANN202
        if name not in self.__dict__:
            self.__dict__[name] = method(self)
        return self.__dict__[name]

    wrapper.__name__, wrapper.__doc__ = method.__name__, method.__doc__
    return wrapper


class ArticlePage:
    """Shared field rules; a family subclass sets `family` and may override any field."""

    family = "generic"
    min_body_chars = 150    # less than this is not an article body

    def __init__(self, page: PageInput, selectors: dict[str, list[str]]):
        self.page = page
        self.selectors = selectors

    # -- helpers -------------------------------------------------------------------------
    @property
    def soup(self) -> BeautifulSoup:
        return self.page.soup

    def select_first(self, name: str) -> Tag | None:
        """The first element, by the field's selectors in order, that holds some text."""
        for selector in self.selectors.get(name, []):
            for found in self.page.index.select(selector):
                if text_of(found):
                    return found
        return None

    @cached_property
    def _metas(self) -> dict[str, str]:
        """<meta property|name|itemprop=… content=…>, first of each name (one pass over the tree)."""
        found: dict[str, str] = {}
        for tag in self.soup.find_all("meta"):
            content = (tag.get("content") or "").strip()
            for attr in ("property", "name", "itemprop"):
                name = tag.get(attr)
                if name and content and name not in found:
                    found[name] = content
        return found

    def meta(self, *names: str) -> str | None:
        for name in names:
            if name in self._metas:
                return clean(self._metas[name])
        return None

    @cached_property
    def json_ld(self) -> list[dict[str, Any]]:
        """JSON-LD objects of the page (flattened @graph); bad JSON is ignored."""
        found: list[dict[str, Any]] = []
        for script in self.soup.find_all("script", attrs={"type": "application/ld+json"}):
            try:
                data = json.loads(script.string or "")
            except (ValueError, TypeError):
                continue
            items = data if isinstance(data, list) else [data]
            for item in items:
                if isinstance(item, dict):
                    found.extend(x for x in item.get("@graph", [item]) if isinstance(x, dict))
        return found

    def json_ld_value(self, key: str) -> Any:
        for item in self.json_ld:
            if item.get(key):
                return item[key]
        return None

    # -- fields --------------------------------------------------------------------------
    @memo
    def canonical_url(self) -> str:
        link = self.soup.find("link", rel="canonical")
        href = link.get("href") if link else None
        href = href or self.meta("og:url")
        if href:
            return normalise_url(urljoin(self.page.url, href.strip()))
        return normalise_url(self.page.url)

    @memo
    def title(self) -> str:
        found = self.select_first("title")
        if found is not None:
            return text_of(found)
        og = self.meta("og:title")
        if og:
            return og
        if self.soup.title:
            return text_of(self.soup.title).split(" | ")[0].split(" – ")[0].strip()
        return ""

    @memo
    def published_raw(self) -> str | None:
        """The page's date as written: the family's date element, a labelled date in the
        header area, then meta tags, JSON-LD and <time datetime> (ISO values). A date element
        whose text holds no full date gives way to those, and is kept only when none has one."""
        found = self.select_first("date")
        unparsed = None
        if found is not None:
            raw = text_of(found)
            labelled = _DATE_LABELS.search(raw)
            if labelled:
                return labelled.group("raw").strip()
            if parse_page_date(raw):
                return raw
            if found.get("datetime"):
                return found["datetime"]
            unparsed = raw
        if self.soup.body:
            head_text = clean(" ".join(self.soup.body.get_text(" ")[:6000].split()))[:3000]
            labelled = _DATE_LABELS.search(head_text)
            if labelled:
                return labelled.group("raw").strip()
        value = self.meta("article:published_time", "og:published_time", "datePublished", "pubdate",
                          "dc.date", "DC.date.issued")
        if value:
            return value
        value = self.json_ld_value("datePublished")
        if isinstance(value, str):
            return value
        time_tag = self.soup.find("time", attrs={"datetime": True})
        return time_tag["datetime"] if time_tag else unparsed

    @memo
    def published(self) -> str | None:
        parsed = parse_page_date(self.published_raw())
        if parsed:
            return parsed
        for value in (self.meta("article:published_time"), self.json_ld_value("datePublished")):
            if isinstance(value, str) and parse_page_date(value):
                return parse_page_date(value)
        return None

    @memo
    def author(self) -> str | None:
        found = self.select_first("author")
        if found is not None:
            return _strip_label(text_of(found))
        value = self.json_ld_value("author")
        if isinstance(value, dict):
            value = value.get("name")
        if isinstance(value, list) and value and isinstance(value[0], dict):
            value = value[0].get("name")
        if isinstance(value, str) and value.strip():
            return clean(value.strip())
        meta = self.meta("author", "article:author")
        if meta and not meta.startswith("http"):
            return meta
        return self.byline_from_text()

    @cached_property
    def _emphasised(self) -> set[str]:
        """Texts standing alone in bold/italic or right-aligned: where signatures are put."""
        index = self.page.index
        found = [e for sel in ("strong", "b", "i", "em", "[style*=right]", "[align=right]", ".text-right")
                 for e in index.select(sel)]
        return {text_of(e) for e in found}

    def byline_from_text(self) -> str | None:
        """The signature line news pages end with ("Phương Thảo (Sở Công Thương)", "T.Trúc")."""
        lines = [line.strip() for line in self.text().split("\n") if line.strip()]
        for line in reversed(lines[-3:]):
            m = _BYLINE.match(line)
            if m:
                return m.group("name").strip()
            short = len(line.split()) <= 8 and not line.endswith((".", ":", ";", ","))
            if short and (_NAME_LINE.match(line) or line in self._emphasised):
                return line
        return None

    @memo
    def body(self) -> Tag | None:
        """The element holding the article body, or None when this family's selectors miss."""
        return self.select_first("body")

    @memo
    def text_lines(self) -> list[str]:
        body = self.body()
        if body is None:
            return extract_main(self.page.html, self.soup, index=self.page.index)
        exclude = {id(e) for e in boilerplate.elements(self.page.index, self.selectors.get("remove", []))}
        return boilerplate.clean_lines(block_lines(body, exclude))

    @memo
    def text(self) -> str:
        return clean("\n\n".join(self.text_lines()))

    def declares_article(self) -> bool:
        """og:type=article or a JSON-LD (News)Article: the page says it is one article."""
        if (self.meta("og:type") or "").lower() == "article":
            return True
        return any(str(item.get("@type", "")).endswith("Article") for item in self.json_ld)

    def rejection(self) -> str | None:
        """Why this page is not an article, or None when it is one: a short body, or a body
        made of headlines (link texts of 4+ words: a listing or category page)."""
        text = self.text()
        if len(text) < self.min_body_chars:
            return f"not an article (body of {len(text)} characters)"
        if self.body() is None and not self.declares_article():
            # No family body element: a page listing several headlines is a listing.
            listed = {id(a) for sel in self.selectors.get("article_links", []) for a in self.page.index.select(sel)}
            headed = [a for h in self.soup.find_all(["h2", "h3", "h4"]) for a in h.find_all("a")
                      if len(text_of(a).split()) >= 4]
            if len(listed) >= 2 or len(headed) >= 3:
                return f"not an article ({max(len(listed), len(headed))} headline links: a listing)"
        anchors = {t for t in (text_of(a) for a in self.soup.find_all("a")) if len(t.split()) >= 4}
        lines = text.split("\n\n")
        headlines = sum(1 for line in lines if any(line.startswith(a) for a in anchors))
        if headlines >= 3:
            return f"not an article ({headlines} of {len(lines)} paragraphs are headlines of links: a listing)"
        return None


def _strip_label(value: str) -> str:
    m = _BYLINE.match(value)
    return m.group("name").strip() if m else value
