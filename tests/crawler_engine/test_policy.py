"""Relevance filter, backoff delays, and the politeness settings a real site gets."""

from __future__ import annotations

import argparse

from crawler.commands.crawl import _settings
from crawler.middlewares.retry import backoff_delay
from crawler.registry import Site
from crawler.spiders.relevance import Relevance
from crawler.spiders.sites import UrlMap

TERMS = ["thi đua", "khen thưởng", "khối", "cụm", "giao ước"]


def test_relevance_on_text_and_slugs():
    rel = Relevance(TERMS)
    assert rel.text("Khối thi đua kinh tế tổng kết năm 2020")
    assert rel.text("Ký kết GIAO ƯỚC năm 2021")
    assert not rel.text("Giá xăng dầu tăng nhẹ")
    assert not rel.text("Khôi phục sản xuất sau bão")      # khôi is not khối
    assert rel.url("http://x/tin-tuc/cum-thi-dua-ii-tong-ket-2020.html")
    assert rel.url("http://x/Pages/thi-dua-khen-thuong.aspx")
    assert not rel.url("http://x/tin-tuc/document-cumulative.html")  # 'cum' only as a whole word
    assert rel.any("http://x/p?id=12", None, "Cụm thi đua số 3")


def test_backoff_doubles_and_is_capped():
    assert [backoff_delay(n, 1.0, 60.0) for n in (1, 2, 3, 4)] == [1.0, 2.0, 4.0, 8.0]
    assert backoff_delay(10, 1.0, 60.0) == 60.0
    assert backoff_delay(1, 1.0, 60.0, retry_after="30") == 30.0


def test_real_sites_get_one_request_at_a_time_and_their_delay():
    sites = [Site(id="a", province="P", agency="A", base_url="https://sonv.example.gov.vn/", delay=3.0),
             Site(id="b", province="P", agency="B", base_url="https://sct.example.gov.vn/", delay=0.2)]
    args = argparse.Namespace(db="unused.db", overrides=[], redis=None)
    settings = _settings(args, sites, None)
    slots = settings.getdict("DOWNLOAD_SLOTS")
    assert slots["sonv.example.gov.vn"] == {"concurrency": 1, "delay": 3.0}
    assert slots["sct.example.gov.vn"] == {"concurrency": 1, "delay": 1.0}, "never below DOWNLOAD_DELAY"
    assert slots["127.0.0.1"]["delay"] == 0.0
    assert settings.getbool("ROBOTSTXT_OBEY") and settings.getbool("AUTOTHROTTLE_ENABLED")
    assert settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN") == 1 and settings.getint("DOWNLOAD_MAXSIZE") > 0


def test_demo_urls_are_stored_under_a_fixed_origin():
    urls = UrlMap("http://127.0.0.1:41233", "http://demo.thidua.invalid")
    stable = urls.to_stable("http://127.0.0.1:41233/backan-sct/a.html")
    assert stable == "http://demo.thidua.invalid/backan-sct/a.html"
    assert urls.to_live(stable) == "http://127.0.0.1:41233/backan-sct/a.html"
    assert urls.to_stable("https://example.org/x") == "https://example.org/x"
