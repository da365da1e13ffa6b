"""Page-object speed: pages/s of parse_listing + parse_article (what the spider calls per
response) over the demo web's HTML pages under 1 MB, against baselines measured in the same run:
BeautifulSoup's parse alone (the floor any bs4 page object pays) and trafilatura.extract.

Run: .venv/bin/python -m bench.pages [ROUNDS]
"""

from __future__ import annotations

import sys
import time

from bs4 import BeautifulSoup

from crawler.demo.web import DemoWeb
from crawler.pages import parse_article, parse_listing


def pages() -> list[tuple[str, bytes, dict[str, str]]]:
    web = DemoWeb("http://127.0.0.1:1")
    return [("http://127.0.0.1:1" + path, r.body, r.headers) for path, r in sorted(web.routes.items())
            if r.status == 200 and r.headers.get("Content-Type", "").startswith("text/html")
            and len(r.body) < 1_000_000]


def rate(work, items, rounds: int) -> float:  # noqa: ANN001
    start = time.perf_counter()
    for _ in range(rounds):
        for item in items:
            work(*item)
    return rounds * len(items) / (time.perf_counter() - start)


def main(argv: list[str]) -> int:
    rounds = int(argv[0]) if argv else 5
    items = pages()
    print(f"{len(items)} demo HTML pages x {rounds} rounds", file=sys.stderr)

    def ours(url: str, body: bytes, headers: dict[str, str]) -> None:
        parse_listing(url, body, headers, None)
        parse_article(url, body, headers, None)

    def bs4_parse(url: str, body: bytes, headers: dict[str, str]) -> None:
        BeautifulSoup(body, "lxml")

    def trafilatura_extract(url: str, body: bytes, headers: dict[str, str]) -> None:
        import trafilatura

        trafilatura.extract(body.decode("utf-8", errors="replace"), include_comments=False)

    ours_rate = rate(ours, items, rounds)
    bs4_rate = rate(bs4_parse, items, rounds)
    traf_rate = rate(trafilatura_extract, items, rounds)
    print(f"page objects (listing + article): {ours_rate:8.1f} pages/s")
    print(f"BeautifulSoup parse only:         {bs4_rate:8.1f} pages/s   ours / bs4 = {ours_rate / bs4_rate:.2f}")
    print(f"trafilatura.extract:              {traf_rate:8.1f} pages/s   ours / trafilatura = "
          f"{ours_rate / traf_rate:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
