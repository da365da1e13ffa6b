"""Reading article files: .txt (line 1 the title) and saved .html pages.

HTML goes through the crawler's page objects (crawler.pages.parse_article), so a saved page
is read exactly as the crawl reads it.
"""

from __future__ import annotations

import re
from pathlib import Path

from thidua.text import clean

MAX_BYTES = 2_000_000  # an article is a few kB; beyond this it is no article page


class BadInput(Exception):
    """A file that cannot be an article; the message says which and why."""


def _decode(data: bytes, path: str) -> str:
    """Text of a .txt file: UTF-8, or Windows-1258 / TCVN3 / VNI repaired by the crawler's decoder."""
    if b"\x00" in data[:4096]:
        raise BadInput(f"{path}: binary data, not an article (give a .txt or .html file)")
    try:
        from crawler.encoding import decode_html
    except ImportError:
        decode_html = None
    if decode_html is not None:
        try:
            return decode_html(data, {"content-type": "text/plain; charset=utf-8"}
                               if _is_utf8(data) else None).text
        except ValueError as error:  # LegacyEncodingError: a legacy font nobody can convert
            raise BadInput(f"{path}: {error}") from None
    for encoding in ("utf-8-sig", "cp1258"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise BadInput(f"{path}: not UTF-8 text")


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _html_article(data: bytes, path: str) -> tuple[str, str | None]:
    """(title line + body, publication date) of a saved page, through the crawler's page objects
    (the same code the crawl runs: boilerplate, captions and page dates handled there)."""
    from crawler.pages import Rejected, parse_article

    try:
        result = parse_article(Path(path).resolve().as_uri(), data, None, None)
    except ValueError as error:  # a legacy encoding that cannot be read as Vietnamese
        raise BadInput(f"{path}: {error}") from None
    if isinstance(result, Rejected):
        raise BadInput(f"{path}: {result.reason}" + (f" ({result.detail})" if result.detail else ""))
    return result.full_text(), result.published


def read_article(path: str) -> str:
    """The article text (title line + body), cleaned; raises BadInput with a message for the user."""
    return read_article_dated(path)[0]


def read_article_dated(path: str) -> tuple[str, str | None]:
    """(article text, publication date where the file says it) — .html pages carry a date."""
    p = Path(path)
    if not p.is_file():
        raise BadInput(f"{path}: no such file")
    size = p.stat().st_size
    if size == 0:
        raise BadInput(f"{path}: empty file")
    if size > MAX_BYTES:
        raise BadInput(f"{path}: {size // 1_000_000} MB is too large for an article (limit {MAX_BYTES // 1_000_000} MB)")
    data = p.read_bytes()
    published = None
    if p.suffix.lower() in (".html", ".htm") or re.match(rb"\s*(?:<!doctype html|<html)", data[:200], re.I):
        text, published = _html_article(data, path)
        if not text.strip():
            raise BadInput(f"{path}: no article text found in the page")
    else:
        text = _decode(data, path)
    text = clean(text)
    if not re.search(r"[ăâđêôơưĂÂĐÊÔƠƯ]|[àáảãạèéẻẽẹìíỉĩịòóỏõọùúủũụỳýỷỹỵ]", text):
        raise BadInput(f"{path}: no Vietnamese text found (is this a Vietnamese article?)")
    return text, published
