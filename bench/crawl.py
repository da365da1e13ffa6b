"""`make bench-crawl`: the crawl engine on a generated demo web, beside `scrapy bench`.

A generated department site (default 10,000 articles on 500 paginated listing pages, plus
robots.txt) is served on 127.0.0.1 by a Twisted web server in its own process. `thidua
crawl` crawls all of it through the whole engine (registry, relevance filter, page
objects, SQLite frontier committed per response, dedupe, fact extraction, store). Then
`scrapy bench` (Scrapy's own link-following spider against its own local server, nothing
parsed or stored) runs in the same session as the baseline. Printed: pages/s of both and
the ratio. The machine's load changes both alike, which is why the figure is a ratio.

    python -m bench.crawl [--articles 10000] [--per-page 20] [--scrapy-seconds 20]
"""

from __future__ import annotations

import argparse
import os
import re
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

BLOCS = ["Khối thi đua các cơ quan tổng hợp", "Khối thi đua kinh tế – kỹ thuật", "Cụm thi đua các huyện phía Bắc",
         "Khối thi đua văn hóa – xã hội", "Cụm thi đua doanh nghiệp nhà nước"]
AGENCIES = ["Sở Tài chính", "Sở Xây dựng", "Sở Y tế", "Sở Công Thương", "Sở Nội vụ", "Sở Tư pháp", "Sở Giáo dục và Đào tạo"]


def _article(n: int) -> tuple[str, str]:
    """(title, HTML) of generated article n: deterministic, in the shape of a bloc news item."""
    bloc, year = BLOCS[n % len(BLOCS)], 2015 + n % 10
    chair, vice = AGENCIES[n % len(AGENCIES)], AGENCIES[(n + 3) % len(AGENCIES)]
    title = f"{bloc} số {n} tổng kết công tác thi đua năm {year}"
    paras = [
        f"Ngày {1 + n % 28} tháng {1 + n % 12} năm {year + 1}, {bloc.lower()} số {n} tổ chức hội nghị tổng kết "
        f"công tác thi đua, khen thưởng năm {year} của tỉnh Thử Nghiệm (tỉnh hư cấu).",
        f"Hội nghị thống nhất suy tôn {chair} làm Trưởng khối và {vice} làm Phó Trưởng khối năm {year + 1}.",
        f"Các đơn vị thành viên ký kết giao ước thi đua năm {year + 1}; khối đề nghị tặng Cờ thi đua cho {chair}.",
    ]
    body = "".join(f"<p>{p}</p>" for p in paras)
    html = (f'<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>{title}</title>'
            f'<meta property="article:published_time" content="{year + 1}-01-{1 + n % 28:02d}"></head><body>'
            f'<div class="menu"><a href="/news/">Tin tức</a></div><article><h1>{title}</h1>'
            f'<div class="content">{body}</div></article></body></html>')
    return title, html


def _listing(page: int, pages: int, per_page: int, articles: int) -> str:
    first = (page - 1) * per_page
    items = "".join(f'<li><a href="/news/{n}.html">{_article(n)[0]}</a></li>'
                    for n in range(first, min(first + per_page, articles)))
    nxt = f'<a rel="next" href="/news/?page={page + 1}">Trang sau</a>' if page < pages else ""
    return (f'<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>Tin tức trang {page}</title></head>'
            f'<body><h1>Tin tức</h1><ul class="news">{items}</ul>{nxt}</body></html>')


def serve(port: int, articles: int, per_page: int) -> None:
    """The generated site (Twisted web, like the server of `scrapy bench`)."""
    from twisted.internet import reactor
    from twisted.web.resource import Resource
    from twisted.web.server import Site

    pages = -(-articles // per_page)
    article_path = re.compile(r"^/news/(\d+)\.html$")

    class Web(Resource):
        isLeaf = True

        def render_GET(self, request):  # noqa: N802 - Twisted's naming
            path = request.path.decode()
            request.setHeader(b"Content-Type", b"text/html; charset=utf-8")
            if path == "/robots.txt":
                request.setHeader(b"Content-Type", b"text/plain")
                return b"User-agent: *\nDisallow: /private/\n"
            if path == "/news/":
                page = int((request.args.get(b"page") or [b"1"])[0])
                if 1 <= page <= pages:
                    return _listing(page, pages, per_page, articles).encode()
            match = article_path.match(path)
            if match and int(match.group(1)) < articles:
                return _article(int(match.group(1)))[1].encode()
            request.setResponseCode(404)
            return b"<h1>404</h1>"

    reactor.listenTCP(port, Site(Web()), interface="127.0.0.1")
    reactor.run()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait(url: str) -> None:
    for _ in range(200):
        try:
            urllib.request.urlopen(url, timeout=1).read()
            return
        except OSError:
            time.sleep(0.05)
    raise SystemExit(f"bench-crawl: the generated site did not answer at {url}")


def bench_engine(articles: int, per_page: int, tmp: Path) -> tuple[int, int, float]:
    """(pages fetched, articles stored, seconds) of `thidua crawl` on the generated site."""
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "bench.crawl", "--serve", str(port), "--articles", str(articles),
                               "--per-page", str(per_page)], cwd=ROOT)
    try:
        base = f"http://127.0.0.1:{port}"
        _wait(base + "/robots.txt")
        registry = tmp / "sites.yaml"
        registry.write_text(
            "sites:\n  - id: bench\n    province: Thử Nghiệm\n    agency: Sở Thử nghiệm\n"
            f"    base_url: {base}/\n    start_urls: ['{base}/news/']\n    relevance: [thi đua, khối, cụm]\n"
            f"    max_pages: {articles * 2}\n    delay: 1\n", encoding="utf-8")
        db = tmp / "bench.db"
        started = time.monotonic()
        done = subprocess.run([sys.executable, "-m", "thidua.cli", "crawl", "--sites", str(registry), "--db", str(db),
                               "--set", "THIDUA_PROGRESS_INTERVAL=10"], cwd=ROOT, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, text=True)
        seconds = time.monotonic() - started
    finally:
        server.terminate()
        server.wait(timeout=10)
    if done.returncode:
        raise SystemExit(f"bench-crawl: thidua crawl failed:\n{done.stderr[-3000:]}")
    with sqlite3.connect(db) as conn:
        pages = conn.execute("SELECT count(*) FROM fetches").fetchone()[0]
        stored = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    return pages, stored, seconds


def bench_scrapy(seconds: int, tmp: Path) -> tuple[int, float]:
    """(pages, seconds) of `scrapy bench`, run outside the project so its settings do not apply."""
    done = subprocess.run([sys.executable, "-m", "scrapy.cmdline", "bench", "-s", f"CLOSESPIDER_TIMEOUT={seconds}"],
                          cwd=tmp, capture_output=True, text=True, env={**os.environ, "SCRAPY_SETTINGS_MODULE": ""})
    pages = re.search(r"'response_received_count': (\d+)", done.stderr)
    elapsed = re.search(r"'elapsed_time_seconds': ([\d.]+)", done.stderr)
    if not (pages and elapsed):
        raise SystemExit(f"bench-crawl: could not read the stats of scrapy bench:\n{done.stderr[-3000:]}")
    return int(pages.group(1)), float(elapsed.group(1))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.crawl", description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--per-page", type=int, default=20)
    parser.add_argument("--scrapy-seconds", type=int, default=20, help="how long scrapy bench runs")
    parser.add_argument("--serve", type=int, metavar="PORT", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.serve:
        serve(args.serve, args.articles, args.per_page)
        return 0
    with tempfile.TemporaryDirectory(prefix="bench-crawl-") as tmp_name:
        tmp = Path(tmp_name)
        print(f"bench-crawl: crawling a generated site of {args.articles} articles "
              f"({-(-args.articles // args.per_page)} listing pages) ...", file=sys.stderr)
        pages, stored, seconds = bench_engine(args.articles, args.per_page, tmp)
        print(f"bench-crawl: scrapy bench for {args.scrapy_seconds} s ...", file=sys.stderr)
        base_pages, base_seconds = bench_scrapy(args.scrapy_seconds, tmp)
    ours, theirs = pages / seconds, base_pages / base_seconds
    print(f"thidua crawl : {pages} pages ({stored} articles stored) in {seconds:.1f} s = {ours:.1f} pages/s")
    print(f"scrapy bench : {base_pages} pages in {base_seconds:.1f} s = {theirs:.1f} pages/s")
    print(f"ratio        : {ours / theirs:.3f} (thidua crawl pages/s / scrapy bench pages/s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
