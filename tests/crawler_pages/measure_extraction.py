"""Measure main-text extraction on the page fixtures: the figures behind maintext.FALLBACK.

    .venv/bin/python tests/crawler_pages/measure_extraction.py

For every fixture with an expected body, and every article page of the demo web (expected
body: the article's paragraphs from its Markdown source), each candidate extracts the body from the WHOLE
page (no family selectors): token F1 against the expected text, must-contain snippets
missed, must-not-contain (boilerplate) snippets leaked. The family page objects are
measured too, as the reference the fallback is compared to.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from crawler.encoding import decode_html  # noqa: E402
from crawler.pages import PageInput, page_object  # noqa: E402
from crawler.pages.maintext import EXTRACTORS  # noqa: E402
from thidua.text import clean  # noqa: E402

FIXTURES = Path(__file__).with_name("fixtures")
_TOKEN = re.compile(r"\w+")


@dataclass
class Score:
    f1: float
    missed: int
    leaked: int


def tokens(text: str) -> Counter[str]:
    return Counter(_TOKEN.findall(clean(text).lower()))


def token_f1(got: str, want: str) -> float:
    g, w = tokens(got), tokens(want)
    common = sum((g & w).values())
    if not common:
        return 0.0
    precision, recall = common / sum(g.values()), common / sum(w.values())
    return 2 * precision * recall / (precision + recall)


def load_fixtures() -> list[tuple[str, dict, bytes, dict]]:
    """(name, expected, input bytes, headers) of the fixtures that carry an expected body."""
    found = []
    for folder in sorted(p for p in FIXTURES.iterdir() if p.is_dir()):
        expected_file = folder / "expected.json"
        if not expected_file.exists():
            continue
        expected = json.loads(expected_file.read_text(encoding="utf-8"))
        if "text" not in expected:
            continue
        headers_file = folder / "headers.json"
        headers = json.loads(headers_file.read_text(encoding="utf-8")) if headers_file.exists() else {}
        found.append((folder.name, expected, (folder / "input.html").read_bytes(), headers))
    return found


DEMO_BOILERPLATE = ["Chia sẻ", "BÀI VIẾT CÙNG CHUYÊN MỤC", "Bài viết mới", "View Counter", "Views Today",
                    "Lượt xem", "Cập nhật lúc", "Thống kê truy cập", "Skip Ribbon Commands", "Cở chữ",
                    "Các tin khác", "Những tin cũ hơn", "Tin liên quan", "Nguồn tin", "Cơ quan chủ quản",
                    "Trang mô phỏng", "Description:", "5e0c2b7a91d44f03a8c1", "Trang chủ"]


def demo_cases() -> list[tuple[str, dict, bytes, dict]]:
    """The demo web's article pages as (name, expected, body, headers) cases."""
    from crawler.demo.web import DemoWeb

    web = DemoWeb("http://127.0.0.1:1")
    cases = []
    for article in web.articles:
        if article.meta.get("private") or article.meta.get("offtopic"):
            continue
        route = web.routes[f"/{web.sites[article.site]['prefix']}/{article.path}"]
        paragraphs = [p for p in article.paragraphs if not p.startswith(("![", "Description:"))
                      and not re.fullmatch(r"[0-9a-f]{16,}", p)]
        expected = {"url": web.url(article.site, article.path), "text": "\n\n".join(paragraphs),
                    "must_contain": paragraphs[:1], "must_not_contain": DEMO_BOILERPLATE}
        cases.append((f"demo:{article.site}/{article.slug}", expected, route.body, route.headers))
    return cases


def score(text: str, expected: dict) -> Score:
    return Score(
        f1=token_f1(text, expected["text"]),
        missed=sum(1 for s in expected.get("must_contain", []) if s not in text),
        leaked=sum(1 for s in expected.get("must_not_contain", []) if s in text),
    )


def measure() -> dict[str, dict[str, Score]]:
    """{method: {fixture: Score}} for 'page-objects' and every fallback candidate."""
    results: dict[str, dict[str, Score]] = {"page-objects": {}, **{m: {} for m in EXTRACTORS}}
    for name, expected, body, headers in load_fixtures() + demo_cases():
        html = decode_html(body, headers).text
        page = PageInput(url=expected["url"], html=html, headers=headers)
        results["page-objects"][name] = score(page_object(page).text(), expected)
        for method, extract in EXTRACTORS.items():
            results[method][name] = score(clean("\n\n".join(extract(html, None))), expected)
    return results


def summary(results: dict[str, dict[str, Score]]) -> dict[str, tuple[float, int, int]]:
    """{method: (mean F1, snippets missed, boilerplate snippets leaked)}."""
    out = {}
    for method, per_fixture in results.items():
        scores = list(per_fixture.values())
        out[method] = (sum(s.f1 for s in scores) / max(1, len(scores)),
                       sum(s.missed for s in scores), sum(s.leaked for s in scores))
    return out


def main() -> int:
    results = measure()
    names = sorted(next(iter(results.values())))
    width = max(map(len, names)) + 2
    print(f"{'page':{width}}" + "".join(f"{m:>24}" for m in results))
    for name in names:
        cells = "".join(f"{results[m][name].f1:>12.3f}  m{results[m][name].missed:<2} l{results[m][name].leaked:<4}"
                        for m in results)
        print(f"{name:{width}}{cells}")
    groups = {"fixtures": lambda n: not n.startswith("demo:"), "demo pages": lambda n: n.startswith("demo:"),
              "all": lambda n: True}
    for label, keep in groups.items():
        part = {m: {n: s for n, s in per.items() if keep(n)} for m, per in results.items()}
        count = len(next(iter(part.values())))
        print(f"{f'MEAN {label} ({count})':{width}}" + "".join(
            f"{f1:>12.3f}  m{missed:<2} l{leaked:<4}" for f1, missed, leaked in summary(part).values()))
    print("\nF1 = token F1 against the expected body; m = must-contain snippets missed, "
          "l = boilerplate snippets leaked", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
