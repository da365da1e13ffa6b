"""The one spider: every site of the registry, discovered through sitemaps, RSS and listing
pages (with pagination), filtered for relevance, capped per site, resumable.

Frontier (single process): a URL is requested only after the store has put it on the
frontier of the current run (crawler/store.py), and its outcome is committed with it, so a
crawl killed at any instant resumes from the store. With --redis, scrapy-redis holds the
frontier and the dupefilter instead, shared by every worker (see crawler/commands/crawl.py).

What the spider decides, and logs with the URL when it says no:
  listing pages (start URLs, their next pages) are always fetched, in every run;
  article links are followed only when the anchor text, the URL slug or (sitemap/RSS) the
  title names the topic (spiders/relevance.py), only on the site's own hosts, and only while
  the site is under its page cap.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import AsyncIterator, Iterable, Iterator
from typing import Any
from urllib.parse import urlsplit

import scrapy
from lxml import etree
from scrapy.http import Response
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.sitemap import Sitemap
from twisted.python.failure import Failure

from crawler import pages
from crawler.middlewares.redisrun import worker_id
from crawler.registry import Site, load_sites, site_for_url
from crawler.spiders.relevance import Relevance
from crawler.store import ArticleStore, Link

log = logging.getLogger("thidua.crawl")

HTML_TYPES = ("text/html", "application/xhtml+xml")
REDIRECT_CODES = [301, 302, 303, 307, 308]


class UrlMap:
    """Live URLs (what is fetched) <-> stored URLs (frontier keys, article URLs).

    Identity for real sites. The demo web listens on a random port, so its URLs are stored
    under a fixed origin: a resumed crawl on a new port finds its frontier, and article IRIs
    are the same in every run."""

    def __init__(self, live_base: str | None, stable_origin: str | None) -> None:
        self.live = live_base.rstrip("/") if live_base and stable_origin else None
        self.stable = stable_origin.rstrip("/") if live_base and stable_origin else None

    def to_stable(self, url: str) -> str:
        if self.live and (url == self.live or url.startswith(self.live + "/")):
            return self.stable + url[len(self.live):]
        return url

    def to_live(self, url: str) -> str:
        if self.stable and (url == self.stable or url.startswith(self.stable + "/")):
            return self.live + url[len(self.stable):]
        return url


def headers_of(response: Response) -> dict[str, str]:
    return {k.decode("latin-1"): b", ".join(v).decode("latin-1") for k, v in response.headers.items()}


class SitesSpider(scrapy.Spider):
    name = "sites"

    def __init__(self, *args: Any, sites: list[Site] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._sites_arg = sites

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> SitesSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider._setup(crawler.settings)
        return spider

    # ------------------------------------------------------------------ setup
    def _setup(self, settings: Any) -> None:
        demo_base = settings.get("THIDUA_DEMO_BASE")
        sites = self._sites_arg
        if sites is None:
            sites = load_sites(settings.get("THIDUA_SITES"), demo_base=demo_base)
            ids = settings.getlist("THIDUA_SITE_IDS")
            if ids:
                sites = [s for s in sites if s.id in ids]
        self.sites: list[Site] = sites
        self.by_id = {s.id: s for s in sites}
        self.relevance = {s.id: Relevance(s.relevance) for s in sites}
        self.urls = UrlMap(demo_base, settings.get("THIDUA_DEMO_ORIGIN"))
        self.allowed_domains = sorted({d for s in sites for d in s.allowed_domains if d})
        self.redis = bool(settings.get("THIDUA_REDIS_URL"))
        self.store = ArticleStore(settings.get("THIDUA_DB"))
        self.worker = worker_id()
        self.run_id: int = int(settings.get("THIDUA_RUN") or 0)
        self.resumed = False
        self.page_counts: Counter[str] = Counter()
        self._said: set[tuple[str, str]] = set()   # (what, url) already logged by this process
        self.seeds = {self.urls.to_stable(u) for s in sites for u in (*s.start_urls, *s.sitemaps, *s.rss)}

    def closed(self, reason: str) -> None:
        if not self.redis and reason == "finished":
            self.store.finish_run(self.run_id)
        self.store.close()

    def _once(self, what: str, url: str) -> bool:
        if (what, url) in self._said:
            return False
        self._said.add((what, url))
        return True

    def count(self, key: str, n: int = 1) -> None:
        self.crawler.stats.inc_value(f"thidua/{key}", n)

    # ------------------------------------------------------------------ frontier
    def _request(self, link: Link, chain: list[str] | None = None) -> scrapy.Request:
        callbacks = {"sitemap": self.parse_sitemap, "rss": self.parse_rss}
        headers = {}
        if link.kind == "article" and not chain:  # a stored article: ask whether it changed (304)
            etag, modified = self.store.validators(link.url)
            headers = {k: v for k, v in (("If-None-Match", etag), ("If-Modified-Since", modified)) if v}
        return scrapy.Request(
            self.urls.to_live(link.url), callback=callbacks.get(link.kind, self.parse_page), headers=headers,
            errback=self.failed, priority={"sitemap": 30, "rss": 30, "listing": 20}.get(link.kind, 0),
            # single process: the store's frontier is the seen-set (Scrapy's fingerprints would
            # merge URLs the frontier keeps apart and leave one pending forever)
            dont_filter=not self.redis,
            meta={"frontier_url": link.url, "kind": link.kind, "site": link.site, "anchor": link.anchor,
                  "referer_url": link.referer, "chain": chain or [],
                  # redirects go through the frontier (the target may be seen already): see _redirect
                  "dont_redirect": True, "handle_httpstatus_list": [*REDIRECT_CODES, 304],
                  # the demo web on loopback is ours: AutoThrottle need not slow it down
                  "autothrottle_dont_adjust_delay": self._loopback(link.url)})

    def _loopback(self, url: str) -> bool:
        return urlsplit(self.urls.to_live(url)).hostname in self.settings.getlist("LOOPBACK_HOSTS")

    def _follow(self, links: list[Link], *, done_url: str | None = None, note: str | None = None,
                chain: list[str] | None = None) -> Iterator[scrapy.Request]:
        """Requests for the links not yet seen in this run (committed to the frontier first)."""
        if self.redis:
            new = links  # the shared Redis dupefilter decides
        else:
            new = self.store.discover(self.run_id, links, done_url=done_url, done_note=note)
        for link in new:
            yield self._request(link, chain)
        if self.redis and done_url is not None:
            self._done(done_url, "done", note)  # every request above is on the Redis queue by now

    def _admit(self, site: Site, link: Link) -> bool:
        """Page cap per site: count pages put on the frontier in this run."""
        if self.page_counts[site.id] >= site.max_pages:
            if self._once("cap", site.id):
                log.warning("page cap reached: site %s has %d pages in this run (max_pages %d); "
                            "further links of the site are not followed", site.id, site.max_pages, site.max_pages)
            self.count("skipped/page_cap")
            return False
        self.page_counts[site.id] += 1
        return True

    def _site_of(self, live_url: str, default: str | None) -> Site | None:
        found = site_for_url(self.sites, live_url)
        return found or (self.by_id.get(default) if default else None)

    def _candidate(self, live_url: str, kind: str, origin: Site | None, *, anchor: str | None,
                   referer: str | None, title: str | None = None) -> Link | None:
        """A discovered URL as a frontier link, or None (logged) when it is not to be followed."""
        host = urlsplit(live_url).hostname or ""
        site = self._site_of(live_url, origin.id if origin else None)
        if site is None or host not in site.allowed_domains:
            if self._once("external", live_url):
                log.info("external link not followed: %s (on %s)", live_url, self.urls.to_stable(referer or ""))
            self.count("skipped/external")
            return None
        stored = self.urls.to_stable(live_url)
        if stored in self.seeds:
            return None  # a start URL, sitemap or feed: on the frontier from the start
        if kind == "article" and not self.relevance[site.id].any(live_url, anchor, title):
            if self._once("offtopic", live_url):
                log.info("off-topic, not followed: %s (%r)", stored, anchor or title or "")
            self.count("skipped/off_topic")
            return None
        return Link(stored, site.id, kind, anchor or title, self.urls.to_stable(referer) if referer else None)

    def _links(self, candidates: Iterable[Link | None]) -> list[Link]:
        out: list[Link] = []
        seen: set[str] = set()
        for link in candidates:
            if link is None or link.url in seen:
                continue
            seen.add(link.url)
            out.append(link)
        return out

    def _capped(self, links: list[Link]) -> list[Link]:
        if self.redis:
            return [link for link in links if self._admit(self.by_id[link.site], link)]
        fresh = self.store.known_in_run(self.run_id, [link.url for link in links])
        return [link for link in links if link.url in fresh or self._admit(self.by_id[link.site], link)]

    # ------------------------------------------------------------------ start
    async def start(self) -> AsyncIterator[scrapy.Request]:
        seeds: list[Link] = []
        for site in self.sites:
            seeds += [Link(self.urls.to_stable(u), site.id, "listing") for u in site.start_urls]
            seeds += [Link(self.urls.to_stable(u), site.id, "sitemap") for u in site.sitemaps]
            seeds += [Link(self.urls.to_stable(u), site.id, "rss") for u in site.rss]
        if self.redis:
            for link in seeds:
                yield self._request(link)
            return
        self.run_id, self.resumed = self.store.begin_run()
        self.crawler.stats.set_value("thidua/run", self.run_id)
        self.page_counts.update(self.store.frontier_counts(self.run_id))
        self.store.discover(self.run_id, seeds)
        pending = self.store.pending(self.run_id)
        if self.resumed:
            log.info("resuming crawl run %d: %d pages still pending", self.run_id, len(pending))
        for link in pending:
            yield self._request(link)

    # ------------------------------------------------------------------ callbacks
    def _context(self, response: Response) -> tuple[str, Site | None]:
        meta = response.meta
        if meta.get("chain"):
            chain = [*meta["chain"], meta["frontier_url"]]
            log.info("redirect chain (%d hops) followed: %s", len(chain) - 1, " -> ".join(chain))
            self.count("traps/redirect")
        return meta["frontier_url"], self._site_of(response.url, meta.get("site"))

    def _redirect(self, response: Response) -> Iterator[scrapy.Request]:
        """A 3xx: its target goes through the frontier like any link, so a chain that ends on a
        page already fetched costs no second fetch (and a resumed crawl knows both ends)."""
        meta = response.meta
        url, chain = meta["frontier_url"], [*meta.get("chain", []), meta["frontier_url"]]
        location = response.headers.get("Location")
        target = response.urljoin(location.decode("latin-1")) if location else None
        max_hops = self.settings.getint("REDIRECT_MAX_TIMES")
        if not target or len(chain) > max_hops:
            why = "no Location header" if not target else f"more than {max_hops} hops"
            log.warning("redirect not followed (%s): %s", why, " -> ".join(chain))
            self.count("errors/http_error")
            self._done(url, "failed", f"redirect: {why}")
            return
        site = self._site_of(response.url, meta.get("site"))
        link = self._candidate(target, meta.get("kind", "article"), site, anchor=meta.get("anchor"),
                               referer=meta.get("referer_url"))
        if link is None:
            self._done(url, "skipped", f"redirect to {self.urls.to_stable(target)}")
            return
        requests = list(self._follow([link], done_url=url, note=f"redirect {response.status} to {link.url}",
                                     chain=chain))
        if not requests:
            log.info("redirect chain (%d hops) ends on a page already fetched: %s", len(chain),
                     " -> ".join([*chain, link.url]))
            self.count("traps/redirect")
        yield from requests

    def _done(self, url: str, state: str, note: str | None = None) -> None:
        """The outcome of a page is committed: on the store's frontier, or (Redis) by releasing
        the page from this worker's in-flight set."""
        if not self.redis:
            self.store.mark(self.run_id, url, state, note)
        elif getattr(self, "inflight", None) is not None:
            self.inflight.release(url)

    def parse_page(self, response: Response) -> Iterator[Any]:
        if response.status in REDIRECT_CODES:
            yield from self._redirect(response)
            return
        url, site = self._context(response)
        kind = response.meta.get("kind", "article")
        if response.status == 304:
            log.debug("not modified since the last crawl (304): %s", url)
            self.count("articles/not_modified")
            self._done(url, "done", "not modified (304)")
            return
        headers = headers_of(response)
        ctype = headers.get("Content-Type", "").split(";")[0].strip().lower()
        if ctype and ctype not in HTML_TYPES:
            reason = "PDF" if ctype == "application/pdf" else f"not HTML ({ctype})"
            log.info("%s, skipped: %s", reason, url)
            self.count("traps/pdf" if reason == "PDF" else "traps/not_html")
            self._done(url, "skipped", reason)
            return
        huge = len(response.body) > self.settings.getint("DOWNLOAD_WARNSIZE")
        # the links of a huge article page are not worth parsing it twice (listings always are parsed)
        listing = (pages.Listing() if huge and kind != "listing"
                   else pages.parse_listing(response.url, response.body, headers, site))
        candidates: list[Link | None] = []
        if kind == "listing":
            candidates += [self._candidate(u, "listing", site, anchor=None, referer=response.url)
                           for u in listing.next_pages]
        candidates += [self._candidate(link.url, "article", site, anchor=link.text, referer=response.url)
                       for link in listing.article_links]
        links = self._capped(self._links(candidates))
        if kind == "listing":
            self.count("pages/listing")
            yield from self._follow(links, done_url=url, note="listing")
            return
        result = pages.parse_article(response.url, response.body, headers, site)
        if isinstance(result, pages.Rejected):
            yield from self._follow(links)
            self._reject(url, result)
            return
        if not self.relevance[result.site].any(response.url, result.title, response.meta.get("anchor")):
            log.info("off-topic article, not stored: %s (%r)", url, result.title)
            self.count("skipped/off_topic")
            yield from self._follow(links)
            self._done(url, "skipped", "off-topic")
            return
        result.url = self.urls.to_stable(result.url)
        result.canonical_url = self.urls.to_stable(result.canonical_url)
        result.status = response.status
        if huge:
            log.info("very large page (%.1f MiB) parsed: %s", len(response.body) / 2**20, url)
            self.count("traps/large_page")
        if result.extra.get("repair") or result.extra.get("encoding") not in (None, "utf-8"):
            log.info("encoding repaired (%s%s): %s", result.extra.get("encoding"),
                     f", {result.extra['repair']}" if result.extra.get("repair") else "", url)
            self.count("traps/encoding_repaired")
        yield from self._follow(links)
        # kept once the article is safely stored (pipelines), then sent as If-None-Match / If-Modified-Since
        validators = [response.headers.get(name) for name in ("ETag", "Last-Modified")]
        yield {"article": result, "frontier_url": url,
               "validators": [v.decode("latin-1") if v else None for v in validators]}

    def _reject(self, url: str, rejected: pages.Rejected) -> None:
        reason = rejected.reason
        key = ("pdf" if reason == "PDF" else "legacy_encoding" if reason.startswith("legacy encoding")
               else "not_article" if reason.startswith("not an article") else "rejected")
        level = logging.DEBUG if key == "not_article" else logging.INFO
        log.log(level, "no article (%s%s): %s", reason, f": {rejected.detail}" if rejected.detail else "", url)
        self.count(f"traps/{key}" if key != "not_article" else "pages/not_article")
        self._done(url, "skipped", reason)

    def parse_sitemap(self, response: Response) -> Iterator[scrapy.Request]:
        if response.status in REDIRECT_CODES:
            yield from self._redirect(response)
            return
        url, site = self._context(response)
        try:
            sitemap = Sitemap(response.body)
        except Exception as error:  # lxml raises several types on bad XML
            log.warning("unreadable sitemap %s: %s", url, error)
            self.count("errors/bad_feed")
            self._done(url, "failed", "unreadable sitemap")
            return
        listings = {self.urls.to_stable(u) for s in self.sites for u in s.start_urls}
        candidates: list[Link | None] = []
        for entry in sitemap:
            loc = entry.get("loc", "").strip()
            if not loc:
                continue
            if sitemap.type == "sitemapindex":
                candidates.append(self._candidate(loc, "sitemap", site, anchor=None, referer=response.url))
            elif self.urls.to_stable(loc) not in listings:
                candidates.append(self._candidate(loc, "article", site, anchor=None, referer=response.url))
        self.count("pages/sitemap")
        yield from self._follow(self._capped(self._links(candidates)), done_url=url, note="sitemap")

    def parse_rss(self, response: Response) -> Iterator[scrapy.Request]:
        if response.status in REDIRECT_CODES:
            yield from self._redirect(response)
            return
        url, site = self._context(response)
        try:
            root = etree.fromstring(response.body, parser=etree.XMLParser(resolve_entities=False, no_network=True))
        except etree.XMLSyntaxError as error:
            log.warning("unreadable RSS/Atom feed %s: %s", url, error)
            self.count("errors/bad_feed")
            self._done(url, "failed", "unreadable feed")
            return
        candidates: list[Link | None] = []
        for item in root.iter("item", "{http://www.w3.org/2005/Atom}entry"):
            title = item.findtext("title") or item.findtext("{http://www.w3.org/2005/Atom}title")
            link = (item.findtext("link") or "").strip()
            if not link:
                atom = item.find("{http://www.w3.org/2005/Atom}link")
                link = atom.get("href", "") if atom is not None else ""
            if link:
                candidates.append(self._candidate(link, "article", site, anchor=None, referer=response.url,
                                                  title=title))
        self.count("pages/rss")
        yield from self._follow(self._capped(self._links(candidates)), done_url=url, note="rss")

    # ------------------------------------------------------------------ failures
    def failed(self, failure: Failure) -> None:
        request = failure.request  # type: ignore[attr-defined]
        url = request.meta.get("frontier_url") or self.urls.to_stable(request.url)
        referer = request.meta.get("referer_url")
        where = f" (linked from {referer})" if referer else ""
        if failure.check(HttpError):
            status = failure.value.response.status
            if status == 404 or status == 410:
                log.warning("not found (%d): %s%s", status, url, where)
                key = "not_found"
            elif status >= 500:
                retries = request.meta.get("retry_times", 0)
                log.warning("server error (%d) after %d retries: %s%s", status, retries, url, where)
                key = "server_error"
            else:
                log.warning("HTTP %d: %s%s", status, url, where)
                key = "http_error"
            note = f"HTTP {status}"
        elif "robots.txt" in str(failure.value):
            log.info("forbidden by robots.txt, not fetched: %s", url)
            self.count("skipped/robots")
            self._done(url, "skipped", "robots.txt")
            return
        elif "max size" in str(failure.value):
            log.warning("too large (over DOWNLOAD_MAXSIZE %d bytes), not parsed: %s",
                        self.settings.getint("DOWNLOAD_MAXSIZE"), url)
            key, note = "too_large", "too large"
        else:
            log.warning("fetch failed (%s: %s): %s%s", failure.type.__name__, failure.value, url, where)
            key, note = "network", f"{failure.type.__name__}"
        self.count(f"errors/{key}")
        self._done(url, "failed", note)
