"""Helpers for the crawl-engine tests: run `thidua crawl` in a subprocess (the Twisted reactor
starts once per process), read the store."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FAST = ["--set", "RETRY_BACKOFF_BASE=0.05", "--set", "THIDUA_PROGRESS_INTERVAL=0.5"]


def crawl_argv(*args: str) -> list[str]:
    return [sys.executable, "-m", "thidua.cli", "crawl", *args, *FAST]


def run_crawl(*args: str, timeout: float = 150) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(crawl_argv(*args), cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)
    return done


def popen_crawl(*args: str, log: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(crawl_argv(*args), cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                            stderr=log.open("wb"))


def demo_manifest() -> tuple[list, str]:
    """The demo web's expected articles, with URLs as the store keeps them (fixed demo origin)."""
    from crawler.demo.server import DemoServer
    from crawler.settings import THIDUA_DEMO_ORIGIN

    with DemoServer(port=0) as server:
        expected = server.manifest()
        base = server.base_url
    for entry in expected:
        entry.url = THIDUA_DEMO_ORIGIN + entry.url[len(base):]
    return expected, THIDUA_DEMO_ORIGIN


def check_demo_store(db: Path) -> None:
    """Every demo article stored exactly once, with province, title, date and clean text."""
    import sqlite3

    from crawler.store import ArticleStore

    expected, _ = demo_manifest()
    with ArticleStore(db) as store:
        articles = {a.canonical_url: a for a in store.articles()}
        revisions = store.revisions()
    assert sorted(articles) == sorted(e.url for e in expected)
    assert set(revisions.values()) == {1}, "an article was written more than once"
    for entry in expected:
        a = articles[entry.url]
        assert (a.title, a.published) == (entry.title, entry.published), entry.url
        assert a.province and a.site == entry.site
        assert len(a.text) >= 100 and "<" not in a.text and "Lượt xem" not in a.text, entry.url
    rows = sqlite3.connect(db).execute("SELECT count(*), count(DISTINCT canonical_url) FROM articles").fetchone()
    assert rows[0] == rows[1] == len(expected)


def stored_count(db: Path) -> int:
    try:
        with sqlite3.connect(db, timeout=5) as conn:
            return conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    except sqlite3.OperationalError:  # the crawl has not created the table yet
        return 0


def kill_after(proc: subprocess.Popen[bytes], db: Path, articles: int) -> int:
    """SIGKILL `proc` once `articles` articles are in the store; returns the count at the kill."""
    deadline = time.monotonic() + 120
    while stored_count(db) < articles and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    assert proc.poll() is None, "the crawl ended before it could be killed"
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    return stored_count(db)
