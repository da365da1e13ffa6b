"""The article store: keys, revisions, duplicates, facts, the frontier's run semantics, export."""

from __future__ import annotations

import json

from crawler.items import Article
from crawler.store import ArticleStore, Link


def art(url: str, text: str = "Khối thi đua họp tổng kết.", title: str = "Tổng kết") -> Article:
    return Article(url=url, canonical_url=url, site="s", province="P", agency="A", title=title, text=text)


def test_save_statuses_and_revisions(tmp_path):
    with ArticleStore(tmp_path / "a.db") as store:
        assert store.save_article(art("http://x/1"), [{"kind": "chair"}]) == ("new", None)
        assert store.save_article(art("http://x/1"), [{"kind": "chair"}]) == ("unchanged", None)
        assert store.save_article(art("http://x/2"), []) == ("duplicate", "http://x/1")
        assert store.save_article(art("http://x/1", "Nội dung đã sửa."), [{"kind": "award"}]) == ("updated", None)
        assert store.count() == 1
        assert store.revisions() == {"http://x/1": 2}
        assert store.facts("http://x/1") == [{"kind": "award"}]
        assert store.article("http://x/1").text == "Nội dung đã sửa."


def test_articles_without_facts_are_filled_later(tmp_path):
    with ArticleStore(tmp_path / "a.db") as store:
        store.save_article(art("http://x/1"), None)
        assert [a.canonical_url for a in store.without_facts()] == ["http://x/1"]
        store.set_facts("http://x/1", [{"kind": "chair"}, {"kind": "vice"}])
        assert store.without_facts() == []
        assert [f["kind"] for f in store.facts("http://x/1")] == ["chair", "vice"]


def test_frontier_seen_set_per_run_and_resume(tmp_path):
    db = tmp_path / "a.db"
    with ArticleStore(db) as store:
        run, resumed = store.begin_run()
        assert (run, resumed) == (1, False)
        listing, page = Link("http://x/news/", "s", "listing"), Link("http://x/1", "s", "article")
        assert store.discover(run, [listing, page]) == [listing, page]
        assert store.discover(run, [page]) == [], "seen in this run"
        store.discover(run, [], done_url="http://x/news/")
    with ArticleStore(db) as store:  # a new process after a crash: same run, its pending work
        assert store.begin_run() == (1, True)
        assert [link.url for link in store.pending(1)] == ["http://x/1"]
        store.save_article(art("http://x/1"), [], run=1, frontier_url="http://x/1")
        assert store.pending(1) == []
        store.finish_run(1)
        run, resumed = store.begin_run()
        assert (run, resumed) == (2, False)
        assert len(store.discover(run, [listing, page])) == 2, "a new run sees every URL again"


def test_export_is_sorted_and_deterministic(tmp_path):
    with ArticleStore(tmp_path / "a.db") as store:
        store.save_article(art("http://x/b", "Hai."), [])
        store.save_article(art("http://x/a", "Một."), [])
        assert store.export_jsonl(tmp_path / "one.jsonl") == 2
        store.export_jsonl(tmp_path / "two.jsonl")
    one = (tmp_path / "one.jsonl").read_bytes()
    assert one == (tmp_path / "two.jsonl").read_bytes()
    assert [json.loads(x)["canonical_url"] for x in one.decode().splitlines()] == ["http://x/a", "http://x/b"]
