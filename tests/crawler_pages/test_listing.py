"""Listing pages: links to articles, pagination, and what is never a link; non-HTML input."""

from __future__ import annotations

from fixture_data import expected, load

from crawler.pages import Listing, Rejected, parse_article, parse_listing


def test_generic_listing_links_and_pagination():
    url, body, headers = load("listing_generic")
    want = expected("listing_generic")["listing"]
    listing = parse_listing(url, body, headers, None)
    assert [[link.url, link.text] for link in listing.article_links] == want["article_links"]
    assert listing.next_pages == want["next_pages"]
    every = [link.url for link in listing.article_links + listing.other_links] + listing.next_pages
    assert not any(u.startswith(("javascript:", "mailto:")) or "#" in u for u in every)


def test_a_listing_is_not_an_article():
    url, body, headers = load("listing_generic")
    result = parse_article(url, body, headers, None)
    assert isinstance(result, Rejected) and result.reason.startswith("not an article")


def test_pdf_is_rejected_by_content_type_and_by_magic_bytes():
    pdf = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n"
    by_type = parse_article("http://h/a", b"x", {"Content-Type": "application/pdf"}, None)
    by_magic = parse_article("http://h/quyet-dinh", pdf, {}, None)
    assert isinstance(by_type, Rejected) and by_type.reason == "PDF"
    assert isinstance(by_magic, Rejected) and by_magic.reason == "PDF"
    assert parse_listing("http://h/quyet-dinh", pdf, {}, None) == Listing()


def test_other_binary_content_is_rejected_with_its_type():
    result = parse_article("http://h/anh.png", b"\x89PNG\r\n", {"Content-Type": "image/png"}, None)
    assert isinstance(result, Rejected) and result.reason == "not HTML (image/png)"


def test_inline_base64_images_are_dropped_and_huge_pages_cut(monkeypatch):
    import crawler.pages as pages

    body_text = "Hội nghị tổng kết công tác thi đua của khối các cơ quan tham mưu tổng hợp năm 2020. " * 4
    image = "data:image/jpeg;base64," + "QUJD" * 50_000
    html = (f"<html><head><meta property='og:type' content='article'></head><body><h1>Khối thi đua tổng kết năm 2020</h1>"
            f"<div class='content'><p>{body_text}</p><p><img src='{image}'></p></div>"
            + "<table>" + "<tr><td>Đơn vị</td><td>95</td></tr>" * 2000 + "</table></body></html>")
    monkeypatch.setattr(pages, "MAX_PARSE_CHARS", 20_000)
    article = parse_article("http://h/bai", html.encode(), {}, None)
    assert not isinstance(article, Rejected), article
    assert body_text.strip() in article.text
    assert article.extra["truncated_at"] == 20_000
