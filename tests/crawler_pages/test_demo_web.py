"""The demo web: sites, articles and every trap a crawl must meet, served on 127.0.0.1."""

from __future__ import annotations

import http.client
import subprocess
import sys
import urllib.error
import urllib.request
import urllib.robotparser
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from crawler.demo.server import DemoServer
from crawler.demo.web import DemoWeb
from crawler.pages import Article, Rejected, parse_article, parse_listing
from crawler.registry import demo_sites, site_for_url
from thidua.text import fold

ROOT = Path(__file__).resolve().parents[2]
SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture(scope="module")
def demo():
    with DemoServer(port=0) as server:
        yield server


def get(url: str) -> tuple[int, dict[str, str], bytes]:
    """One request, no redirect following."""
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    conn.request("GET", parts.path + (f"?{parts.query}" if parts.query else ""))
    response = conn.getresponse()
    body = response.read()
    conn.close()
    return response.status, dict(response.getheaders()), body


def fetch_ok(url: str) -> tuple[dict[str, str], bytes]:
    """GET with one retry on 500 (the fail-once trap), following no redirects."""
    status, headers, body = get(url)
    if status == 500:
        status, headers, body = get(url)
    assert status == 200, url
    return headers, body


def test_the_demo_web_has_enough_sites_provinces_families_and_articles(demo):
    sites = demo_sites(demo.base_url)
    manifest = demo.manifest()
    assert len(manifest) >= 15
    provinces = {site_for_url(sites, e.url).province for e in manifest}
    assert len(provinces) >= 3 and {"Bắc Kạn", "Lạng Sơn"} <= provinces
    assert len({s.cms for s in sites}) >= 3
    fictional = {site_for_url(sites, e.url).province for e in manifest if e.fictional}
    assert fictional == {"Sơn Hà Mẫu"}


def test_every_manifest_article_parses_with_title_date_and_canonical(demo):
    sites = demo_sites(demo.base_url)
    for expected in demo.manifest():
        for url in expected.urls:
            headers, body = fetch_ok(url)
            article = parse_article(url, body, headers, site_for_url(sites, url))
            assert isinstance(article, Article), (url, article)
            assert (article.title, article.published, article.canonical_url) == (
                expected.title, expected.published, expected.url)
            assert article.province and article.text and "Chia sẻ" not in article.text


def test_relevance_words_separate_topic_from_off_topic_news(demo):
    keywords = [fold(k) for k in demo_sites(demo.base_url)[0].relevance]
    web = demo.web

    def relevant(title: str, path: str) -> bool:
        return any(k in fold(title) or k.replace(" ", "-") in fold(path) for k in keywords)

    off = [a for a in web.articles if a.meta.get("offtopic")]
    on = [a for a in web.articles if not a.meta.get("offtopic")]
    assert len(off) >= 5
    assert not [a.title for a in off if relevant(a.title, a.path)]
    assert all(relevant(a.title, a.path) for a in on)


def test_robots_txt_disallows_the_private_pages(demo):
    robots = urllib.robotparser.RobotFileParser(demo.base_url + "/robots.txt")
    robots.read()
    private = [a for a in demo.web.articles if a.meta.get("private")]
    assert private
    for article in private:
        url = demo.web.url(article.site, article.path)
        assert not robots.can_fetch("thidua", url)
        status, _, _ = get(url)
        assert status == 200, "the page exists: only robots.txt keeps a polite crawler out"
    assert all(robots.can_fetch("thidua", e.url) for e in demo.manifest())


def test_sitemaps_list_public_articles_and_listings(demo):
    public = {e.url for e in demo.manifest()}
    found: set[str] = set()
    for site in demo_sites(demo.base_url):
        for sitemap in site.sitemaps:
            _, body = fetch_ok(sitemap)
            found |= {loc.text for loc in ET.fromstring(body).iter(f"{SITEMAP_NS}loc")}
        assert all(start in found for start in site.start_urls)
    private = {demo.web.url(a.site, a.path) for a in demo.web.articles if a.meta.get("private")}
    assert not found & private
    unlisted = {demo.web.url(a.site, a.path) for a in demo.web.articles if a.meta.get("unlisted")}
    assert public - unlisted <= found


def test_rss_feed(demo):
    site = next(s for s in demo_sites(demo.base_url) if s.rss)
    headers, body = fetch_ok(site.rss[0])
    assert headers["Content-Type"].startswith("application/rss+xml")
    links = [e.text for e in ET.fromstring(body).iter("link")]
    assert any("khoi-thi-dua" in (link or "") for link in links)


def test_listing_pages_paginate(demo):
    for site in demo_sites(demo.base_url):
        pages, url, seen = 0, site.start_urls[0], set()
        while url and url not in seen:
            seen.add(url)
            headers, body = fetch_ok(url)
            listing = parse_listing(url, body, headers, site)
            assert isinstance(parse_article(url, body, headers, site), Rejected)
            pages += 1
            url = next((u for u in listing.next_pages if u not in seen), None)
        assert pages >= 2, site.id


def trap(demo, kind: str) -> tuple[str, dict]:
    for site_id, site in demo.web.sites.items():
        for item in site.get("traps", []):
            if item["kind"] == kind:
                return site_id, item
    raise AssertionError(f"no {kind} trap")


def test_404_trap_is_linked_and_missing(demo):
    site_id, item = trap(demo, "404")
    url = demo.web.url(site_id, item["path"])
    assert get(url)[0] == 404
    assert get(demo.base_url + "/no/such/page")[0] == 404


def test_500_trap_always_fails(demo):
    site_id, item = trap(demo, "500")
    url = demo.web.url(site_id, item["path"])
    assert [get(url)[0] for _ in range(3)] == [500, 500, 500]


def test_fail_once_page_succeeds_on_retry():
    with DemoServer() as server:
        article = next(a for a in server.web.articles if a.meta.get("fail_first"))
        url = server.web.url(article.site, article.path)
        assert [get(url)[0] for _ in range(3)] == [500, 200, 200]


def test_redirect_chain_has_three_hops_to_an_article(demo):
    site_id, item = trap(demo, "redirect")
    url, hops = demo.web.url(site_id, item["path"]), 0
    while True:
        status, headers, body = get(url)
        if status not in (301, 302, 303, 307, 308):
            break
        url, hops = headers["Location"], hops + 1
    assert hops == 3 and status == 200
    article = parse_article(url, body, headers, None)
    assert isinstance(article, Article) and article.canonical_url == url


def test_pdf_trap(demo):
    site_id, item = trap(demo, "pdf")
    url = demo.web.url(site_id, item["path"])
    headers, body = fetch_ok(url)
    assert headers["Content-Type"] == "application/pdf" and body.startswith(b"%PDF-")
    result = parse_article(url, body, headers, None)
    assert isinstance(result, Rejected) and result.reason == "PDF"


def test_external_link_is_on_a_listing(demo):
    site_id, item = trap(demo, "external")
    listing_url = demo.web.url(site_id, demo.web.sites[site_id]["listings"][item["listing"]]["path"])
    urls = set()
    url = listing_url
    while url:
        headers, body = fetch_ok(url)
        listing = parse_listing(url, body, headers, None)
        urls |= {link.url for link in listing.article_links + listing.other_links}
        url = listing.next_pages[-1] if listing.next_pages and listing.next_pages[-1] != url and \
            listing.next_pages[-1] not in urls else None
        urls.add(url or "")
    assert item["url"] in urls and urlsplit(item["url"]).hostname != "127.0.0.1"


def legacy_article(demo, encoding: str):
    article = next(a for a in demo.web.articles if a.meta.get("encoding") == encoding)
    return article, demo.web.url(article.site, article.path)


@pytest.mark.parametrize("encoding", ["cp1258", "tcvn3"])
def test_legacy_pages_declare_no_charset_and_still_parse(demo, encoding):
    article, url = legacy_article(demo, encoding)
    headers, body = fetch_ok(url)
    assert "charset" not in headers["Content-Type"] and b"charset" not in body.lower()
    with pytest.raises(UnicodeDecodeError):
        body.decode("utf-8")
    parsed = parse_article(url, body, headers, None)
    assert isinstance(parsed, Article) and parsed.title == article.title
    assert parsed.extra["repair"] == {"cp1258": "cp1258-as-cp1252", "tcvn3": "tcvn3"}[encoding]


def test_one_article_under_two_urls(demo):
    duplicate = next(e for e in demo.manifest() if e.trap == "duplicate")
    bodies = [fetch_ok(u)[1] for u in duplicate.urls]
    assert len(duplicate.urls) == 2 and bodies[0] == bodies[1]
    canonicals = {parse_article(u, b, {}, None).canonical_url for u, b in zip(duplicate.urls, bodies, strict=True)}
    assert canonicals == {duplicate.url}


def test_a_very_large_page(demo):
    big = next(e for e in demo.manifest() if e.trap == "big")
    _, body = fetch_ok(big.url)
    assert len(body) >= 3 * 1024 * 1024


def test_the_demo_web_is_deterministic():
    first, second = DemoWeb("http://127.0.0.1:1"), DemoWeb("http://127.0.0.1:1")
    assert {k: v.body for k, v in first.routes.items()} == {k: v.body for k, v in second.routes.items()}


def test_demo_sites_command_serves_until_stopped():
    from testtools import free_port

    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "thidua.cli", "demo-sites", "--port", str(port), "--quiet"],
                               cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = process.stdout.readline().strip()
        assert line == f"http://127.0.0.1:{port}/"
        with urllib.request.urlopen(line + "robots.txt", timeout=10) as response:
            assert b"Disallow: /backan-sct/noi-bo/" in response.read()
    finally:
        process.terminate()
        process.wait(timeout=10)
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2)
