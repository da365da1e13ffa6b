"""Decoding: declared charsets, Windows-1258 without one, TCVN3, VNI, UTF-8 read as cp1252,
and refusal of what cannot be converted."""

from __future__ import annotations

import shutil
import subprocess
import unicodedata

import pytest

from crawler.demo.web import _to_cp1258
from crawler.encoding import LegacyEncodingError, best_reading, declared_charset, decode_html, vni_to_unicode

SENTENCE = ("Hội nghị tổng kết công tác thi đua, khen thưởng năm 2020 của Khối thi đua các cơ quan "
            "tham mưu tổng hợp; Sở Nông nghiệp và Phát triển nông thôn được bầu làm Trưởng khối.")
PAGE = f"<html><head><title>Tin</title></head><body><p>{SENTENCE}</p></body></html>"


def iconv(text: str, to: str) -> bytes:
    if not shutil.which("iconv"):
        pytest.skip("glibc iconv is needed to make legacy-encoded input")
    return subprocess.run(["iconv", "-f", "UTF-8", "-t", to], input=text.encode(), capture_output=True,
                          check=True).stdout


def test_utf8_page_is_left_alone():
    decoded = decode_html(PAGE.encode(), {"Content-Type": "text/html; charset=utf-8"})
    assert SENTENCE in decoded.text and decoded.repair is None and decoded.encoding == "utf-8"


def test_latin1_only_vietnamese_is_not_repaired():
    # Words spelled only with Latin-1 letters (các, cán bộ ...) must not look like mojibake.
    text = "<p>Các cán bộ, công chức đã đi thăm các đơn vị và làm việc tại Hà Giang.</p>"
    decoded = decode_html(text.encode(), {})
    assert decoded.repair is None and "Các cán bộ" in decoded.text


@pytest.mark.parametrize("header,meta,expected", [
    ({"Content-Type": "text/html; charset=UTF-8"}, b"", "utf-8"),
    ({"content-type": "text/html;charset=windows-1258"}, b"", "cp1258"),
    ({}, b'<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">', "cp1252"),
    ({}, b'<meta charset="utf-8">', "utf-8"),
    ({}, b"<meta charset='no-such-codec'>", None),
    ({}, b"", None),
])
def test_declared_charset(header, meta, expected):
    assert declared_charset(b"<html><head>" + meta + b"</head>", header) == expected


def test_windows_1258_without_any_charset():
    body = _to_cp1258(PAGE)
    assert body == iconv(PAGE, "CP1258")
    decoded = decode_html(body, {"Content-Type": "text/html"})
    assert SENTENCE in decoded.text and decoded.encoding == "cp1258"


def test_windows_1258_declared_correctly():
    decoded = decode_html(_to_cp1258(PAGE), {"Content-Type": "text/html; charset=windows-1258"})
    assert SENTENCE in decoded.text and decoded.repair is None


def test_windows_1258_declared_as_windows_1252():
    decoded = decode_html(_to_cp1258(PAGE), {"Content-Type": "text/html; charset=windows-1252"})
    assert SENTENCE in decoded.text and decoded.repair == "cp1258-as-cp1252"


def test_tcvn3_page_is_converted():
    decoded = decode_html(iconv(PAGE, "TCVN"), {"Content-Type": "text/html; charset=iso-8859-1"})
    assert SENTENCE in decoded.text and decoded.repair == "tcvn3"


@pytest.mark.parametrize("mangled,clean_text", [
    # samples of DOMAIN.md §4.2 (TCVN3 text pasted into a UTF-8 page)
    ("Khèi thi ®ua tæ chøc Héi nghÞ tæng kÕt n¨m 2020", "Khối thi đua tổ chức Hội nghị tổng kết năm 2020"),
    ("Së N«ng nghiÖp vµ Ph¸t triÓn n«ng th«n ®­îc tÆng Cê thi ®ua vµ B»ng khen",
     "Sở Nông nghiệp và Phát triển nông thôn được tặng Cờ thi đua và Bằng khen"),
])
def test_tcvn3_text_inside_a_utf8_page(mangled, clean_text):
    fixed, repair, _ = best_reading(f"<p>{mangled}</p>")
    assert repair == "tcvn3" and clean_text in unicodedata.normalize("NFC", fixed)


@pytest.mark.parametrize("vni,unicode_text", [
    ("Xin chaøo caùc baïn", "Xin chào các bạn"),
    ("Sôû Noäi vuï", "Sở Nội vụ"),
    ("UÛy ban nhaân daân tænh", "Ủy ban nhân dân tỉnh"),
    ("Khoái thi ñua, Côø thi ñua, Baèng khen", "Khối thi đua, Cờ thi đua, Bằng khen"),
    ("Tröôûng khoái ñöôïc baàu laïi", "Trưởng khối được bầu lại"),
    ("Hoäi nghò toång keát naêm 2020, ñeà nghò taëng", "Hội nghị tổng kết năm 2020, đề nghị tặng"),
    ("Ñaøo taïo, Giaùo duïc, Xaõ hoäi, Vaên hoùa, thuyû lôïi, kyõ thuaät",
     "Đào tạo, Giáo dục, Xã hội, Văn hóa, thuỷ lợi, kỹ thuật"),
])
def test_vni_conversion(vni, unicode_text):
    assert vni_to_unicode(vni) == unicodedata.normalize("NFC", unicode_text)


def test_vni_page_is_detected():
    body = ("<p>Sôû Noäi vuï tænh toå chöùc hoäi nghò toång keát coâng taùc thi ñua, khen thöôûng "
            "cuûa khoái caùc cô quan tham möu toång hôïp naêm 2020.</p>").encode("cp1252")
    decoded = decode_html(body, {"Content-Type": "text/html; charset=windows-1252"})
    assert decoded.repair == "vni"
    assert "Sở Nội vụ tỉnh tổ chức hội nghị tổng kết công tác thi đua, khen thưởng" in decoded.text


@pytest.mark.parametrize("headers", [{"Content-Type": "text/html; charset=ISO-8859-1"},
                                     {"Content-Type": "text/html; charset=windows-1252"}])
def test_utf8_declared_as_western_is_repaired(headers):
    decoded = decode_html(PAGE.encode("utf-8"), headers)
    assert SENTENCE in decoded.text and decoded.repair == "utf8-as-cp1252"


def test_mojibake_text_inside_a_page_is_repaired():
    mangled = "Sở Nội vụ tổ chức hội nghị".encode().decode("cp1252", errors="replace")
    assert "Sá»Ÿ" in mangled
    fixed, repair, _ = best_reading(f"<p>{mangled} tổng kết thi đua</p>")
    assert repair == "utf8-as-cp1252" and "Sở Nội vụ tổ chức hội nghị" in fixed


def test_an_encoding_nobody_converts_is_refused_with_a_reason():
    with pytest.raises(LegacyEncodingError, match="legacy Vietnamese encoding"):
        decode_html(iconv(PAGE, "VISCII"), {})


def test_decoded_text_is_nfc_and_page_text_has_one_tone_placement():
    from crawler.pages import html_to_text

    decomposed = unicodedata.normalize("NFD", "<p>Uỷ ban nhân dân tỉnh Thanh Hoá</p>")
    decoded = decode_html(decomposed.encode(), {})
    assert "Uỷ ban nhân dân tỉnh Thanh Hoá" in decoded.text  # NFC, as written
    page = f"<html><head><title>Tin</title></head><body><h1>Tin</h1><p>{SENTENCE}</p>{decomposed}</body></html>"
    assert "Ủy ban nhân dân tỉnh Thanh Hóa" in html_to_text(page.encode())[1]
