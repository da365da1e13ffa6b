"""Store: the article, its facts and its frontier "done" mark in one transaction."""

from __future__ import annotations

import logging
import sqlite3
from typing import Any

from scrapy.exceptions import DropItem

from crawler.pipelines import CrawlerPipeline

log = logging.getLogger("thidua.crawl")


class StorePipeline(CrawlerPipeline):
    def process_item(self, item: dict[str, Any]) -> dict[str, Any]:
        spider = self.spider
        article, facts = item["article"], item.get("facts")
        try:
            status, other = spider.store.save_article(
                article, facts, run=None if spider.redis else spider.run_id, frontier_url=item["frontier_url"])
        except sqlite3.Error as error:
            spider.count("errors/store")
            log.error("could not store %s in %s: %s (it stays pending for the next crawl)",
                      article.canonical_url, spider.store.path, error)
            raise DropItem(f"store error: {error}", log_level="DEBUG") from None
        if status != "duplicate":
            spider.store.set_validators(item["frontier_url"], *item.get("validators", (None, None)))
        if spider.redis:
            spider._done(item["frontier_url"], "done", status)
        spider.count(f"articles/{status}")
        if status in ("new", "updated"):
            spider.count("facts", len(facts or []))
            log.debug("stored (%s): %s", status, article.canonical_url)
        elif status == "duplicate":
            log.info("duplicate article, not stored again: %s (same text as %s)", article.url, other)
        return item
