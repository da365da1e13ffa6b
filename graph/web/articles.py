"""Stored copies of the crawled articles, for `/article`: the crawl's SQLite store, read-only.

Why: a fact's source is the article's canonical URL, which may not resolve (the demo web)
or may have moved (DOMAIN.md §5.4). The crawl kept the words; serving them keeps every fact
one click from its sentence. The file is opened with SQLite's `mode=ro`, so serving can
never change what the crawl stored, even while a crawl is writing it.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

from crawler.items import Article
from crawler.store import article_from_dict


class ArchiveError(Exception):
    """The article store cannot be read (message names the file and what to do)."""


@dataclass
class StoredCopy:
    article: Article
    stored_at: str | None
    revision: int


class Archive:
    """Read-only lookups of stored articles by canonical URL (shared by the server's threads)."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        if not self.path.is_file():
            raise ArchiveError(f"{self.path}: no such article store (run `thidua crawl` first, or give --db FILE)")
        uri = f"file:{urllib.parse.quote(str(self.path.resolve()))}?mode=ro"
        try:
            self.db = sqlite3.connect(uri, uri=True, check_same_thread=False)
            self.db.execute("SELECT canonical_url, stored_at, revision, record FROM articles LIMIT 1").fetchall()
        except sqlite3.Error as error:
            raise ArchiveError(f"{self.path}: not a readable thidua article store ({error}); "
                               "give the articles.db that `thidua crawl` writes") from error
        self._lock = threading.Lock()

    def has(self, url: str | None) -> bool:
        if not url or urllib.parse.urlsplit(url).scheme not in ("http", "https"):
            return False
        with self._lock:
            return self.db.execute("SELECT 1 FROM articles WHERE canonical_url = ?", (url,)).fetchone() is not None

    def get(self, url: str) -> StoredCopy | None:
        with self._lock:
            row = self.db.execute("SELECT record, stored_at, revision FROM articles WHERE canonical_url = ?",
                                  (url,)).fetchone()
        if row is None:
            return None
        return StoredCopy(article_from_dict(json.loads(row[0])), row[1], int(row[2]))

    def count(self) -> int:
        with self._lock:
            return int(self.db.execute("SELECT count(*) FROM articles").fetchone()[0])

    def close(self) -> None:
        self.db.close()


Segment = tuple[str, bool]  # a run of text and whether it is the highlighted sentence


def segments(text: str, spans: list[tuple[int, int]]) -> list[Segment]:
    """`text` cut at the spans' edges: plain and highlighted runs, in order (overlaps merged).

    The page prints each run as escaped text, inside <mark> when highlighted, so no markup
    is ever built from the article's words."""
    cuts: list[tuple[int, int]] = []
    for start, end in sorted((max(0, s), min(len(text), e)) for s, e in spans):
        if start >= end:
            continue
        if cuts and start <= cuts[-1][1]:
            cuts[-1] = (cuts[-1][0], max(cuts[-1][1], end))
        else:
            cuts.append((start, end))
    out: list[Segment] = []
    at = 0
    for start, end in cuts:
        if start > at:
            out.append((text[at:start], False))
        out.append((text[start:end], True))
        at = end
    if at < len(text) or not out:
        out.append((text[at:], False))
    return out


def locate(full_text: str, start: int | None, end: int | None, sentence: str | None) -> tuple[int, int] | None:
    """Where a piece of evidence is in the stored text: its offsets when they still hold the
    sentence (or when no sentence is known), else the sentence's first occurrence (the article
    may have been re-crawled since the graph was built), else None."""
    if start is not None and end is not None and 0 <= start < end <= len(full_text):
        if not sentence or full_text[start:end] == sentence:
            return start, end
    if sentence:
        found = full_text.find(sentence)
        if found >= 0:
            return found, found + len(sentence)
    return None


def split_title(full_text_segments: list[Segment], title_length: int) -> tuple[list[Segment], list[Segment]]:
    """Segments of `title + "\\n" + text` split into the title's and the body's (the newline dropped)."""
    title: list[Segment] = []
    body: list[Segment] = []
    at = 0
    for text, marked in full_text_segments:
        end = at + len(text)
        if end <= title_length:
            title.append((text, marked))
        elif at > title_length:
            body.append((text, marked))
        else:
            head, tail = text[:title_length - at], text[title_length - at + 1:]
            if head:
                title.append((head, marked))
            if tail:
                body.append((tail, marked))
        at = end
    return title, body
