"""The engine against a small local site: discovery, relevance, traps, caps, re-crawl."""

from __future__ import annotations

import json

import pytest

from crawler.store import ArticleStore

from .conftest import run_crawl
from .mocksite import BODY, MockSite, article, registry

RELEVANT = ["/news/khoi-a-tong-ket-2020.html", "/news/cum-b-tong-ket-2020.html", "/news/cum-c-tong-ket-2020.html",
            "/news/khoi-e-bang-diem-2020.html"]  # the last is ~50 KB: over the size cap of test_size_cap


@pytest.fixture(scope="module")
def site():
    with MockSite() as mock:
        yield mock


@pytest.fixture(scope="module")
def first(site, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("mock")
    sites = tmp / "sites.yaml"
    sites.write_text(registry(site.base_url), encoding="utf-8")
    db, jsonl = tmp / "a.db", tmp / "a.jsonl"
    done = run_crawl("--sites", str(sites), "--db", str(db), "--jsonl", str(jsonl))
    assert done.returncode == 0, done.stderr
    hits = dict(site.hits)
    return {"tmp": tmp, "sites": sites, "db": db, "jsonl": jsonl, "log": done.stderr, "hits": hits}


def stored(db) -> dict:
    with ArticleStore(db) as store:
        return {a.canonical_url: a for a in store.articles()}


def test_relevant_articles_stored_once_with_fields(site, first):
    articles = stored(first["db"])
    assert sorted(articles) == sorted(site.base_url + p for p in RELEVANT)
    a = articles[site.base_url + RELEVANT[0]]
    assert (a.title, a.published, a.province, a.site) == (
        "Khối thi đua A tổng kết năm 2020", "2021-01-05", "Tỉnh Thử Nghiệm", "mock-news")
    assert "Cờ thi đua" in a.text and "<p>" not in a.text
    assert a.status == 200
    lines = first["jsonl"].read_text(encoding="utf-8").splitlines()
    assert [json.loads(x)["canonical_url"] for x in lines] == sorted(articles)


def test_traps_are_logged_and_counted(site, first):
    log, hits = first["log"], first["hits"]
    assert "off-topic, not followed" in log and "/news/gia-rau.html" in log
    assert hits.get("/news/gia-rau.html", 0) == 0
    assert "external link not followed: https://example.invalid/khoi-thi-dua/" in log
    assert "forbidden by robots.txt, not fetched" in log and hits.get("/private/khoi-thi-dua-noi-bo.html", 0) == 0
    assert "not found (404)" in log and "bai-da-go-thi-dua" in log
    assert "server error (500) after 3 retries" in log
    assert hits["/news/loi-may-chu-thi-dua.html"] == 4  # first try + 3 retries
    assert "redirect chain (2 hops) followed" in log
    for label in ("off-topic links or pages not followed", "external links not followed",
                  "URLs forbidden by robots.txt", "not found (404/410)", "server errors after retries",
                  "redirect chains followed", "retries (with backoff)"):
        assert label in log, label


def test_no_url_fetched_twice(site, first):
    repeated = {p: n for p, n in first["hits"].items() if n > 1 and p != "/news/loi-may-chu-thi-dua.html"}
    assert repeated == {}


def test_recrawl_stores_only_changed_and_revisits_listings(site, first):
    with ArticleStore(first["db"]) as store:
        before = store.revisions()
    changed = site.base_url + RELEVANT[1]
    status, headers, _ = site.pages[RELEVANT[1]]
    site.pages[RELEVANT[1]] = (status, headers, article(
        "Cụm thi đua B tổng kết năm 2020", "2021-01-07", BODY.format(who="Cụm thi đua B") + "\nBổ sung một đoạn mới."))
    listing_hits = site.hits["/news/"]
    done = run_crawl("--sites", str(first["sites"]), "--db", str(first["db"]))
    assert done.returncode == 0, done.stderr
    assert site.hits["/news/"] == listing_hits + 1, "the listing page is fetched again in a new run"
    with ArticleStore(first["db"]) as store:
        after = store.revisions()
        assert "Bổ sung một đoạn mới." in store.article(changed).text
    assert after == {**before, changed: 2}
    assert "1  articles stored (changed since last crawl)" in done.stderr
    with ArticleStore(first["db"]) as store:
        statuses = dict(store.db.execute("SELECT url, status FROM fetches WHERE run = 2 AND attempt = 0"))
    not_modified = [u for u, status in statuses.items() if status == 304]
    # stored articles are asked "changed since?" (ETag); the changed one is fetched in full
    assert not_modified and changed not in not_modified and statuses[changed] == 200
    assert f"{len(not_modified)}  articles not modified (HTTP 304" in done.stderr
    unchanged = 3 - len(not_modified)  # the rest came back in full with the same content hash
    assert not unchanged or f"{unchanged}  articles unchanged" in done.stderr


def test_page_cap(site, tmp_path):
    sites = tmp_path / "sites.yaml"
    sites.write_text(registry(site.base_url, max_pages=3), encoding="utf-8")
    done = run_crawl("--sites", str(sites), "--db", str(tmp_path / "a.db"))
    assert done.returncode == 0, done.stderr
    assert "page cap reached: site mock-news" in done.stderr
    with ArticleStore(tmp_path / "a.db") as store:
        fetched = store.fetch_counts()
    # the start listing + 3 admitted pages (redirect hops and retries are the same pages)
    assert len({u for u in fetched if "/old/" not in u}) <= 4


def test_bad_registry_is_refused_with_its_path(tmp_path):
    bad = tmp_path / "sites.yaml"
    bad.write_text("sites:\n  - id: x\n    province: P\n", encoding="utf-8")
    done = run_crawl("--sites", str(bad), "--db", str(tmp_path / "a.db"))
    assert done.returncode == 2
    assert str(bad) in done.stderr and "Traceback" not in done.stderr


def test_size_cap(site, tmp_path):
    sites = tmp_path / "sites.yaml"
    sites.write_text(registry(site.base_url), encoding="utf-8")
    done = run_crawl("--sites", str(sites), "--db", str(tmp_path / "a.db"), "--set", "DOWNLOAD_MAXSIZE=30000")
    assert done.returncode == 0, done.stderr
    assert "too large (over DOWNLOAD_MAXSIZE 30000 bytes), not parsed:" in done.stderr
    assert "1  responses over the size cap" in done.stderr
    with ArticleStore(tmp_path / "a.db") as store:
        assert sorted(a.canonical_url for a in store.articles()) == sorted(site.base_url + p for p in RELEVANT[:3])


def test_robots_obeyed_by_requests_waiting_for_it(site, tmp_path):
    """Requests that arrive while robots.txt is still downloading obey it too (Scrapy 2.19 let
    all but the first through: crawler/middlewares/robots.py)."""
    private = [f"/private/liste-{n}/" for n in range(4)]
    sites = tmp_path / "sites.yaml"
    sites.write_text(registry(site.base_url, starts=("/news/", *private)), encoding="utf-8")
    site.delays["/robots.txt"] = 0.5
    try:
        done = run_crawl("--sites", str(sites), "--db", str(tmp_path / "a.db"))
    finally:
        site.delays.clear()
    assert done.returncode == 0, done.stderr
    assert {p: site.hits[p] for p in private} == dict.fromkeys(private, 0)
    assert done.stderr.count("forbidden by robots.txt, not fetched") >= len(private)
