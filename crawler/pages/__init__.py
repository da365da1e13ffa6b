"""Page objects: a fetched page (URL, bytes, headers, registry entry) -> Article | Rejected,
or -> Listing. No Scrapy here: the spider, tests and the extractor's .html input all call
these same functions.

    parse_article(url, body, headers, site) -> Article | Rejected
    parse_listing(url, body, headers, site) -> Listing(article_links, next_pages, other_links)
    html_to_text(body, headers=None) -> (title, text)

Call both on every HTML page: article pages link to more articles, listing pages are
rejected by parse_article with reason "not an article (…)".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit, urlunsplit

from crawler.encoding import LegacyEncodingError, decode_html
from crawler.items import Article
from crawler.registry import Site

from .base import ArticlePage, PageInput, text_of
from .families import fingerprint, page_object

__all__ = [
    "Article", "Rejected", "Link", "Listing", "parse_article", "parse_listing", "html_to_text",
    "page_object", "fingerprint", "PageInput", "ArticlePage", "decode_page",
]

# Pages are parsed into a Python tree (BeautifulSoup): a few MB of markup costs seconds. Inline
# base64 images (pasted from Word) are the usual bloat and carry no text; past the cap the rest
# of the page is cut (the article body comes first on every family seen) and the cut is recorded.
MAX_PARSE_CHARS = 1_000_000
_DATA_URI = re.compile(rb"""(["'(])data:[\w/+.-]+;base64,[A-Za-z0-9+/=\s]{200,}""")
_NEXT_TEXT = re.compile(r"^(trang sau|trang tiếp|tiếp|sau|tiếp theo|next|»|›|>|>>|\.\.\.)$", re.I)
_SKIP_SCHEMES = ("javascript:", "mailto:", "tel:", "#", "data:")


@dataclass(frozen=True)
class Rejected:
    """A page that yields no article, and why (logged by the crawl, never stored)."""

    url: str
    reason: str            # e.g. "PDF", "not HTML (image/png)", "not an article (…)", "legacy encoding …"
    detail: str = ""


@dataclass(frozen=True)
class Link:
    url: str               # absolute, without fragment
    text: str              # anchor text, cleaned (the relevance filter reads it)


@dataclass
class Listing:
    article_links: list[Link] = field(default_factory=list)   # links to (probable) articles
    next_pages: list[str] = field(default_factory=list)        # pagination: more of this listing
    other_links: list[Link] = field(default_factory=list)      # menus, categories, footers


def _content_type(headers: dict[str, str] | None) -> str:
    for key, value in (headers or {}).items():
        if key.lower() == "content-type":
            return value.split(";")[0].strip().lower()
    return ""


def _non_html(url: str, body: bytes, headers: dict[str, str] | None) -> Rejected | None:
    ctype = _content_type(headers)
    if body[:5] == b"%PDF-" or ctype == "application/pdf" or urlsplit(url).path.lower().endswith(".pdf"):
        return Rejected(url, "PDF", "a PDF document: not parsed (its text would need a PDF extractor)")
    if ctype and ctype not in ("text/html", "application/xhtml+xml", "text/plain", "application/xml", "text/xml"):
        return Rejected(url, f"not HTML ({ctype})")
    return None


_last: list = [None, None]  # (key, result) of the last page decoded: the spider asks for listing then article


def decode_page(url: str, body: bytes, headers: dict[str, str] | None, site: Site | None) -> PageInput | Rejected:
    """Bytes -> PageInput with correctly decoded text, or Rejected (PDF, binary, legacy encoding).
    The last page is remembered, so parse_listing + parse_article on one response decode and
    parse it once."""
    key = (url, body, tuple(sorted((headers or {}).items())), site.id if site else None)
    if _last[0] == key:
        return _last[1]
    result = _decode_page(url, body, headers, site)
    _last[0], _last[1] = key, result
    return result


def _decode_page(url: str, body: bytes, headers: dict[str, str] | None, site: Site | None) -> PageInput | Rejected:
    refused = _non_html(url, body, headers)
    if refused:
        return refused
    if b"base64," in body:
        body = _DATA_URI.sub(rb"\1data:,", body)
    try:
        decoded = decode_html(body, headers)
    except LegacyEncodingError as error:
        return Rejected(url, "legacy encoding not convertible", str(error))
    html = decoded.text
    cap = MAX_PARSE_CHARS
    truncated = len(html) > cap
    page = PageInput(url=url, html=html[:cap] if truncated else html, headers=dict(headers or {}), site=site)
    page.encoding = decoded.encoding  # type: ignore[attr-defined]
    page.repair = decoded.repair      # type: ignore[attr-defined]
    page.truncated = truncated        # type: ignore[attr-defined]
    return page


def parse_article(url: str, body: bytes, headers: dict[str, str] | None, site: Site | None) -> Article | Rejected:
    """The article on a page, or why there is none."""
    page = decode_page(url, body, headers, site)
    if isinstance(page, Rejected):
        return page
    obj = page_object(page)
    why = obj.rejection()
    if why:
        return Rejected(url, why)
    title = obj.title()
    if not title:
        return Rejected(url, "not an article (no title)")
    extra: dict[str, object] = {"encoding": page.encoding}  # type: ignore[attr-defined]
    if page.truncated:  # type: ignore[attr-defined]
        extra["truncated_at"] = len(page.html)
    if page.repair:  # type: ignore[attr-defined]
        extra["repair"] = page.repair  # type: ignore[attr-defined]
    return Article(
        url=url,
        canonical_url=obj.canonical_url(),
        site=site.id if site else (urlsplit(url).hostname or ""),
        province=site.province if site else None,
        agency=site.agency if site else None,
        title=title,
        text=obj.text(),
        published_raw=obj.published_raw(),
        published=obj.published(),
        author=obj.author(),
        cms=obj.family,
        fetched_at=datetime.now(UTC).replace(microsecond=0).isoformat(),
        extra=extra,
    )


def _absolute(base: str, href: str | None) -> str | None:
    if not href:
        return None
    href = href.strip()
    if not href or href.lower().startswith(_SKIP_SCHEMES):
        return None
    parts = urlsplit(urljoin(base, href))
    if parts.scheme not in ("http", "https"):
        return None
    return urlunsplit((parts.scheme, parts.netloc, parts.path or "/", parts.query, ""))


def parse_listing(url: str, body: bytes, headers: dict[str, str] | None, site: Site | None) -> Listing:
    """Links of a page: to articles (the family's listing selectors), to more pages of the
    listing (rel=next, pagination blocks, "Trang sau"/»), and the rest. Empty for non-HTML."""
    page = decode_page(url, body, headers, site)
    if isinstance(page, Rejected):
        return Listing()
    obj = page_object(page)
    soup = page.soup
    base_tag = soup.find("base", href=True)
    base = urljoin(url, base_tag["href"]) if base_tag else url
    here = _absolute(url, url)

    next_pages: list[str] = []
    index = page.index
    candidates = index.select("a[rel=next]") + index.select("link[rel=next]")
    for selector in obj.selectors.get("next", []):
        candidates.extend(index.select(selector))
    for anchor in soup.find_all("a"):
        if _NEXT_TEXT.match(text_of(anchor)):
            candidates.append(anchor)
    for element in candidates:
        target = _absolute(base, element.get("href"))
        if target and target != here and target not in next_pages:
            next_pages.append(target)

    chosen: list = []
    for selector in obj.selectors.get("article_links", []):
        chosen.extend(index.select(selector))
    chosen_ids = {id(a) for a in chosen}
    article_links: list[Link] = []
    other_links: list[Link] = []
    seen: set[str] = set(next_pages)
    for anchor in chosen + [a for a in soup.find_all("a") if id(a) not in chosen_ids]:
        target = _absolute(base, anchor.get("href"))
        if not target or target in seen or target == here:
            continue
        seen.add(target)
        link = Link(target, text_of(anchor) or (anchor.get("title") or "").strip())
        if id(anchor) in chosen_ids or (not chosen_ids and len(link.text.split()) >= 4):
            article_links.append(link)
        else:
            other_links.append(link)
    return Listing(article_links=article_links, next_pages=next_pages, other_links=other_links)


def html_to_text(body: bytes, headers: dict[str, str] | None = None, url: str = "file:///article.html") -> tuple[str, str]:
    """(title, body text) of an HTML document, for the extractor's .html input. Raises
    ValueError (LegacyEncodingError) when the text cannot be decoded into Vietnamese."""
    decoded = decode_html(body, headers)
    obj = page_object(PageInput(url=url, html=decoded.text, headers=dict(headers or {})))
    return obj.title(), obj.text()
