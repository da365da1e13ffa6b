"""`thidua crawl --demo --db X --jsonl Y` on the demo web: every article once, every trap logged."""

from __future__ import annotations

import json

import pytest

from .conftest import check_demo_store, demo_manifest, run_crawl

pytestmark = pytest.mark.slow

# trap -> the line the crawl logs for it
TRAP_LINES = {
    "404": "not found (404)",
    "500": "server error (500) after 3 retries",
    "fail-once": "retry 1 of",
    "redirect chain": "redirect chain (3 hops)",
    "PDF": "PDF, skipped",
    "cp1258 without charset": "encoding repaired (cp1258",
    "TCVN3": "tcvn3",
    "off-topic": "off-topic, not followed",
    "very large page": "very large page (4.0 MiB) parsed",
    "external link": "external link not followed",
    "robots.txt": "forbidden by robots.txt, not fetched",
    "one article under two URLs": "duplicate article, not stored again",
}


def test_demo_crawl_stores_every_article_and_logs_every_trap(tmp_path):
    db, jsonl = tmp_path / "a.db", tmp_path / "a.jsonl"
    done = run_crawl("--demo", "--db", str(db), "--jsonl", str(jsonl))
    assert done.returncode == 0, done.stderr
    check_demo_store(db)
    expected, _ = demo_manifest()
    records = [json.loads(line) for line in jsonl.read_text(encoding="utf-8").splitlines()]
    assert sorted(r["canonical_url"] for r in records) == sorted(e.url for e in expected)
    missing = {trap: line for trap, line in TRAP_LINES.items() if line not in done.stderr}
    assert missing == {}
    assert "crawl summary" in done.stderr and "Traceback" not in done.stderr
    assert done.stdout == ""
