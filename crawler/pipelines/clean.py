"""Clean: the text normaliser at the edge (thidua.text.clean), once, before anything hashes it."""

from __future__ import annotations

import logging
from typing import Any

from scrapy.exceptions import DropItem

from crawler.items import content_hash
from crawler.pipelines import CrawlerPipeline
from thidua.text import clean

log = logging.getLogger("thidua.crawl")


class CleanPipeline(CrawlerPipeline):
    def process_item(self, item: dict[str, Any]) -> dict[str, Any]:
        article = item["article"]
        article.title = " ".join(clean(article.title).split())
        article.text = clean(article.text).strip()
        for name in ("author", "published_raw"):
            value = getattr(article, name)
            if value:
                setattr(article, name, " ".join(clean(value).split()))
        if not article.title or not article.text:
            self.spider._done(item["frontier_url"], "skipped", "empty article")
            raise DropItem(f"empty article (no {'title' if not article.title else 'text'}): {article.url}",
                           log_level="INFO")
        article.content_hash = content_hash(article.title, article.text)
        return item
