"""`thidua serve --db`: the stored copy of a fact's source, its sentence marked (/article).

An article store written through crawler.store's API, a graph built from it by graph.build,
both served on loopback; read over HTTP and in headless Chromium (nothing leaves 127.0.0.1).
"""

from __future__ import annotations

import hashlib
import html
import json
import re
import threading
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from query_support import thidua

from crawler.items import Article
from crawler.store import ArticleStore
from graph.build import build
from graph.store import open_store
from graph.web.articles import Archive, segments, split_title

BLOC = "Khối thi đua Kinh tế - Kỹ thuật"
KTKT = "https://w3id.org/thidua/id/bloc/bac-kan/khoi-kinh-te-ky-thuat"
URL_2019 = "http://demo.thidua.invalid/bac-kan/tong-ket-2019"
URL_2020 = "http://demo.thidua.invalid/bac-kan/bai-co-the"
FILE_SOURCE = "file:///nowhere/ban-tin-2021.txt"

# Our own demo wording (no sentence of the seed/dev texts).
TITLE_2019 = "Khối Kinh tế - Kỹ thuật họp tổng kết năm 2019"
SENT_2019 = f"Các thành viên thống nhất chọn Sở Công Thương làm Khối trưởng {BLOC} năm 2019."
TEXT_2019 = f"Sáng nay các sở trong khối gặp nhau tại hội trường tỉnh.\n{SENT_2019}\nBuổi họp kết thúc lúc 11 giờ."
TITLE_2020 = "<script>alert(1)</script>"
SENT_2020 = "Sở Tài chính <b>giữ</b> vị trí Khối phó năm 2020 & <img src=x onerror=alert(2)>."
TEXT_2020 = f"Phần mở đầu có thẻ <i>nghiêng</i>.\n{SENT_2020}\nHết."


def _fact(full: str, sentence: str, **fields: object) -> dict:
    start = full.index(sentence)
    return {"type": "role", "bloc": BLOC, "province": "Bắc Kạn", **fields,
            "evidence": {"start": start, "end": start + len(sentence), "text": sentence}}


def _article(url: str, title: str, text: str, published: str) -> Article:
    return Article(url=url, canonical_url=url, site="demo-bac-kan", province="Bắc Kạn", agency=None, title=title,
                   text=text, published=published, fetched_at="2026-11-20T08:30:00Z", status=200)


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """(base URL with --db, base URL without, the article store's path), over one built graph."""
    tmp = tmp_path_factory.mktemp("article-page")
    db = tmp / "articles.db"
    with ArticleStore(db) as store:
        for url, title, text, published, sentence, fields in (
                (URL_2019, TITLE_2019, TEXT_2019, "2019-12-20", SENT_2019,
                 {"year": 2019, "role": "chair", "agency": "Sở Công Thương"}),
                (URL_2020, TITLE_2020, TEXT_2020, "2020-12-18", SENT_2020,
                 {"year": 2020, "role": "vice_chair", "agency": "Sở Tài chính"})):
            store.save_article(_article(url, title, text, published), [_fact(f"{title}\n{text}", sentence, **fields)])
    facts_file = tmp / "ban-tin.jsonl"  # a source that is no crawled page: no stored copy
    facts_file.write_text(json.dumps({"url": FILE_SOURCE, "type": "role", "bloc": BLOC, "province": "Bắc Kạn",
                                      "year": 2021, "role": "chair", "agency": "Sở Xây dựng",
                                      "evidence": {"start": 0, "end": 10, "text": "Bản tin 21"}},
                                     ensure_ascii=False) + "\n", encoding="utf-8")
    graph = open_store("oxigraph:")
    build([facts_file], db=db, store=graph, judgements=False)
    digest = hashlib.sha256(db.read_bytes()).hexdigest()
    archive = Archive(db)
    with_db, without_db = _start(graph, archive), _start(graph, None)
    yield with_db[0], without_db[0], db
    for _, server, thread in (with_db, without_db):
        server.shutdown()
        server.server_close()
        thread.join(5)
    archive.close()
    graph.close()
    assert hashlib.sha256(db.read_bytes()).hexdigest() == digest, "serving changed the article store"


def _start(graph, archive):
    from graph.web.app import make_app
    from graph.web.command import serve

    server = serve(make_app(graph, archive=archive), "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    host, port = server.server_address[:2]
    return f"http://{host}:{port}", server, thread


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.read().decode("utf-8")


def stored_links(page: str) -> list[str]:
    return [html.unescape(h) for h in re.findall(r'<a class="stored" href="([^"]+)"', page)]


def marked(page: str) -> list[str]:
    return re.findall(r'<mark class="sentence"[^>]*>(.*?)</mark>', page, flags=re.S)


def test_bloc_page_links_stored_copies(served):
    base, _, _ = served
    page = fetch(f"{base}/bloc?iri={urllib.parse.quote(KTKT)}")
    links = stored_links(page)
    assert len(links) == 2  # 2019 and 2020 were crawled; the file: source of 2021 has none
    assert {urllib.parse.parse_qs(urllib.parse.urlsplit(link).query)["url"][0] for link in links} == {URL_2019, URL_2020}
    row_2021 = page.split('data-year="2021"', 1)[1].split("</tr>", 1)[0]
    assert f'href="{FILE_SOURCE}"' in row_2021 and "bản lưu" not in row_2021  # the current link only


def test_stored_copy_marks_the_sentence(served):
    base, _, _ = served
    page = fetch(f"{base}/bloc?iri={urllib.parse.quote(KTKT)}")
    link = next(link for link in stored_links(page) if urllib.parse.quote(URL_2019, safe="") in link)
    copy = fetch(base + link)
    assert marked(copy) == [SENT_2019]
    assert 'id="cau"' in copy and link.endswith("#cau")
    assert "Sáng nay các sở trong khối gặp nhau" in copy and "Buổi họp kết thúc lúc 11 giờ." in copy
    assert TITLE_2019 in copy and "demo-bac-kan" in copy and "Bắc Kạn" in copy
    assert "2019-12-20" in copy and "2026-11-20T08:30:00Z" in copy
    assert re.search(rf'<a class="original" href="{re.escape(URL_2019)}"[^>]*>bài gốc</a>', copy)


def test_offsets_in_the_address(served):
    base, _, _ = served
    full = f"{TITLE_2019}\n{TEXT_2019}"
    start = full.index("Buổi họp")
    query = urllib.parse.urlencode({"url": URL_2019, "start": start, "end": start + len("Buổi họp kết thúc")})
    assert marked(fetch(f"{base}/article?{query}")) == ["Buổi họp kết thúc"]
    plain = fetch(f"{base}/article?{urllib.parse.urlencode({'url': URL_2019})}")
    assert marked(plain) == [] and SENT_2019 in plain


def test_scraped_markup_is_text(served):
    base, _, _ = served
    page = fetch(f"{base}/bloc?iri={urllib.parse.quote(KTKT)}")
    link = next(link for link in stored_links(page) if urllib.parse.quote(URL_2020, safe="") in link)
    copy = fetch(base + link)
    assert "<script>alert" not in copy and "<img" not in copy and "<b>" not in copy and "<i>" not in copy
    assert "<title>&lt;script&gt;alert(1)&lt;/script&gt; · thidua</title>" in copy
    assert "<h1>&lt;script&gt;alert(1)&lt;/script&gt;</h1>" in copy
    assert marked(copy) == [html.escape(SENT_2020, quote=True)]


@pytest.mark.parametrize("query", [{"url": "http://demo.thidua.invalid/khong-co"}, {}])
def test_unknown_article_is_404(served, query):
    base, _, _ = served
    with pytest.raises(urllib.error.HTTPError) as info:
        fetch(f"{base}/article?{urllib.parse.urlencode(query)}")
    assert info.value.code == 404
    body = info.value.read().decode("utf-8")
    assert "Không có bản lưu" in body and "no stored copy of" in body


def test_without_db_only_the_source_link(served):
    _, base, _ = served
    page = fetch(f"{base}/bloc?iri={urllib.parse.quote(KTKT)}")
    assert stored_links(page) == [] and f'href="{URL_2019}"' in page
    with pytest.raises(urllib.error.HTTPError) as info:
        fetch(f"{base}/article?{urllib.parse.urlencode({'url': URL_2019})}")
    assert info.value.code == 404 and "--db" in info.value.read().decode("utf-8")


def test_agency_and_fact_pages_link_the_copy(served):
    base, _, _ = served
    agency = fetch(f"{base}/agency?name=" + urllib.parse.quote("Sở Công Thương") + "&province=" +
                   urllib.parse.quote("Bắc Kạn"))
    link = stored_links(agency)[0]
    assert marked(fetch(base + link)) == [SENT_2019]
    fact_iri = urllib.parse.parse_qs(urllib.parse.urlsplit(link).query)["fact"][0]
    fact = fetch(f"{base}/fact?iri={urllib.parse.quote(fact_iri)}")
    assert stored_links(fact) == [link]


def test_missing_db_is_a_clear_error(tmp_path):
    result = thidua("serve", "--db", str(tmp_path / "none.db"), "--port", "0", check=False)
    assert result.returncode == 1
    message = result.stderr.decode("utf-8")
    assert "none.db" in message and "Traceback" not in message
    bad = tmp_path / "not-a-store.db"
    bad.write_text("hello", encoding="utf-8")
    result = thidua("serve", "--db", str(bad), "--port", "0", check=False)
    assert result.returncode == 1 and "not a readable thidua article store" in result.stderr.decode("utf-8")


def test_segments_split_at_the_title():
    full = "Tiêu đề\nMột. Hai. Ba."
    parts = segments(full, [(8, 12), (10, 17), (100, 120)])  # overlapping spans merge; outside ones drop
    assert parts == [("Tiêu đề\n", False), ("Một. Hai.", True), (" Ba.", False)]
    title, body = split_title(segments(full, [(5, 12)]), len("Tiêu đề"))
    assert title == [("Tiêu ", False), ("đề", True)] and body == [("Một.", True), (" Hai. Ba.", False)]


def test_click_stored_copy_in_chromium(served, browser):
    base, _, _ = served
    context = browser.new_context(viewport={"width": 390, "height": 844})  # a phone
    outside: list[str] = []

    def guard(route):
        if urllib.parse.urlsplit(route.request.url).hostname == "127.0.0.1":
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    page = context.new_page()
    page.goto(f"{base}/bloc?iri={urllib.parse.quote(KTKT)}")
    row = page.locator("tr[data-year='2019']")
    row.locator("a.stored").first.click()
    page.wait_for_url(re.compile(r"/article\?"))
    mark = page.locator("mark#cau")
    assert mark.inner_text() == SENT_2019
    assert mark.is_visible()
    assert page.locator("a.original").get_attribute("href") == URL_2019
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    context.close()
    assert outside == []


def test_archive_opens_read_only(served):
    _, _, db = served
    archive = Archive(Path(db))
    try:
        with pytest.raises(Exception, match="readonly"):
            archive.db.execute("DELETE FROM articles")
        assert archive.count() == 2
    finally:
        archive.close()
