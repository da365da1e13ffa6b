"""The indexed CSS selection gives what soupsieve gives, on every fixture and demo page."""

from __future__ import annotations

import pytest
from fixture_data import FIXTURES
from measure_extraction import demo_cases

from crawler.encoding import LegacyEncodingError, decode_html
from crawler.pages.base import PageInput
from crawler.pages.families import families
from crawler.pages.select import compile_selector

EXTRA = ["a[rel=next]", "link[rel=next]", "[class*=date]", "td b", "p strong", "#news-bodyhtml", "span.h5",
         "[style*=right]", ".text-right", "div.news-list h3 a", "*", 'meta[property="og:type"]', '[data-x^="a"]']


def family_selectors() -> set[str]:
    found: set[str] = set()
    for spec in families().values():
        for values in (spec.get("selectors") or {}).values():
            found.update(values)
    return found


def selectors() -> list[str]:
    return sorted(family_selectors() | set(EXTRA))


def pages() -> list[tuple[str, str]]:
    out = []
    for folder in sorted(p for p in FIXTURES.iterdir() if (p / "input.html").exists()):
        try:
            out.append((folder.name, decode_html((folder / "input.html").read_bytes()).text))
        except LegacyEncodingError:
            continue
    out += [(name, decode_html(body, headers).text) for name, _, body, headers in demo_cases()]
    return out


@pytest.mark.parametrize("name,html", pages(), ids=[n for n, _ in pages()])
def test_index_matches_soupsieve(name, html):
    page = PageInput(url="http://h/", html=html)
    for selector in selectors():
        want = page.soup.select(selector)
        assert page.index.select(selector) == want, selector
        assert page.index.select_one(selector) is (want[0] if want else None), selector


def test_the_family_selectors_take_the_fast_path():
    slow = [s for s in family_selectors() if compile_selector(s) is None]
    assert not slow, slow
