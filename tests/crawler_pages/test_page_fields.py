"""Each field of each page object on real-shaped fixture pages (one test per fixture and field)."""

from __future__ import annotations

from functools import cache

import pytest
from fixture_data import expected, fixtures, load
from measure_extraction import token_f1

from crawler.items import Article
from crawler.pages import Rejected, parse_article

FIELDS = ["cms", "title", "canonical_url", "published_raw", "published", "author"]


@cache
def parsed(name: str) -> Article | Rejected:
    url, body, headers = load(name)
    return parse_article(url, body, headers, None)


def article(name: str) -> Article:
    result = parsed(name)
    assert isinstance(result, Article), f"{name}: rejected: {result}"
    return result


CASES = [(name, field) for name in fixtures("title") for field in FIELDS if field in expected(name)]


@pytest.mark.parametrize("name,field", CASES, ids=[f"{n}-{f}" for n, f in CASES])
def test_field(name, field):
    assert getattr(article(name), field) == expected(name)[field]


@pytest.mark.parametrize("name", fixtures("text"))
def test_body_text_matches_expected(name):
    got = article(name).text
    assert token_f1(got, expected(name)["text"]) >= 0.9, got


@pytest.mark.parametrize("name", fixtures("must_contain"))
def test_body_keeps_the_article_sentences(name):
    text = article(name).text
    missing = [s for s in expected(name)["must_contain"] if s not in text]
    assert not missing, text


@pytest.mark.parametrize("name", fixtures("must_not_contain"))
def test_body_drops_boilerplate(name):
    text = article(name).text
    leaked = [s for s in expected(name)["must_not_contain"] if s in text]
    assert not leaked, text


@pytest.mark.parametrize("name", fixtures("repair") + fixtures("encoding"))
def test_legacy_and_mis_declared_pages_are_read_correctly(name):
    want = expected(name)
    extra = article(name).extra
    for key in ("encoding", "repair"):
        if key in want:
            assert extra.get(key) == want[key]


@pytest.mark.parametrize("name", fixtures("rejected"))
def test_rejected_pages(name):
    result = parsed(name)
    assert isinstance(result, Rejected)
    assert result.reason.startswith(expected(name)["rejected"])


@pytest.mark.parametrize("name", fixtures("title"))
def test_every_text_field_is_nfc_and_free_of_invisible_characters(name):
    import unicodedata

    a = article(name)
    for value in (a.title, a.text, a.author or ""):
        assert unicodedata.is_normalized("NFC", value)
        assert not set(value) & {"\u200b", "\ufeff", "\u00ad", "\u00a0"}
