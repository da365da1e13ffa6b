"""SIGKILL mid-crawl, start again: no article lost, none stored twice (the store's frontier)."""

from __future__ import annotations

import signal
import sqlite3
import time

import pytest

from .conftest import check_demo_store, demo_manifest, popen_crawl, run_crawl

pytestmark = pytest.mark.slow


def stored_count(db) -> int:
    try:
        with sqlite3.connect(db, timeout=5) as conn:
            return conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    except sqlite3.OperationalError:  # the crawl has not created the table yet
        return 0


def test_sigkill_then_resume_stores_every_article_once(tmp_path):
    expected, _ = demo_manifest()
    db, jsonl = tmp_path / "a.db", tmp_path / "a.jsonl"
    proc = popen_crawl("--demo", "--db", str(db), log=tmp_path / "first.log")
    try:
        deadline = time.monotonic() + 120
        while stored_count(db) < 4 and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        assert proc.poll() is None, "the crawl ended before it could be killed"
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
    at_kill = stored_count(db)
    assert 4 <= at_kill < len(expected), "killed mid-crawl"
    with sqlite3.connect(db) as conn:
        pending = conn.execute("SELECT count(*) FROM frontier WHERE state = 'pending'").fetchone()[0]
        assert conn.execute("SELECT finished FROM runs").fetchall() == [(None,)]
    assert pending > 0, "work was left when the crawl was killed"

    done = run_crawl("--demo", "--db", str(db), "--jsonl", str(jsonl))
    assert done.returncode == 0, done.stderr
    assert "resuming crawl run 1" in done.stderr
    check_demo_store(db)
    assert len(jsonl.read_text(encoding="utf-8").splitlines()) == len(expected)
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM frontier WHERE state = 'pending'").fetchone()[0] == 0
        assert conn.execute("SELECT count(*) FROM runs WHERE finished IS NOT NULL").fetchone()[0] == 1
