"""Main-text extraction for pages no family selector fits (the generic fallback).

Two candidates, measured on tests/crawler_pages/fixtures by bench/pages_extraction.py
(token F1 against the expected body, boilerplate snippets leaked): a readability-style
BeautifulSoup heuristic and trafilatura. FALLBACK names the one the measurement chose;
the README section "Crawling: pages, registry and the demo web" has the figures.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from bs4 import BeautifulSoup, Comment, NavigableString, Tag

from crawler import boilerplate

from .select import Index

BLOCKS = frozenset(
    "p div li ul ol h1 h2 h3 h4 h5 h6 td th tr table blockquote section article main header footer "
    "figure figcaption pre address dd dt dl form fieldset center hr".split()
)
_VOTERS = frozenset("p pre blockquote td div".split())
_SKIP = frozenset("script style noscript template svg head".split())
_SPACE = re.compile(r"\s+")
# The lead paragraph Vietnamese news CMSs print above the body, outside its container.
_LEAD_CLASS = re.compile(r"sapo|lead|summary|hometext|intro|chapeau|description", re.I)
_PAGE_CHROME = ("header", "footer", "nav", "aside", "[role=navigation]", "[role=banner]",
                "[role=contentinfo]", ".menu", "#menu", ".sidebar", "#sidebar")


def block_lines(root: Tag, exclude: set[int] | frozenset[int] = frozenset()) -> list[str]:
    """The text of `root` as lines: one per block element or <br>, inline markup joined;
    elements whose id() is in `exclude` (boilerplate) are skipped with what they hold."""
    parts: list[str] = []

    def walk(node: Tag) -> None:
        for child in node.children:
            if isinstance(child, Comment):
                continue
            if isinstance(child, NavigableString):
                parts.append(_SPACE.sub(" ", str(child)))
                continue
            if not isinstance(child, Tag) or child.name in _SKIP or id(child) in exclude:
                continue
            if child.name == "br":
                parts.append("\n")
                continue
            block = child.name in BLOCKS
            if block:
                parts.append("\n")
            walk(child)
            if block:
                parts.append("\n")

    walk(root)
    return [line.strip() for line in "".join(parts).split("\n") if line.strip()]


def _link_density(element: Tag) -> float:
    total = len(element.get_text(" ", strip=True)) or 1
    linked = sum(len(a.get_text(" ", strip=True)) for a in element.find_all("a"))
    return linked / total


def _inside(element: Tag, exclude: set[int]) -> bool:
    node: Tag | None = element
    while node is not None:
        if id(node) in exclude:
            return True
        node = node.parent
    return False


def _own_text(element: Tag) -> str:
    return "".join(str(c) for c in element.children
                   if isinstance(c, NavigableString) and not isinstance(c, Comment))


def heuristic(html: str, soup: BeautifulSoup | None = None, index: Index | None = None) -> list[str]:
    """Readability-style: paragraphs vote for their parent (and half for the grandparent);
    the best container, discounted by its link density, holds the article. Boilerplate and
    page chrome are skipped, not removed: the caller's tree stays whole."""
    soup = soup if soup is not None else BeautifulSoup(html, "lxml")
    index = index if index is not None else Index(soup)
    exclude = {id(e) for e in boilerplate.elements(index, _PAGE_CHROME)}
    body = soup.body or soup
    scores: dict[int, float] = {}
    nodes: dict[int, Tag] = {}
    for para in index.all:
        if para.name not in _VOTERS:
            continue
        if para.name == "div":
            text = _own_text(para).strip()
            if len(text) < 40:
                continue  # a div votes only for text it holds itself (br-separated bodies)
        else:
            text = para.get_text(" ", strip=True)
        if len(text) < 25 or _inside(para, exclude):
            continue
        points = 1 + text.count(",") + min(len(text) // 100, 3)
        for depth, ancestor in enumerate((para.parent, para.parent.parent if para.parent else None)):
            if isinstance(ancestor, Tag):
                nodes[id(ancestor)] = ancestor
                scores[id(ancestor)] = scores.get(id(ancestor), 0.0) + points / (1 + depth)
    if not scores:
        return boilerplate.clean_lines(block_lines(body, exclude))
    top = sorted(scores, key=scores.__getitem__, reverse=True)[:8]
    best = nodes[max(top, key=lambda k: scores[k] * (1 - _link_density(nodes[k])))]
    lines = block_lines(best, exclude)
    for sibling in best.find_previous_siblings(limit=3):
        if isinstance(sibling, Tag) and _LEAD_CLASS.search(" ".join(sibling.get("class") or [])):
            lines = block_lines(sibling, exclude) + lines
            break
    return boilerplate.clean_lines(lines)


def with_trafilatura(html: str, soup: BeautifulSoup | None = None, index: Index | None = None) -> list[str]:
    """trafilatura's extraction, then the same boilerplate line rules."""
    import trafilatura

    text = trafilatura.extract(html, include_comments=False, include_tables=True, favor_recall=True) or ""
    return boilerplate.clean_lines(text.split("\n"))


EXTRACTORS: dict[str, Callable[..., list[str]]] = {
    "heuristic": heuristic,
    "trafilatura": with_trafilatura,
}
FALLBACK = "heuristic"


def extract_main(html: str, soup: BeautifulSoup | None = None, method: str | None = None,
                 index: Index | None = None) -> list[str]:
    """Body lines of a page by the fallback extractor (or the one named)."""
    return EXTRACTORS[method or FALLBACK](html, soup, index)
