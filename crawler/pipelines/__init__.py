"""Item pipelines, in order: clean -> dedupe -> facts -> store (see crawler/settings.py).

Items are dicts {"article": Article, "frontier_url": str} yielded by the spider, which
owns the store and the run (a pipeline reaches them through the crawler)."""

from __future__ import annotations

from typing import Any


class CrawlerPipeline:
    """Base: keeps the crawler, so a pipeline reaches the spider (its store, run and counters)."""

    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Any) -> CrawlerPipeline:
        return cls(crawler)

    @property
    def spider(self) -> Any:
        return self.crawler.spider
