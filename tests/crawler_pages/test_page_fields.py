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


def test_html_to_text_gives_title_and_clean_body():
    from crawler.pages import html_to_text

    _, body, headers = load("portal_luot_xem")
    title, text = html_to_text(body, headers)
    want = expected("portal_luot_xem")
    assert title == want["title"] and token_f1(text, want["text"]) >= 0.95
    assert "Thống kê truy cập" not in text


def test_site_selectors_and_cms_take_precedence():
    from crawler.registry import Site

    html = ("<html><head><title>Trang</title></head><body><h1>Tiêu đề chung của cổng</h1>"
            "<div class='tieu-de'>Cụm thi đua số 4 sơ kết năm 2022</div>"
            "<div class='noi-dung-bai'><p>" + "Cụm thi đua số 4 họp sơ kết, bầu Trưởng cụm năm 2023. " * 5
            + "</p></div><div class='entry-content'><p>" + "Không phải thân bài. " * 20 + "</p></div></body></html>")
    site = Site(id="s", province="P", agency="A", base_url="http://h/", start_urls=["http://h/"], cms="portal",
                selectors={"title": ".tieu-de", "body": [".noi-dung-bai"]}, relevance=["thi đua"])
    article = parse_article("http://h/bai", html.encode(), {}, site)
    assert isinstance(article, Article)
    assert article.cms == "portal" and article.title == "Cụm thi đua số 4 sơ kết năm 2022"
    assert article.text.startswith("Cụm thi đua số 4 họp sơ kết") and "Không phải thân bài" not in article.text
    assert (article.site, article.province, article.agency) == ("s", "P", "A")
