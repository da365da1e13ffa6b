"""`thidua extract` on bad input: a message naming the file, no traceback, other files still done."""

from __future__ import annotations

import json
import subprocess
import sys

GOOD = "Khối 5 tổng kết năm 2021\nKhối 5 gồm: Sở Tài chính (Trưởng khối), Sở Tư pháp.\n"


def _run(*paths: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "thidua.cli", "extract", *paths],
                          capture_output=True, text=True, timeout=120)


def test_bad_files_are_reported_and_good_ones_processed(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(GOOD, encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "image.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    no_article = tmp_path / "blank.html"
    no_article.write_text("<html><head><script>var a=1;</script></head><body></body></html>", encoding="utf-8")
    english = tmp_path / "english.html"
    english.write_text("<html><body><h1>Weather</h1><p>It will rain in the city tomorrow afternoon.</p></body></html>",
                       encoding="utf-8")
    huge = tmp_path / "huge.txt"
    huge.write_text("Khối thi đua số 1 " * 300_000, encoding="utf-8")
    missing = tmp_path / "missing.txt"
    result = _run(str(empty), str(binary), str(no_article), str(english), str(huge), str(missing), str(good))
    assert "Traceback" not in result.stderr
    for path in (empty, binary, no_article, english, huge, missing):
        assert str(path) in result.stderr, (path, result.stderr)
    facts = [json.loads(line) for line in result.stdout.splitlines()]
    assert facts and all(f["doc"] == str(good) for f in facts)
    assert any(f["type"] == "role" and f["agency"] == "Sở Tài chính" for f in facts)
    assert result.returncode == 0


PAGE = """<html><head><title>Tin tức - Sở Tư pháp</title>
<meta property="article:published_time" content="2022-01-12T08:00:00+07:00"></head>
<body><nav><a href="/">Trang chủ</a> <a href="/tin">Tin tức</a></nav>
<article><h1>Khối 5 tổng kết công tác thi đua năm 2021</h1>
<p>Sáng 10/01, Khối 5 tổ chức hội nghị tổng kết công tác thi đua, khen thưởng năm 2021 tại hội trường
Sở Tư pháp. Khối 5 gồm: Sở Tài chính (Trưởng khối), Sở Tư pháp và Sở Nội vụ.</p>
<p>Các đơn vị trong khối đã hoàn thành tốt nhiệm vụ được giao, phối hợp chặt chẽ trong công tác tham mưu
và triển khai nhiều phong trào thi đua thiết thực gắn với nhiệm vụ chính trị của từng cơ quan.</p>
</article><footer>Bản quyền thuộc Sở Tư pháp. Lượt truy cập: 1234</footer></body></html>"""


def test_html_page(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(PAGE, encoding="utf-8")
    result = _run(str(page))
    assert result.returncode == 0, result.stderr
    facts = [json.loads(line) for line in result.stdout.splitlines()]
    assert any(f["type"] == "member" and f["agency"] == "Sở Nội vụ" for f in facts), facts
    assert any(f["type"] == "role" and f["agency"] == "Sở Tài chính" and f["year"] == 2021 for f in facts)
    # the page date gives the partial "10/01" its year
    assert any(f["type"] == "event" and f["date"] == "2022-01-10" for f in facts), facts


# "Khối thi đua số 5 tổng kết năm 2021 / Sở Tài chính (Trưởng khối) …" typed in the TCVN3
# (.VnTime) legacy encoding, as old Word documents pasted into pages still are (bytes by iconv -t TCVN)
TCVN3 = b'Kh\xe8i thi \xaeua s\xe8 5 t\xe6ng k\xd5t n\xa8m 2021\nS\xeb T\xb5i ch\xddnh (Tr\xad\xebng kh\xe8i) v\xb5 S\xeb T\xad ph\xb8p (Ph\xe3 Tr\xad\xebng kh\xe8i) ch\xf1 tr\xd7 h\xe9i ngh\xde t\xe6ng k\xd5t n\xa8m 2021 c\xf1a Kh\xe8i thi \xaeua s\xe8 5.\n'


def test_legacy_encoded_text_file(tmp_path):
    path = tmp_path / "legacy.txt"
    path.write_bytes(TCVN3)
    result = _run(str(path))
    assert result.returncode == 0, result.stderr
    facts = [json.loads(line) for line in result.stdout.splitlines()]
    assert any(f["type"] == "role" and f["agency"] == "Sở Tài chính" and f["role"] == "chair" for f in facts)
