"""SIGKILL mid-crawl, start again: no article lost, none stored twice (the store's frontier)."""

from __future__ import annotations

import sqlite3

import pytest

from .conftest import check_demo_store, demo_manifest, kill_after, popen_crawl, run_crawl

pytestmark = pytest.mark.slow


def test_sigkill_then_resume_stores_every_article_once(tmp_path):
    expected, _ = demo_manifest()
    db, jsonl = tmp_path / "a.db", tmp_path / "a.jsonl"
    proc = popen_crawl("--demo", "--db", str(db), log=tmp_path / "first.log")
    try:
        at_kill = kill_after(proc, db, 4)
    finally:
        if proc.poll() is None:
            proc.kill()
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
