"""Two crawler processes sharing a frontier and dupefilter on a real redis-server (scrapy-redis):
every demo article stored exactly once, no URL fetched twice."""

from __future__ import annotations

import sqlite3
import subprocess
import time

import pytest
from testtools import free_port, require_tool

from .conftest import check_demo_store, kill_after, popen_crawl

pytestmark = pytest.mark.slow


@pytest.fixture
def redis_url():
    server = require_tool("redis-server", "apt-get install redis-server (.ci/run does)")
    port = free_port()
    proc = subprocess.Popen([server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    import redis

    client = redis.Redis(host="127.0.0.1", port=port)
    for _ in range(100):
        try:
            client.ping()
            break
        except redis.ConnectionError:
            time.sleep(0.05)
    yield f"redis://127.0.0.1:{port}/0"
    proc.terminate()
    proc.wait(timeout=10)


def test_two_workers_share_the_crawl(redis_url, tmp_path):
    from crawler.demo.server import DemoServer

    db = tmp_path / "a.db"
    with DemoServer(port=0) as demo:
        workers = [popen_crawl("--demo-url", demo.base_url, "--redis", redis_url, "--db", str(db),
                               log=tmp_path / f"worker{i}.log") for i in range(2)]
        try:
            codes = [w.wait(timeout=150) for w in workers]
        finally:
            for w in workers:
                if w.poll() is None:
                    w.kill()
        hits = dict(demo.hits)
    logs = [(tmp_path / f"worker{i}.log").read_text(encoding="utf-8") for i in range(2)]
    assert codes == [0, 0], logs
    for log in logs:
        assert "Traceback" not in log and "ERROR" not in log, log
    assert any("finished (last worker)" in log for log in logs), "the run was marked finished"
    check_demo_store(db)
    with sqlite3.connect(db) as conn:
        twice = conn.execute("SELECT url, count(*) FROM fetches WHERE attempt = 0 GROUP BY url HAVING count(*) > 1"
                             ).fetchall()
        per_worker = dict(conn.execute("SELECT worker, count(*) FROM fetches GROUP BY worker").fetchall())
    assert twice == []
    assert len(per_worker) == 2 and min(per_worker.values()) > 0, per_worker
    # the server's own count agrees: each path once, but robots.txt (once per worker) and retried 500s
    retried = {p for p, n in hits.items() if n > 1 and p.endswith("robots.txt") is False}
    assert all("loi-may-chu" in p or "de-nghi-tang-co" in p for p in retried), retried


def test_a_killed_worker_loses_nothing(redis_url, tmp_path):
    """SIGKILL one of two workers mid-crawl: its in-flight requests go back on the queue once its
    heartbeat expires, and the other worker stores every article exactly once."""
    from crawler.demo.server import DemoServer

    db = tmp_path / "a.db"
    with DemoServer(port=0) as demo:
        args = ("--demo-url", demo.base_url, "--redis", redis_url, "--db", str(db), "--set", "THIDUA_WORKER_TTL=2")
        victim = popen_crawl(*args, log=tmp_path / "victim.log")
        survivor = popen_crawl(*args, log=tmp_path / "survivor.log")
        try:
            assert kill_after(victim, db, 4) < 17, "killed mid-crawl"
            assert survivor.wait(timeout=150) == 0, (tmp_path / "survivor.log").read_text(encoding="utf-8")
        finally:
            for proc in (victim, survivor):
                if proc.poll() is None:
                    proc.kill()
    check_demo_store(db)
