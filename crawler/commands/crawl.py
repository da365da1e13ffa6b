"""`thidua crawl`: crawl the sites of a registry into the article store.

    thidua crawl --demo --db data/articles.db --jsonl exports/articles.jsonl
    thidua crawl --sites crawler/sites.yaml --site backan-socongthuong
    thidua crawl --demo-url http://127.0.0.1:8000 --redis redis://127.0.0.1:6379/0   # one of N workers

Runs Scrapy in this process (CrawlerProcess: the Twisted reactor starts once, which is all
`thidua run` needs since the crawl is its first stage). Progress and the summary go to
stderr; a crawl that is killed resumes at the next call with the same --db.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import sqlite3
import sys
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

from thidua import paths


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--sites", help="site registry (default: crawler/sites.yaml)")
    parser.add_argument("--site", action="append", dest="site_ids", metavar="ID", default=[],
                        help="crawl only this site (repeatable)")
    parser.add_argument("--demo", action="store_true", help="serve the demo web on a free port and crawl it")
    parser.add_argument("--demo-url", help="crawl the demo web already served at this base URL")
    parser.add_argument("--db", default=str(paths.ARTICLES_DB), help="article store, SQLite (default %(default)s)")
    parser.add_argument("--jsonl", help="export the store to this JSON Lines file after the crawl")
    parser.add_argument("--redis", metavar="URL", help="share frontier and dupefilter on Redis (scrapy-redis)")
    parser.add_argument("--max-pages", type=int, help="page cap per site for this crawl (overrides the registry)")
    parser.add_argument("--set", action="append", default=[], metavar="NAME=VALUE", dest="overrides",
                        help="override a setting of crawler/settings.py for this crawl (repeatable)")
    parser.add_argument("--verbose", action="store_true", help="log every decision, Scrapy's included")


def _fail(message: str) -> int:
    print(f"thidua crawl: {message}", file=sys.stderr)
    return 2


@contextlib.contextmanager
def _demo_web(args: argparse.Namespace) -> Iterator[str | None]:
    if args.demo_url:
        yield args.demo_url.rstrip("/")
    elif args.demo:
        from crawler.demo.server import DemoServer

        with DemoServer(port=0) as server:
            print(f"thidua crawl: demo web served at {server.base_url}", file=sys.stderr)
            yield server.base_url
    else:
        yield None


def _settings(args: argparse.Namespace, sites: list[Any], demo_base: str | None) -> Any:
    from scrapy.settings import Settings

    settings = Settings()
    settings.setmodule("crawler.settings", priority="project")
    slots = dict(settings.getdict("DOWNLOAD_SLOTS"))
    loopback = set(settings.getlist("LOOPBACK_HOSTS"))
    for site in sites:  # a real site's `delay` is the floor of its host's slot (never below 1 s)
        host = urlsplit(site.base_url).hostname or ""
        if host and host not in loopback:
            floor = max(site.delay, settings.getfloat("DOWNLOAD_DELAY"))
            slots[host] = {"concurrency": 1, "delay": max(floor, slots.get(host, {}).get("delay", 0.0))}
    extensions = dict(settings.getdict("EXTENSIONS"))
    settings.setdict({
        "DOWNLOAD_SLOTS": slots, "THIDUA_DB": args.db, "THIDUA_DEMO_BASE": demo_base,
        "RETRY_GIVE_UP_LOG_LEVEL": logging.DEBUG,  # the spider logs the outcome with its referer
    }, priority="cmdline")
    for override in args.overrides:
        name, sep, value = override.partition("=")
        if not sep or not name.isupper():
            raise ValueError(f"--set {override!r}: expected NAME=VALUE with an upper-case setting name")
        settings.set(name, value, priority="cmdline")
    if args.redis:
        import redis

        from crawler.middlewares.redisrun import join_run
        from crawler.settings import redis_settings

        client = redis.Redis.from_url(args.redis)
        run, key = join_run(client)
        settings.setdict({**redis_settings(args.redis, key), "THIDUA_RUN": run}, priority="cmdline")
        extensions["crawler.middlewares.redisrun.RedisRun"] = 400
        settings.set("EXTENSIONS", extensions, priority="cmdline")
        print(f"thidua crawl: worker of crawl run {run} on {args.redis} ({client.zcard(f'{key}:requests')} "
              f"requests queued)", file=sys.stderr)
    return settings


def _load_sites(args: argparse.Namespace, demo_base: str | None) -> list[Any]:
    from crawler.registry import demo_sites, load_sites

    sites = demo_sites(demo_base, args.sites) if demo_base else load_sites(args.sites)
    if args.site_ids:
        known = {s.id for s in sites}
        unknown = [i for i in args.site_ids if i not in known]
        if unknown:
            raise ValueError(f"unknown site id(s) {', '.join(unknown)}; the registry has: {', '.join(sorted(known))}")
        sites = [s for s in sites if s.id in args.site_ids]
    if args.max_pages:
        for site in sites:
            site.max_pages = args.max_pages
    if not sites:
        raise ValueError("no site to crawl (the registry holds only demo sites? use --demo)")
    return sites


class _OwnLines(logging.Filter):
    """Scrapy's INFO chatter (banner, stats dump) off; its warnings and the crawl's own lines on."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.name == "py.warnings":  # deprecation notices of libraries: --verbose shows them
            return False
        return record.name.startswith("thidua") or record.levelno >= logging.WARNING


def _logging(verbose: bool) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    if not verbose:
        handler.addFilter(_OwnLines())
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.DEBUG if verbose else logging.INFO)


def main(args: argparse.Namespace) -> int:
    from crawler.registry import RegistryError

    if args.demo and args.demo_url:
        return _fail("give --demo or --demo-url, not both")
    try:
        from crawler.store import ArticleStore

        ArticleStore(args.db).close()  # fail early, with the path, on an unusable store
    except (sqlite3.Error, OSError) as error:
        return _fail(f"cannot open the article store {args.db}: {error} (give a writable --db PATH)")
    with _demo_web(args) as demo_base:
        try:
            sites = _load_sites(args, demo_base)
        except (RegistryError, ValueError) as error:
            return _fail(str(error))
        try:
            settings = _settings(args, sites, demo_base)
        except ValueError as error:
            return _fail(str(error))
        except Exception as error:  # redis.ConnectionError and friends: name the URL, no traceback
            if args.redis and type(error).__module__.startswith("redis"):
                return _fail(f"cannot use Redis at {args.redis}: {error}")
            raise
        from scrapy.crawler import CrawlerProcess

        from crawler.spiders.sites import SitesSpider

        settings.set("LOG_LEVEL", "DEBUG" if args.verbose else "INFO", priority="cmdline")
        settings.set("LOG_INSTALL_ROOT_HANDLER", False, priority="cmdline")
        process = CrawlerProcess(settings)
        _logging(args.verbose)
        # the spider logs size-cap cases itself, with the cap and the page
        logging.getLogger("scrapy.core.downloader.handlers.http11").setLevel(logging.ERROR)
        crawler = process.create_crawler(SitesSpider)
        process.crawl(crawler, sites=sites)
        process.start()
        stats = crawler.stats.get_stats() if crawler.stats else {}
    reason = stats.get("finish_reason")
    if args.jsonl:
        from crawler.store import ArticleStore

        with ArticleStore(args.db) as store:
            n = store.export_jsonl(args.jsonl)
        print(f"thidua crawl: {n} articles exported to {args.jsonl}", file=sys.stderr)
    if reason != "finished":
        print(f"thidua crawl: the crawl did not finish ({reason or 'the spider failed to start'})", file=sys.stderr)
        return 1
    return 0
