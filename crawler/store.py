"""The article store: one SQLite file (WAL) that the crawl writes and every later stage reads.

Read API (what the graph builder codes against)::

    store = ArticleStore("data/articles.db")
    store.count()                      # number of stored articles
    for article in store.articles():   # crawler.items.Article, ordered by canonical URL
        facts = store.facts(article.canonical_url)   # list[dict], in extraction order
    store.export_jsonl("articles.jsonl")             # one Article.to_dict() per line, sorted keys
    store.close()                                    # or use it as a context manager

Tables:
  articles  keyed by canonical URL; the full Article as JSON plus the content hash and a
            revision (1 when first stored, +1 each time the words change).
  facts     (canonical_url, seq, json): the extractor's facts of the stored revision.
  frontier  the crash-safe frontier and seen-set: one row per URL, with the crawl run that
            last saw it and its state (pending / done / failed / skipped).
  runs      one row per crawl run; an unfinished run is resumed by the next crawl.
  fetches   every page fetched (URL, status, worker, run): proof that nothing is fetched twice.
  validators  ETag / Last-Modified of article pages: a re-crawl asks "changed since?" (304).

Why this shape: a crawl killed with SIGKILL must lose nothing and store nothing twice.
Every response is committed in one transaction together with its frontier update (an
article and its "done" mark, a listing and the links it revealed), so after a kill the
store is exactly "what was processed"; the next crawl resumes the run's pending rows.
WAL + a busy timeout + UPSERTs let several crawler processes (scrapy-redis) share one file.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, fields
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from crawler.items import Article

SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    canonical_url TEXT PRIMARY KEY,
    site          TEXT,
    province      TEXT,
    title         TEXT,
    published     TEXT,
    content_hash  TEXT NOT NULL,
    revision      INTEGER NOT NULL DEFAULT 1,
    stored_at     TEXT NOT NULL,
    facts_state   TEXT,              -- NULL: not extracted yet; 'ok': facts hold this revision's facts
    record        TEXT NOT NULL      -- Article.to_dict() as JSON
);
CREATE INDEX IF NOT EXISTS articles_hash ON articles(content_hash);
CREATE TABLE IF NOT EXISTS facts (
    canonical_url TEXT NOT NULL,
    seq           INTEGER NOT NULL,
    json          TEXT NOT NULL,
    PRIMARY KEY (canonical_url, seq)
);
CREATE TABLE IF NOT EXISTS frontier (
    url      TEXT PRIMARY KEY,
    site     TEXT,
    kind     TEXT NOT NULL,          -- listing | sitemap | rss | article
    run      INTEGER NOT NULL,
    state    TEXT NOT NULL,          -- pending | done | failed | skipped
    anchor   TEXT,
    referer  TEXT,
    note     TEXT,
    updated  TEXT
);
CREATE INDEX IF NOT EXISTS frontier_run_state ON frontier(run, state);
CREATE TABLE IF NOT EXISTS runs (
    id       INTEGER PRIMARY KEY,
    started  TEXT NOT NULL,
    finished TEXT,
    label    TEXT
);
CREATE TABLE IF NOT EXISTS fetches (
    seq    INTEGER PRIMARY KEY AUTOINCREMENT,
    url    TEXT NOT NULL,
    status INTEGER,
    attempt INTEGER NOT NULL DEFAULT 0,  -- 0 = first request, n = retry n of the same request
    worker TEXT,
    run    INTEGER,
    at     TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS validators (   -- HTTP validators of article pages, for conditional re-fetches
    url           TEXT PRIMARY KEY,
    etag          TEXT,
    last_modified TEXT
);
"""

_ARTICLE_FIELDS = {f.name for f in fields(Article)}


def now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def article_from_dict(data: dict[str, Any]) -> Article:
    """An Article from its stored dict; keys the record no longer has are kept in `extra`."""
    known = {k: v for k, v in data.items() if k in _ARTICLE_FIELDS}
    unknown = {k: v for k, v in data.items() if k not in _ARTICLE_FIELDS}
    article = Article(**known)
    if unknown:
        article.extra = {**article.extra, **unknown}
    return article


@dataclass
class Link:
    """A URL found by the crawl, for the frontier."""

    url: str
    site: str | None
    kind: str
    anchor: str | None = None
    referer: str | None = None


class ArticleStore:
    """The SQLite article store (see the module docstring for the API and the tables)."""

    def __init__(self, path: str | os.PathLike[str], *, timeout: float = 60.0) -> None:
        self.path = Path(path)
        if self.path.parent and not self.path.parent.exists():
            self.path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(str(self.path), timeout=timeout, isolation_level=None)
        self.db.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
        self.db.execute("PRAGMA journal_mode = WAL")
        # NORMAL in WAL mode: a killed process loses nothing committed (the OS has the WAL);
        # only a power cut may drop the last commits, and the file stays consistent.
        self.db.execute("PRAGMA synchronous = NORMAL")
        self.db.executescript(SCHEMA)  # CREATE ... IF NOT EXISTS: safe when two processes race

    # ------------------------------------------------------------------ plumbing
    def transaction(self) -> _Transaction:
        """BEGIN IMMEDIATE ... COMMIT: takes the write lock up front, so check-then-write is atomic
        between processes."""
        return _Transaction(self.db)

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> ArticleStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ read API
    def count(self) -> int:
        return self.db.execute("SELECT count(*) FROM articles").fetchone()[0]

    def articles(self) -> Iterator[Article]:
        for (record,) in self.db.execute("SELECT record FROM articles ORDER BY canonical_url"):
            yield article_from_dict(json.loads(record))

    def article(self, canonical_url: str) -> Article | None:
        row = self.db.execute("SELECT record FROM articles WHERE canonical_url = ?", (canonical_url,)).fetchone()
        return article_from_dict(json.loads(row[0])) if row else None

    def facts(self, canonical_url: str) -> list[dict[str, Any]]:
        rows = self.db.execute("SELECT json FROM facts WHERE canonical_url = ? ORDER BY seq", (canonical_url,))
        return [json.loads(j) for (j,) in rows]

    def revisions(self) -> dict[str, int]:
        return dict(self.db.execute("SELECT canonical_url, revision FROM articles"))

    def export_jsonl(self, path: str | os.PathLike[str]) -> int:
        """Write every article as one JSON line (sorted keys, by canonical URL); returns the count.

        Written to a temporary file and renamed, so a reader never sees half a file."""
        target = Path(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(target.name + ".tmp")
        n = 0
        with tmp.open("w", encoding="utf-8") as out:
            for (record,) in self.db.execute("SELECT record FROM articles ORDER BY canonical_url"):
                out.write(json.dumps(json.loads(record), ensure_ascii=False, sort_keys=True) + "\n")
                n += 1
        tmp.replace(target)
        return n

    # ------------------------------------------------------------------ articles (write)
    def known_hash(self, canonical_url: str) -> str | None:
        row = self.db.execute("SELECT content_hash FROM articles WHERE canonical_url = ?",
                              (canonical_url,)).fetchone()
        return row[0] if row else None

    def duplicate_of(self, article: Article) -> str | None:
        """The canonical URL of another stored article with the same words, if any."""
        row = self.db.execute(
            "SELECT canonical_url FROM articles WHERE content_hash = ? AND canonical_url != ? LIMIT 1",
            (article.content_hash, article.canonical_url)).fetchone()
        return row[0] if row else None

    def save_article(self, article: Article, facts: list[dict[str, Any]] | None, *,
                     run: int | None = None, frontier_url: str | None = None) -> tuple[str, str | None]:
        """Store an article (and its facts) and mark its frontier URL done, in one transaction.

        Returns (status, other): status is 'new', 'updated', 'unchanged' (same canonical URL,
        same content hash: nothing written) or 'duplicate' (same words already stored under
        the canonical URL `other`). `facts=None` means the extractor was not available: the
        article is stored with facts_state NULL so a later crawl can fill them in.
        """
        with self.transaction():
            row = self.db.execute("SELECT content_hash, revision FROM articles WHERE canonical_url = ?",
                                  (article.canonical_url,)).fetchone()
            other = None
            if row and row[0] == article.content_hash:
                status = "unchanged"
            elif not row and (other := self.duplicate_of(article)):
                status = "duplicate"
            else:
                status = "updated" if row else "new"
                record = json.dumps(article.to_dict(), ensure_ascii=False, sort_keys=True)
                self.db.execute(
                    "INSERT INTO articles (canonical_url, site, province, title, published, content_hash,"
                    " revision, stored_at, facts_state, record) VALUES (?,?,?,?,?,?,1,?,?,?)"
                    " ON CONFLICT(canonical_url) DO UPDATE SET site=excluded.site, province=excluded.province,"
                    " title=excluded.title, published=excluded.published, content_hash=excluded.content_hash,"
                    " revision=articles.revision+1, stored_at=excluded.stored_at,"
                    " facts_state=excluded.facts_state, record=excluded.record",
                    (article.canonical_url, article.site, article.province, article.title, article.published,
                     article.content_hash, now(), None if facts is None else "ok", record))
                self._put_facts(article.canonical_url, facts)
            if frontier_url is not None and run is not None:
                self._mark(run, frontier_url, "done", status if other is None else f"duplicate of {other}")
        return status, other

    def _put_facts(self, canonical_url: str, facts: list[dict[str, Any]] | None) -> None:
        self.db.execute("DELETE FROM facts WHERE canonical_url = ?", (canonical_url,))
        if facts:
            self.db.executemany(
                "INSERT INTO facts (canonical_url, seq, json) VALUES (?,?,?)",
                [(canonical_url, i, json.dumps(f, ensure_ascii=False, sort_keys=True)) for i, f in enumerate(facts)])

    def without_facts(self) -> list[Article]:
        """Articles stored while the extractor was unavailable."""
        rows = self.db.execute("SELECT record FROM articles WHERE facts_state IS NULL ORDER BY canonical_url")
        return [article_from_dict(json.loads(r)) for (r,) in rows]

    def set_facts(self, canonical_url: str, facts: list[dict[str, Any]]) -> None:
        with self.transaction():
            self._put_facts(canonical_url, facts)
            self.db.execute("UPDATE articles SET facts_state = 'ok' WHERE canonical_url = ?", (canonical_url,))

    # ------------------------------------------------------------------ runs and frontier
    def begin_run(self, label: str = "") -> tuple[int, bool]:
        """The run to work on: the last one if it never finished (resume), else a new one.
        Returns (run id, resumed)."""
        with self.transaction():
            row = self.db.execute("SELECT id, finished FROM runs ORDER BY id DESC LIMIT 1").fetchone()
            if row and row[1] is None:
                return row[0], True
            cur = self.db.execute("INSERT INTO runs (started, label) VALUES (?, ?)", (now(), label))
            return int(cur.lastrowid or 0), False

    def finish_run(self, run: int) -> None:
        with self.transaction():
            self.db.execute("UPDATE runs SET finished = ? WHERE id = ?", (now(), run))

    def discover(self, run: int, links: Iterable[Link], *, done_url: str | None = None,
                 done_note: str | None = None) -> list[Link]:
        """Add links to the frontier of `run`; returns those not seen before in this run.

        A URL seen in an earlier run is seen again (state back to pending): that is how a
        re-crawl revisits it. With `done_url`, that page is marked done in the same
        transaction (a listing and the links it revealed are committed together)."""
        new: list[Link] = []
        stamp = now()
        with self.transaction():
            for link in links:
                cur = self.db.execute(
                    "INSERT INTO frontier (url, site, kind, run, state, anchor, referer, updated)"
                    " VALUES (?,?,?,?, 'pending', ?,?,?)"
                    " ON CONFLICT(url) DO UPDATE SET run=excluded.run, state='pending', kind=excluded.kind,"
                    " site=excluded.site, anchor=excluded.anchor, referer=excluded.referer,"
                    " note=NULL, updated=excluded.updated WHERE frontier.run < excluded.run",
                    (link.url, link.site, link.kind, run, link.anchor, link.referer, stamp))
                if cur.rowcount:
                    new.append(link)
            if done_url is not None:
                self._mark(run, done_url, "done", done_note)
        return new

    def _mark(self, run: int, url: str, state: str, note: str | None) -> None:
        self.db.execute("UPDATE frontier SET state = ?, note = ?, updated = ? WHERE url = ? AND run = ?",
                        (state, note, now(), url, run))

    def mark(self, run: int, url: str, state: str, note: str | None = None) -> None:
        with self.transaction():
            self._mark(run, url, state, note)

    def pending(self, run: int) -> list[Link]:
        rows = self.db.execute(
            "SELECT url, site, kind, anchor, referer FROM frontier WHERE run = ? AND state = 'pending'"
            " ORDER BY kind != 'listing', rowid", (run,))
        return [Link(*r) for r in rows]

    def known_in_run(self, run: int, urls: list[str]) -> set[str]:
        """Those of `urls` already on the frontier of `run` (seen: not to be counted again)."""
        found: set[str] = set()
        for i in range(0, len(urls), 500):
            chunk = urls[i:i + 500]
            marks = ",".join("?" * len(chunk))
            found.update(u for (u,) in self.db.execute(
                f"SELECT url FROM frontier WHERE run = ? AND url IN ({marks})", (run, *chunk)))
        return found

    def frontier_counts(self, run: int) -> dict[str, int]:
        """Pages put on the frontier per site in this run (what the per-site page caps count)."""
        return dict(self.db.execute("SELECT site, count(*) FROM frontier WHERE run = ? GROUP BY site", (run,)))

    def log_fetch(self, url: str, status: int | None, worker: str, run: int | None, attempt: int = 0) -> None:
        self.db.execute("INSERT INTO fetches (url, status, attempt, worker, run, at) VALUES (?,?,?,?,?,?)",
                        (url, status, attempt, worker, run, now()))

    def fetch_counts(self, run: int | None = None) -> dict[str, int]:
        """First-attempt fetches per URL (retries of the same request are not counted)."""
        sql = ("SELECT url, count(*) FROM fetches WHERE attempt = 0"
               + (" AND run = ?" if run is not None else "") + " GROUP BY url")
        return dict(self.db.execute(sql, () if run is None else (run,)))

    def validators(self, url: str) -> tuple[str | None, str | None]:
        row = self.db.execute("SELECT etag, last_modified FROM validators WHERE url = ?", (url,)).fetchone()
        return (row[0], row[1]) if row else (None, None)

    def set_validators(self, url: str, etag: str | None, last_modified: str | None) -> None:
        if etag or last_modified:
            self.db.execute("INSERT INTO validators (url, etag, last_modified) VALUES (?,?,?) ON CONFLICT(url)"
                            " DO UPDATE SET etag=excluded.etag, last_modified=excluded.last_modified",
                            (url, etag, last_modified))

    def get_meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        self.db.execute("INSERT INTO meta (key, value) VALUES (?,?) ON CONFLICT(key) DO UPDATE SET value=excluded.value",
                        (key, value))


class _Transaction:
    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def __enter__(self) -> sqlite3.Connection:
        self.db.execute("BEGIN IMMEDIATE")
        return self.db

    def __exit__(self, exc_type: object, *rest: object) -> None:
        self.db.execute("ROLLBACK" if exc_type else "COMMIT")
