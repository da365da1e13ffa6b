"""A tiny news site on 127.0.0.1 for engine tests: pages in a dict the test may change,
every request counted. Words are our own; the site is fictional."""

from __future__ import annotations

import hashlib
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ARTICLE = """<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>{title}</title>
<meta property="article:published_time" content="{date}"></head>
<body><div class="menu"><a href="/news/">Tin tức</a></div>
<article><h1>{title}</h1><p class="date">Ngày đăng: {date}</p>
<div class="content">{paras}</div></article>
<div class="related"><a href="{related}">{related_text}</a></div></body></html>"""

LISTING = """<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>Tin tức</title></head>
<body><h1>Tin tức</h1><ul class="news">{items}</ul>{next}</body></html>"""


def article(title: str, date: str, body: str, related: str = "/news/", related_text: str = "Tin tức") -> str:
    paras = "".join(f"<p>{p}</p>" for p in body.split("\n"))
    return ARTICLE.format(title=title, date=date, paras=paras, related=related, related_text=related_text)


def listing(links: list[tuple[str, str]], next_url: str | None = None) -> str:
    items = "".join(f'<li><a href="{u}">{t}</a></li>' for u, t in links)
    nxt = f'<a rel="next" href="{next_url}">Trang sau</a>' if next_url else ""
    return LISTING.format(items=items, next=nxt)


BODY = ("Sáng nay, các đơn vị trong {who} đã họp tổng kết công tác thi đua, khen thưởng năm 2020 "
        "và triển khai nhiệm vụ năm 2021 tại hội trường của cơ quan chủ trì.\n"
        "Hội nghị đã bình xét, suy tôn đơn vị dẫn đầu và thống nhất đề nghị tặng Cờ thi đua cho "
        "đơn vị có thành tích xuất sắc; các thành viên ký kết giao ước thi đua năm mới.")


def pages() -> dict[str, tuple[int, dict[str, str], str]]:
    """path -> (status, headers, body). Traps: off-topic, external, robots, 404, 500, redirect chain."""
    html = {"Content-Type": "text/html; charset=utf-8"}
    site: dict[str, tuple[int, dict[str, str], str]] = {
        "/robots.txt": (200, {"Content-Type": "text/plain"}, "User-agent: *\nDisallow: /private/\n"),
        "/news/": (200, html, listing([
            ("/news/khoi-a-tong-ket-2020.html", "Khối thi đua A tổng kết năm 2020"),
            ("/news/gia-rau.html", "Giá rau xanh tại chợ đầu mối hôm nay"),
            ("https://example.invalid/khoi-thi-dua/", "Khối thi đua của tỉnh bạn năm 2020"),
            ("/private/khoi-thi-dua-noi-bo.html", "Khối thi đua: tài liệu nội bộ"),
            ("/news/bai-da-go-thi-dua.html", "Thông báo kết quả thi đua đã gỡ"),
        ], next_url="/news/?page=2")),
        "/news/?page=2": (200, html, listing([
            ("/news/cum-b-tong-ket-2020.html", "Cụm thi đua B tổng kết năm 2020"),
            ("/old/cum-c.html", "Cụm thi đua C tổng kết năm 2020 (đường dẫn cũ)"),
            ("/news/loi-may-chu-thi-dua.html", "Cụm thi đua D trang đang lỗi"),
            ("/news/khoi-e-bang-diem-2020.html", "Khối thi đua E: bảng điểm năm 2020"),
        ])),
        "/news/khoi-e-bang-diem-2020.html": (200, html, article(
            "Khối thi đua E: bảng điểm năm 2020", "2021-01-11",
            BODY.format(who="Khối thi đua E") + "\n" + "\n".join(f"Đơn vị số {i}: {90 + i % 10} điểm." for i in range(2000)))),
        "/news/khoi-a-tong-ket-2020.html": (200, html, article(
            "Khối thi đua A tổng kết năm 2020", "2021-01-05", BODY.format(who="Khối thi đua A"),
            "/news/cum-b-tong-ket-2020.html", "Cụm thi đua B tổng kết năm 2020")),
        "/news/cum-b-tong-ket-2020.html": (200, html, article(
            "Cụm thi đua B tổng kết năm 2020", "2021-01-07", BODY.format(who="Cụm thi đua B"))),
        "/news/cum-c-tong-ket-2020.html": (200, html, article(
            "Cụm thi đua C tổng kết năm 2020", "2021-01-09", BODY.format(who="Cụm thi đua C"))),
        "/news/gia-rau.html": (200, html, article("Giá rau xanh hôm nay", "2021-01-02", "Giá rau ổn định.")),
        "/private/khoi-thi-dua-noi-bo.html": (200, html, article("Nội bộ", "2021-01-01", "Không công bố.")),
        "/old/cum-c.html": (301, {"Location": "/old/cum-c-2.html"}, ""),
        "/old/cum-c-2.html": (302, {"Location": "/news/cum-c-tong-ket-2020.html"}, ""),
        "/news/loi-may-chu-thi-dua.html": (500, html, "<h1>500</h1>"),
    }
    return site


class MockSite:
    def __init__(self) -> None:
        self.pages = pages()
        self.hits: Counter[str] = Counter()
        self.delays: dict[str, float] = {}   # path -> seconds to wait before answering
        self._httpd: ThreadingHTTPServer | None = None

    @property
    def base_url(self) -> str:
        assert self._httpd
        return f"http://127.0.0.1:{self._httpd.server_address[1]}"

    def __enter__(self) -> MockSite:
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:  # noqa: N802
                site.hits[self.path] += 1
                time.sleep(site.delays.get(self.path, 0.0))
                status, headers, body = site.pages.get(self.path, (404, {"Content-Type": "text/html"}, "<h1>404</h1>"))
                data = body.encode()
                if status == 200 and self.path.endswith(".html"):  # articles carry an ETag, answer 304
                    headers = {**headers, "ETag": '"' + hashlib.sha1(data).hexdigest() + '"'}
                    if self.headers.get("If-None-Match") == headers["ETag"]:
                        status, data = 304, b""
                self.send_response(status)
                for k, v in headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: object) -> None:
                pass

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self._httpd.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        assert self._httpd
        self._httpd.shutdown()
        self._httpd.server_close()


def registry(base_url: str, max_pages: int = 50, starts: tuple[str, ...] = ("/news/",)) -> str:
    start_urls = ", ".join(f'"{base_url}{path}"' for path in starts)
    return f"""sites:
  - id: mock-news
    province: Tỉnh Thử Nghiệm
    agency: Sở Thử nghiệm tỉnh Thử Nghiệm
    base_url: {base_url}/
    start_urls: [{start_urls}]
    relevance: [thi đua, khen thưởng, khối, cụm]
    max_pages: {max_pages}
    delay: 1
"""
