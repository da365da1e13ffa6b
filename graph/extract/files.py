"""Reading article files: .txt (line 1 the title) and saved .html pages.

HTML goes through the crawler's generic page object (crawler.pages) where it exists; until
then a small reader takes the <title>/<h1> and the paragraphs of the main block.
"""

from __future__ import annotations

import re
from pathlib import Path

from thidua.text import clean

MAX_BYTES = 2_000_000  # an article is a few kB; beyond this it is no article page


class BadInput(Exception):
    """A file that cannot be an article; the message says which and why."""


def _decode(data: bytes, path: str) -> str:
    if b"\x00" in data[:4096]:
        raise BadInput(f"{path}: binary data, not an article (give a .txt or .html file)")
    for encoding in ("utf-8-sig", "cp1258"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise BadInput(f"{path}: not UTF-8 text")


def _html_to_text(data: bytes, path: str) -> str:
    try:
        from crawler import pages  # type: ignore[attr-defined]
        reader = getattr(pages, "read_html", None) or getattr(pages, "parse_html", None)
    except ImportError:
        reader = None
    if reader is not None:
        result = reader(data)
        title = getattr(result, "title", None) or (result.get("title") if isinstance(result, dict) else "")
        body = getattr(result, "text", None) or (result.get("text") if isinstance(result, dict) else "")
        return f"{title or ''}\n{body or ''}"
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(data, "lxml")
    for tag in soup(["script", "style", "nav", "header", "footer", "aside", "form", "noscript"]):
        tag.decompose()
    h1 = soup.find("h1")
    title = (h1.get_text(" ", strip=True) if h1 else "") or (soup.title.get_text(" ", strip=True) if soup.title else "")
    best, best_len = None, 0
    for block in soup.find_all(["article", "main", "div", "section", "td"]):
        paras = [p.get_text(" ", strip=True) for p in block.find_all("p", recursive=True)]
        size = sum(len(x) for x in paras)
        if size > best_len:
            best, best_len = paras, size
    body = "\n".join(p for p in (best or []) if p)
    if not body:
        body = soup.get_text("\n", strip=True) if soup.body else ""
    return f"{title}\n{body}"


def read_article(path: str) -> str:
    """The article text (title line + body), cleaned; raises BadInput with a message for the user."""
    p = Path(path)
    if not p.is_file():
        raise BadInput(f"{path}: no such file")
    size = p.stat().st_size
    if size == 0:
        raise BadInput(f"{path}: empty file")
    if size > MAX_BYTES:
        raise BadInput(f"{path}: {size // 1_000_000} MB is too large for an article (limit {MAX_BYTES // 1_000_000} MB)")
    data = p.read_bytes()
    if p.suffix.lower() in (".html", ".htm") or re.match(rb"\s*(?:<!doctype html|<html)", data[:200], re.I):
        text = _html_to_text(data, path)
        if not text.strip():
            raise BadInput(f"{path}: no article text found in the page")
    else:
        text = _decode(data, path)
    text = clean(text)
    if not re.search(r"[ăâđêôơưĂÂĐÊÔƠƯ]|[àáảãạèéẻẽẹìíỉĩịòóỏõọùúủũụỳýỷỹỵ]", text):
        raise BadInput(f"{path}: no Vietnamese text found (is this a Vietnamese article?)")
    return text
