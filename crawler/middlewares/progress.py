"""Live progress on stderr while the crawl runs, and the summary when it ends.

stdout stays free for data; progress lines go to stderr every THIDUA_PROGRESS_INTERVAL
seconds: pages fetched, articles stored, errors, pages per second. The summary lists every
counter the spider keeps (traps, skips, errors by kind) so a trap never passes unseen.
"""

from __future__ import annotations

import sys
import time
from typing import Any

from scrapy import signals
from twisted.internet import task

# summary rows: (stats key under thidua/, label)
SUMMARY = [
    ("pages", "pages fetched (HTTP exchanges, retries included)"),
    ("pages/listing", "listing pages"),
    ("pages/sitemap", "sitemaps"),
    ("pages/rss", "RSS feeds"),
    ("pages/not_article", "pages that hold no article (menus, categories)"),
    ("articles/new", "articles stored (new)"),
    ("articles/updated", "articles stored (changed since last crawl)"),
    ("articles/unchanged", "articles unchanged (same content hash, not stored again)"),
    ("articles/not_modified", "articles not modified (HTTP 304 to a conditional request)"),
    ("articles/duplicate", "duplicates (same words under another URL)"),
    ("facts", "facts stored"),
    ("traps/redirect", "redirect chains followed"),
    ("traps/encoding_repaired", "pages decoded from a legacy or undeclared encoding"),
    ("traps/large_page", "very large pages"),
    ("traps/pdf", "PDF documents skipped"),
    ("traps/not_html", "other non-HTML responses skipped"),
    ("traps/legacy_encoding", "pages in an encoding that could not be converted (skipped)"),
    ("traps/rejected", "pages rejected by the page objects"),
    ("skipped/off_topic", "off-topic links or pages not followed"),
    ("skipped/external", "external links not followed"),
    ("skipped/robots", "URLs forbidden by robots.txt"),
    ("skipped/page_cap", "links over a site's page cap"),
    ("retries", "retries (with backoff)"),
    ("errors/not_found", "not found (404/410)"),
    ("errors/server_error", "server errors after retries"),
    ("errors/http_error", "other HTTP errors"),
    ("errors/too_large", "responses over the size cap"),
    ("errors/network", "network errors and timeouts"),
    ("errors/bad_feed", "unreadable sitemaps or feeds"),
    ("errors/store", "articles that could not be stored"),
]


def thidua_stats(stats: dict[str, Any]) -> dict[str, int]:
    return {k[len("thidua/"):]: int(v) for k, v in stats.items() if k.startswith("thidua/")}


def error_count(counts: dict[str, int]) -> int:
    return sum(v for k, v in counts.items() if k.startswith("errors/"))


def summary_lines(counts: dict[str, int], seconds: float) -> list[str]:
    pages = counts.get("pages", 0)
    lines = [f"crawl summary ({seconds:.1f} s, {pages / seconds if seconds else 0:.1f} pages/s):"]
    lines += [f"  {counts[key]:>7}  {label}" for key, label in SUMMARY if counts.get(key)]
    return lines


class Progress:
    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler
        self.interval = crawler.settings.getfloat("THIDUA_PROGRESS_INTERVAL", 2.0)
        self.started = time.monotonic()
        self.loop: task.LoopingCall | None = None

    @classmethod
    def from_crawler(cls, crawler: Any) -> Progress:
        ext = cls(crawler)
        crawler.signals.connect(ext.opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.closed, signal=signals.spider_closed)
        return ext

    def opened(self, spider: Any) -> None:
        self.started = time.monotonic()
        if self.interval > 0:
            self.loop = task.LoopingCall(self.tick)
            self.loop.start(self.interval, now=False)

    def tick(self) -> None:
        counts = thidua_stats(self.crawler.stats.get_stats())
        elapsed = time.monotonic() - self.started
        pages = counts.get("pages", 0)
        stored = counts.get("articles/new", 0) + counts.get("articles/updated", 0)
        print(f"crawl: {pages} pages | {stored} articles stored | {error_count(counts)} errors | "
              f"{pages / elapsed if elapsed else 0:.1f} pages/s", file=sys.stderr, flush=True)

    def closed(self, spider: Any, reason: str) -> None:
        if self.loop and self.loop.running:
            self.loop.stop()
        counts = thidua_stats(self.crawler.stats.get_stats())
        print("\n".join(summary_lines(counts, time.monotonic() - self.started)), file=sys.stderr, flush=True)
        if reason != "finished":
            print(f"crawl stopped early ({reason}); the next crawl resumes where this one stopped",
                  file=sys.stderr, flush=True)
