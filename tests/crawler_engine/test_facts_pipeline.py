"""Facts: stored with each article; when the extractor is missing, articles are stored anyway
and get their facts from the first crawl that has it."""

from __future__ import annotations

import builtins
from collections import Counter
from types import SimpleNamespace

from crawler.items import Article
from crawler.pipelines.facts import FactsPipeline
from crawler.pipelines.store import StorePipeline
from crawler.store import ArticleStore


class FakeSpider:
    """What the pipelines use of the spider: its store, run and counters."""

    def __init__(self, store: ArticleStore) -> None:
        self.store, self.redis, self.run_id, self.counts = store, False, 1, Counter()

    def count(self, key: str, n: int = 1) -> None:
        self.counts[key] += n


def pipelines(spider: FakeSpider) -> tuple[FactsPipeline, StorePipeline]:
    crawler = SimpleNamespace(spider=spider)
    return FactsPipeline(crawler), StorePipeline(crawler)


def item() -> dict:
    text = ("Ngày 10/01/2021, Khối thi đua các cơ quan tổng hợp của tỉnh Thử Nghiệm tổ chức hội nghị tổng kết. "
            "Hội nghị suy tôn Sở Tài chính làm Trưởng khối năm 2021.")
    article = Article(url="http://x/1", canonical_url="http://x/1", site="s", province="Thử Nghiệm", agency="A",
                      title="Khối thi đua các cơ quan tổng hợp tổng kết năm 2020", text=text, published="2021-01-10")
    return {"article": article, "frontier_url": "http://x/1"}


def test_missing_extractor_then_backfill(tmp_path, monkeypatch):
    real_import = builtins.__import__

    def no_extractor(name, *args, **kwargs):
        if name.startswith("graph.extract"):
            raise ImportError("graph.extract is not in this build")
        return real_import(name, *args, **kwargs)

    with ArticleStore(tmp_path / "a.db") as store:
        spider = FakeSpider(store)
        facts, save = pipelines(spider)
        monkeypatch.setattr(builtins, "__import__", no_extractor)
        facts.open_spider()
        save.process_item(facts.process_item(item()))
        monkeypatch.setattr(builtins, "__import__", real_import)
        assert store.count() == 1 and [a.canonical_url for a in store.without_facts()] == ["http://x/1"]

        facts, _ = pipelines(spider)
        facts.open_spider()  # the extractor is back: the backlog gets its facts
        assert store.without_facts() == []
        expected = facts.run(store.article("http://x/1"))
        assert store.facts("http://x/1") == expected and expected, "the extractor finds the chair election"
