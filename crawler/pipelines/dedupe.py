"""Dedupe: by canonical URL + content hash, before the (costly) fact extraction.

Same canonical URL and same hash: the article is unchanged, nothing is written. Same hash
under another canonical URL: the same article served twice. Both are marked done on the
frontier and dropped. The store re-checks inside its write transaction (another worker may
have stored it meanwhile), so this is the fast path, not the guarantee.
"""

from __future__ import annotations

import logging
from typing import Any

from scrapy.exceptions import DropItem

from crawler.pipelines import CrawlerPipeline

log = logging.getLogger("thidua.crawl")


class DedupePipeline(CrawlerPipeline):
    def process_item(self, item: dict[str, Any]) -> dict[str, Any]:
        spider = self.spider
        article = item["article"]
        store = spider.store
        known = store.known_hash(article.canonical_url)
        if known == article.content_hash:
            first = store.article(article.canonical_url)
            if first is not None and first.url != article.url:  # the same article under a second URL
                spider.count("articles/duplicate")
                spider._done(item["frontier_url"], "done", f"duplicate of {article.canonical_url}")
                log.info("duplicate article, not stored again: %s (canonical URL %s, stored from %s)",
                         article.url, article.canonical_url, first.url)
                raise DropItem(f"duplicate of {article.canonical_url}", log_level="DEBUG")
            store.set_validators(item["frontier_url"], *item.get("validators", (None, None)))
            spider.count("articles/unchanged")
            spider._done(item["frontier_url"], "done", "unchanged")
            raise DropItem(f"unchanged since the last crawl: {article.canonical_url}", log_level="DEBUG")
        other = store.duplicate_of(article) if known is None else None
        if other:
            spider.count("articles/duplicate")
            spider._done(item["frontier_url"], "done", f"duplicate of {other}")
            log.info("duplicate article, not stored again: %s (same text as %s)", article.url, other)
            raise DropItem(f"duplicate of {other}", log_level="DEBUG")
        return item
