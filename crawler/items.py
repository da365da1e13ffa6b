"""The article record: what the crawl stores and every later stage reads.

A plain dataclass (no Scrapy import) so page objects, the store and the graph builder
can share it without pulling in the crawler.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class Article:
    url: str                       # the URL fetched
    canonical_url: str             # rel=canonical / og:url / the URL without tracking noise: the store key
    site: str                      # site id from crawler/sites.yaml
    province: str | None           # from the site's registry entry
    agency: str | None             # the site's owning agency
    title: str
    text: str                      # body without boilerplate, cleaned (thidua.text.clean)
    published_raw: str | None = None   # the date as written on the page
    published: str | None = None       # ISO date (YYYY-MM-DD) or datetime parsed from it
    author: str | None = None
    cms: str | None = None             # page-object family that parsed it
    fetched_at: str | None = None      # ISO UTC
    status: int | None = None          # HTTP status of the final response
    content_hash: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.content_hash:
            self.content_hash = content_hash(self.title, self.text)

    def full_text(self) -> str:
        """Title line + body: the text facts are extracted from and evidence offsets index into
        (the same convention as article .txt files, whose first line is the title)."""
        return f"{self.title}\n{self.text}"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def content_hash(title: str, text: str) -> str:
    """SHA-256 over the cleaned title and body: changes only when the article's words change."""
    return hashlib.sha256(f"{title}\n\n{text}".encode()).hexdigest()
