"""Extraction speed: articles/s on one core over a generated corpus, against a baseline.

The corpus (>= 5,000 articles) is assembled from phrase templates of the genre with varied
blocs, agencies, years and noise paragraphs; the baseline is a plain regex tokenisation of
the same corpus (re.findall(r"\\w+")), measured in the same run, so the ratio is comparable
across machines.  Run: make bench-extract  (or .venv/bin/python -m bench.extract [N])
"""

from __future__ import annotations

import random
import re
import sys
import time
from pathlib import Path

from graph.extract import extract_text

AGENCIES = ["Sở Tài chính", "Sở Tư pháp", "Sở Y tế", "Sở Nội vụ", "Sở KH&ĐT", "Sở NN&PTNT", "Sở TN&MT",
            "Sở GTVT", "Sở Xây dựng", "Văn phòng UBND tỉnh", "Thanh tra tỉnh", "Ban Dân tộc tỉnh",
            "Ban QLDA đầu tư xây dựng công trình giao thông", "Công an tỉnh", "Ủy ban MTTQ Việt Nam tỉnh"]
BLOCS = ["Khối thi đua số {n}", "Cụm thi đua số {r}", "Khối thi đua Kinh tế - Kỹ thuật",
         "Khối thi đua các cơ quan Đảng", "Khối {n}"]
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII"]
NOISE = ("Các phong trào thi đua được triển khai sâu rộng, thiết thực, gắn với nhiệm vụ chính trị của "
         "từng cơ quan, đơn vị; công tác phát hiện, bồi dưỡng và nhân rộng điển hình tiên tiến được chú trọng. ")


def article(rng: random.Random) -> str:
    y = rng.randint(2015, 2025)
    bloc = rng.choice(BLOCS).format(n=rng.randint(1, 12), r=rng.choice(ROMAN))
    a, b, c, d = rng.sample(AGENCIES, 4)
    members = ", ".join(rng.sample(AGENCIES, rng.randint(4, 9)))
    return (f"{bloc} tổng kết công tác thi đua năm {y}\n"
            f"Ngày {rng.randint(1, 28)}/{rng.randint(1, 3)}/{y + 1}, {a} (đơn vị Trưởng khối) tổ chức hội nghị "
            f"tổng kết công tác thi đua, khen thưởng năm {y} của {bloc}. {bloc} gồm: {members}.\n"
            + NOISE * rng.randint(2, 6) + "\n"
            f"Hội nghị thống nhất đề nghị Chủ tịch UBND tỉnh tặng Cờ thi đua cho {b}, tặng Bằng khen cho {c}. "
            f"Hội nghị nhất trí bầu {d} làm Khối trưởng, {a} làm Khối phó năm {y + 1}.\n"
            f"Ông Nguyễn Văn An - Giám đốc {a} phát biểu tại hội nghị.\n")


def main(argv: list[str]) -> int:
    n = int(argv[0]) if argv else 5000
    rng = random.Random(7)
    corpus = [article(rng) for _ in range(n)]
    t0 = time.perf_counter()
    tokens = sum(len(re.findall(r"\w+", text)) for text in corpus)
    base = time.perf_counter() - t0
    extract_text(corpus[0], doc="warm-up")
    t0 = time.perf_counter()
    facts = 0
    for i, text in enumerate(corpus):
        facts += len(extract_text(text, doc=f"a{i}"))
        if i and i % 1000 == 0:
            print(f"  {i}/{n} articles", file=sys.stderr)
    spent = time.perf_counter() - t0
    rate = n / spent
    print(f"corpus: {n} articles, {sum(map(len, corpus)) / n:.0f} chars each, {tokens} tokens")
    print(f"baseline regex tokenisation: {n / base:.0f} articles/s")
    print(f"extract_text: {rate:.0f} articles/s on one core ({facts} facts), "
          f"{base / spent:.4f} x the baseline speed ({spent / base:.0f}x slower)")
    real_articles(n)
    return 0


def real_articles(n: int) -> None:
    """The same measure over the real seed and dev articles (../shared), repeated to n."""
    shared = Path(__file__).resolve().parent.parent.parent / "shared"
    texts = [p.read_text(encoding="utf-8") for p in sorted(shared.glob("seeds/*.txt"))
             + sorted(shared.glob("dev/docs/*.txt"))]
    if not texts:
        print("real articles: ../shared not found, skipped")
        return
    corpus = [texts[i % len(texts)] for i in range(n)]
    t0 = time.perf_counter()
    for text in corpus:
        re.findall(r"\w+", text)
    base = time.perf_counter() - t0
    t0 = time.perf_counter()
    for i, text in enumerate(corpus):
        extract_text(text, doc=f"r{i}")
    spent = time.perf_counter() - t0
    print(f"real articles ({len(texts)} seed/dev texts repeated to {n}, {sum(map(len, corpus)) / n:.0f} chars each): "
          f"{n / spent:.0f} articles/s, {base / spent:.4f} x the baseline ({n / base:.0f}/s)")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
