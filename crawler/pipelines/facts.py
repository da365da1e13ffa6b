"""Facts: run the extractor (graph.extract.extract_article) on each new or changed article.

The extractor is imported lazily: a build without it still crawls, stores the articles with
no facts (facts_state NULL), and the first crawl that has it fills them in (at spider open),
so every stored article ends up with its facts. An extractor error on one article is
logged with its URL and leaves that article for the next crawl; it never loses the article.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from crawler.pipelines import CrawlerPipeline

log = logging.getLogger("thidua.crawl")

Extractor = Callable[[Any], list[dict[str, Any]]]


def load_extractor() -> Extractor | None:
    try:
        from graph.extract import extract_article
    except ImportError as error:
        log.warning("fact extraction skipped: graph.extract.extract_article is not importable (%s); "
                    "articles are stored and get their facts at the next crawl", error)
        return None
    return extract_article


class FactsPipeline(CrawlerPipeline):
    def __init__(self, crawler: Any) -> None:
        super().__init__(crawler)
        self.extract: Extractor | None = None

    def open_spider(self) -> None:
        self.extract = load_extractor()
        if self.extract is None:
            return
        spider = self.spider
        backlog = spider.store.without_facts()
        for article in backlog:
            facts = self.run(article)
            if facts is not None:
                spider.store.set_facts(article.canonical_url, facts)
                spider.count("facts", len(facts))
        if backlog:
            log.info("facts filled in for %d article(s) stored without them", len(backlog))

    def run(self, article: Any) -> list[dict[str, Any]] | None:
        if self.extract is None:
            return None
        try:
            return list(self.extract(article))
        except Exception as error:  # one bad article must not stop the crawl
            log.error("fact extraction failed on %s: %s: %s", article.canonical_url, type(error).__name__, error)
            return None

    def process_item(self, item: dict[str, Any]) -> dict[str, Any]:
        item["facts"] = self.run(item["article"])
        return item
