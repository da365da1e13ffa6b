"""The relevance filter: is a link or page about emulation and commendation work?

Keywords come from the site's registry entry (crawler/sites.yaml `relevance`, with the
registry's defaults). Text (anchor, title) is matched on whole words after lower-casing
the NFC text; URLs are matched on their ASCII slug (`thi-dua-khen-thuong` matches
"thi đua"), since Vietnamese sites write slugs without diacritics.
"""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

from thidua.text import ascii_fold, clean

_SLUG_SEPARATORS = re.compile(r"[-_/+.=&?,;:%]+")


def _pattern(terms: list[str]) -> re.Pattern[str] | None:
    words = sorted({t.strip() for t in terms if t.strip()}, key=len, reverse=True)
    if not words:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words) + r")(?!\w)")


class Relevance:
    """Keyword matcher for one site (compiled once)."""

    def __init__(self, terms: list[str]) -> None:
        self.terms = list(terms)
        self._text = _pattern([clean(t).lower() for t in terms])
        self._slug = _pattern([ascii_fold(clean(t)) for t in terms])

    def text(self, text: str | None) -> bool:
        return bool(text and self._text and self._text.search(clean(text).lower()))

    def url(self, url: str) -> bool:
        parts = urlsplit(url)
        slug = _SLUG_SEPARATORS.sub(" ", unquote(parts.path + " " + parts.query))
        return bool(self._slug and self._slug.search(ascii_fold(clean(slug))))

    def any(self, url: str, *texts: str | None) -> bool:
        """Relevant when the URL or any of the texts (anchor, title) names the topic."""
        return self.url(url) or any(self.text(t) for t in texts)
