"""The demo web as data -> a table of responses (path -> status, headers, body).

Sites are described in crawler/demo/sites.yaml, articles are Markdown files with a YAML
header in crawler/demo/articles/<site>/, pages are rendered with one Jinja2 template per CMS
family (crawler/demo/templates/). Everything is built once, when the server starts: the
traps (legacy encodings via iconv, the several-MB page, the PDF) included, so the server
itself only looks paths up.
"""

from __future__ import annotations

import html
import shutil
import subprocess
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from email.utils import format_datetime
from functools import lru_cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape as xml_escape

import jinja2
import yaml

HERE = Path(__file__).parent
SITES_FILE = HERE / "sites.yaml"
ARTICLES_DIR = HERE / "articles"
TEMPLATES_DIR = HERE / "templates"
BIG_PAGE_BYTES = 4 * 1024 * 1024


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes = b""
    fail_first: int = 0          # answer 500 this many times before the real response


@dataclass
class DemoArticle:
    site: str
    slug: str
    meta: dict[str, Any]
    paragraphs: list[str]

    @property
    def path(self) -> str:
        return self.meta["path"]

    @property
    def title(self) -> str:
        return self.meta["title"]

    @property
    def date(self) -> datetime:
        value = self.meta["date"]
        return value if isinstance(value, datetime) else datetime.fromisoformat(str(value))


@dataclass
class ExpectedArticle:
    """What a correct crawl of the demo web stores for one article."""

    site: str
    url: str                   # canonical URL
    title: str
    published: str             # ISO date
    fictional: bool
    urls: list[str] = field(default_factory=list)   # every URL the article is served under
    trap: str | None = None    # the trap this article carries (cp1258, tcvn3, fail-once, big, duplicate)


def _split_front_matter(text: str, path: Path) -> tuple[dict[str, Any], str]:
    if not text.startswith("---\n"):
        raise ValueError(f"{path}: an article file starts with a '---' YAML header")
    head, _, body = text[4:].partition("\n---\n")
    meta = yaml.safe_load(head) or {}
    for key in ("title", "date", "path", "listing"):
        if key not in meta:
            raise ValueError(f"{path}: the YAML header lacks {key!r}")
    return meta, body


@lru_cache(maxsize=1)
def load_sites() -> dict[str, dict[str, Any]]:
    return yaml.safe_load(SITES_FILE.read_text(encoding="utf-8"))["sites"]


def load_articles() -> list[DemoArticle]:
    found: list[DemoArticle] = []
    for file in sorted(ARTICLES_DIR.glob("*/*.md")):
        meta, body = _split_front_matter(file.read_text(encoding="utf-8"), file)
        paragraphs = [" ".join(p.split()) for p in body.strip().split("\n\n") if p.strip()]
        found.append(DemoArticle(site=file.parent.name, slug=file.stem, meta=meta, paragraphs=paragraphs))
    return found


def _environment() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES_DIR), autoescape=True,
                              trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)


def _paragraph_html(text: str) -> str:
    """A body paragraph: "![caption](file)" is a figure, anything else a <p>."""
    if text.startswith("![") and "](" in text:
        caption, _, rest = text[2:].partition("](")
        src = rest.rstrip(")")
        return (f'<figure class="wp-caption"><img src="{html.escape(src)}" alt="">'
                f'<figcaption class="wp-caption-text">{html.escape(caption)}</figcaption></figure>')
    return f"<p>{html.escape(text)}</p>"


def _encode(text: str, encoding: str | None, where: str) -> bytes:
    """UTF-8, or a legacy encoding the crawl must cope with (TCVN3 through glibc iconv)."""
    if not encoding or encoding == "utf-8":
        return text.encode("utf-8")
    if encoding == "cp1258":
        return _to_cp1258(text)
    if encoding == "tcvn3":
        iconv = shutil.which("iconv")
        if not iconv:
            raise RuntimeError(f"{where}: the TCVN3 trap page needs glibc's iconv (apt-get install libc-bin)")
        done = subprocess.run([iconv, "-f", "UTF-8", "-t", "TCVN//TRANSLIT"], input=text.encode("utf-8"),
                              capture_output=True, check=True)
        return done.stdout
    raise ValueError(f"{where}: unknown demo encoding {encoding!r} (utf-8, cp1258, tcvn3)")


_TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")


def _to_cp1258(text: str) -> bytes:
    """Windows-1258 as Windows writes it: letters with hats/horns/breves precomposed
    (â ê ô ơ ư ă đ), tone marks as combining characters after them."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        parts = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONES))
        tones = "".join(c for c in parts if c in _TONES)
        out += (base + tones).encode("cp1258", errors="xmlcharrefreplace")
    return bytes(out)


class DemoWeb:
    """Every response of the demo web, built from the data files for one base URL."""

    def __init__(self, base_url: str):
        self.base = base_url.rstrip("/")
        self.sites = load_sites()
        self.articles = load_articles()
        self.env = _environment()
        self.routes: dict[str, Response] = {}
        self.expected: list[ExpectedArticle] = []
        self._build()

    # -- helpers ---------------------------------------------------------------------------
    def url(self, site: str, path: str = "") -> str:
        return f"{self.base}/{self.sites[site]['prefix']}/{path}"

    def _route(self, site: str, path: str) -> str:
        return f"/{self.sites[site]['prefix']}/{path}"

    def _html(self, status: int = 200, body: bytes = b"", charset: str | None = "utf-8") -> Response:
        ctype = "text/html" + (f"; charset={charset}" if charset else "")
        return Response(status, {"Content-Type": ctype}, body)

    def _render(self, site_id: str, kind: str, **context: Any) -> str:
        site = self.sites[site_id]
        template = self.env.get_template(f"{site['family']}.html.j2")
        return template.render(kind=kind, site=site, site_url=self.url(site_id), base=self.base,
                               listings=site["listings"], **context)

    # -- building ----------------------------------------------------------------------------
    def _build(self) -> None:
        self.routes["/robots.txt"] = Response(200, {"Content-Type": "text/plain; charset=utf-8"},
                                              self._robots().encode())
        self.routes["/"] = self._html(body=self._index().encode())
        for site_id in self.sites:
            self._build_site(site_id)

    def _robots(self) -> str:
        lines = ["# The demo web's robots.txt: every demo site lives under its own path on this host.",
                 "User-agent: *"]
        for site in self.sites.values():
            lines += [f"Disallow: /{site['prefix']}/{path}" for path in site.get("robots_disallow", [])]
        lines.append("")
        lines += [f"Sitemap: {self.base}/{site['prefix']}/sitemap.xml" for site in self.sites.values()]
        return "\n".join(lines) + "\n"

    def _index(self) -> str:
        items = "".join(f'<li><a href="/{s["prefix"]}/">{html.escape(s["name"])}</a> ({html.escape(s["family"])})</li>'
                        for s in self.sites.values())
        return ('<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>Web demo của thidua</title>'
                '</head><body><h1>Web demo của thidua</h1><p>Các trang mô phỏng trang tin của sở, ngành, '
                'dùng để thử bộ thu thập; không phải trang chính thức.</p><ul>' + items + "</ul></body></html>")

    def _build_site(self, site_id: str) -> None:
        site = self.sites[site_id]
        articles = sorted((a for a in self.articles if a.site == site_id), key=lambda a: (a.date, a.slug),
                          reverse=True)
        traps = site.get("traps", [])
        for article in articles:
            self._build_article(site_id, article, articles)
        # listings with pagination
        per_page = int(site.get("per_page", 4))
        for listing_id, listing in site["listings"].items():
            items = [a for a in articles if a.meta["listing"] == listing_id and not a.meta.get("unlisted")]
            extra = [t for t in traps if t.get("listing") == listing_id]
            # the same article under a second URL (its print view), linked as real portals do
            extra += [{"path": alias, "text": f"{a.title} (bản in)"}
                      for a in items for alias in a.meta.get("also_at", [])]
            pages = [items[i:i + per_page] for i in range(0, max(len(items), 1), per_page)]
            for number, chunk in enumerate(pages, start=1):
                path = listing["path"] if number == 1 else listing["page_path"].format(n=number)
                prev_url = None
                if number > 1:
                    prev_path = listing["path"] if number == 2 else listing["page_path"].format(n=number - 1)
                    prev_url = self.url(site_id, prev_path)
                next_url = self.url(site_id, listing["page_path"].format(n=number + 1)) if number < len(pages) else None
                page_html = self._render(
                    site_id, "listing", listing=listing, items=[self._summary(site_id, a) for a in chunk],
                    extra_links=extra if number == len(pages) else [], page_number=number,
                    page_count=len(pages), page_urls=[
                        self.url(site_id, listing["path"] if n == 1 else listing["page_path"].format(n=n))
                        for n in range(1, len(pages) + 1)],
                    next_url=next_url, prev_url=prev_url, recent=[self._summary(site_id, a) for a in articles[:5]])
                self.routes[self._route(site_id, path)] = self._html(body=page_html.encode())
        home = self._render(site_id, "listing", listing={"title": "Trang chủ", "path": ""},
                            items=[self._summary(site_id, a) for a in articles if not a.meta.get("unlisted")][:per_page],
                            extra_links=[], page_number=1, page_count=1, page_urls=[], next_url=None,
                            prev_url=None, recent=[self._summary(site_id, a) for a in articles[:5]])
        self.routes[self._route(site_id, "")] = self._html(body=home.encode())
        for trap in traps:
            self._build_trap(site_id, trap)
        self.routes[self._route(site_id, "sitemap.xml")] = Response(
            200, {"Content-Type": "application/xml; charset=utf-8"}, self._sitemap(site_id, articles).encode())
        if site.get("rss"):
            self.routes[self._route(site_id, site["rss"])] = Response(
                200, {"Content-Type": "application/rss+xml; charset=utf-8"}, self._rss(site_id, articles).encode())

    def _summary(self, site_id: str, article: DemoArticle) -> dict[str, Any]:
        return {"url": self.url(site_id, article.path), "title": article.title,
                "date": article.date, "excerpt": article.paragraphs[0][:220] if article.paragraphs else ""}

    def _build_article(self, site_id: str, article: DemoArticle, siblings: list[DemoArticle]) -> None:
        meta = article.meta
        where = f"{ARTICLES_DIR / site_id / article.slug}.md"
        related = [self._summary(site_id, a) for a in siblings if a is not article][:4]
        body_html = "\n".join(_paragraph_html(p) for p in article.paragraphs)
        padding = ""
        if meta.get("big"):
            # Several MB, the way real pages get there: photos pasted from Word as inline base64.
            import base64
            import hashlib

            blob = b"".join(hashlib.sha256(b"%d" % i).digest() for i in range(BIG_PAGE_BYTES * 3 // 4 // 32))
            padding = ('<p class="anh-dan"><img alt="" src="data:image/jpeg;base64,'
                       + base64.b64encode(blob).decode() + '"></p>')
        canonical = self.url(site_id, article.path)
        page = self._render(site_id, "article", article=article, meta=meta, body_html=body_html,
                            canonical=canonical, related=related, padding_html=padding,
                            date=article.date)
        encoding = meta.get("encoding")
        if encoding in ("cp1258", "tcvn3"):
            page = page.replace('<meta charset="utf-8">\n', "")  # the trap: no charset anywhere
        body = _encode(page, encoding, where)
        if encoding in ("cp1258", "tcvn3"):
            response = self._html(body=body, charset=None)  # the trap: no charset anywhere
        else:
            response = self._html(body=body)
        response.fail_first = int(meta.get("fail_first", 0))
        self.routes[self._route(site_id, article.path)] = response
        urls = [canonical]
        for alias in meta.get("also_at", []):
            self.routes[self._route(site_id, alias)] = self._html(body=body)
            urls.append(self.url(site_id, alias))
        if not meta.get("offtopic") and not meta.get("private"):
            trap = encoding or ("fail-once" if meta.get("fail_first") else None) or ("big" if meta.get("big") else None)
            self.expected.append(ExpectedArticle(
                site=f"demo-{site_id}", url=canonical, title=meta["title"], published=article.date.date().isoformat(),
                fictional=bool(self.sites[site_id].get("fictional")), urls=urls,
                trap=trap or ("duplicate" if len(urls) > 1 else None)))

    def _build_trap(self, site_id: str, trap: dict[str, Any]) -> None:
        kind, path = trap["kind"], trap.get("path", "")
        route = self._route(site_id, path)
        if kind == "404":
            return  # nothing at that path: the server answers 404
        if kind == "500":
            self.routes[route] = self._html(500, b"<html><body><h1>500 Internal Server Error</h1></body></html>")
        elif kind == "redirect":
            hops = trap["hops"]
            chain = [path, *hops[:-1]]
            for source, target in zip(chain, hops, strict=True):
                self.routes[self._route(site_id, source)] = Response(
                    trap.get("status", 301), {"Location": self.url(site_id, target), "Content-Type": "text/html"},
                    b"")
        elif kind == "pdf":
            self.routes[route] = Response(200, {"Content-Type": "application/pdf"}, _tiny_pdf(trap["text"]))
        elif kind == "external":
            return  # only a link on a listing page
        else:
            raise ValueError(f"{SITES_FILE}: site {site_id}: unknown trap kind {kind!r}")

    def _sitemap(self, site_id: str, articles: list[DemoArticle]) -> str:
        site = self.sites[site_id]
        urls = [self.url(site_id, listing["path"]) for listing in site["listings"].values()]
        urls += [self.url(site_id, a.path) for a in articles if not a.meta.get("private") and not a.meta.get("unlisted")]
        body = "".join(f"  <url><loc>{xml_escape(u)}</loc></url>\n" for u in urls)
        return ('<?xml version="1.0" encoding="UTF-8"?>\n'
                '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' + body + "</urlset>\n")

    def _rss(self, site_id: str, articles: list[DemoArticle]) -> str:
        site = self.sites[site_id]
        items = "".join(
            f"  <item><title>{xml_escape(a.title)}</title><link>{xml_escape(self.url(site_id, a.path))}</link>"
            f"<pubDate>{format_datetime(a.date)}</pubDate></item>\n"
            for a in articles if not a.meta.get("private"))
        return ('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>\n'
                f"  <title>{xml_escape(site['name'])}</title><link>{xml_escape(self.url(site_id))}</link>\n"
                + items + "</channel></rss>\n")

    def manifest(self) -> list[ExpectedArticle]:
        """The relevant articles a correct crawl stores, one per canonical URL (off-topic news and
        pages behind robots.txt Disallow are not in it)."""
        return list(self.expected)


def _tiny_pdf(text: str) -> bytes:
    """A valid one-page PDF holding `text` (ASCII), built by hand: no PDF library needed."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, obj in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)
