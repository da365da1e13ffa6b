import unicodedata

import pytest

from thidua.text import ascii_fold, clean, fold, key, slug


@pytest.mark.parametrize("raw, expected", [
    ("Uỷ ban nhân dân tỉnh", "Ủy ban nhân dân tỉnh"),
    ("Thanh Hoá", "Thanh Hóa"),
    ("hoà bình", "hòa bình"),
    ("khoẻ", "khỏe"),
    ("hoàn thành", "hoàn thành"),   # closed syllable: fixed
    ("quý", "quý"),                 # qu + y: mark stays on y
    ("huỳnh", "huỳnh"),
    ("Ðà Nẵng", "Đà Nẵng"),        # Eth look-alike
    ("Sở\u00a0Tư\u200bpháp", "Sở Tư pháp"),       # a zero-width space between words separates them
    ("Truyền \u200bhình\u00ad", "Truyền hình"),     # elsewhere invisible characters go
])
def test_clean(raw, expected):
    assert clean(raw) == expected


def test_clean_composes_nfd():
    assert clean(unicodedata.normalize("NFD", "Sở Nội vụ")) == "Sở Nội vụ"


def test_folds_keep_length_and_equate_variants():
    text = clean("Khối thi đua Kinh tế – Kỹ thuật, Uỷ ban")
    assert len(fold(text)) == len(text) == len(ascii_fold(text))
    assert fold(text) == "khôi thi đua kinh tê - ky thuât, uy ban"
    assert ascii_fold(text) == "khoi thi dua kinh te - ky thuat, uy ban"


def test_key_and_slug():
    assert key("Sở NN&PTNT") == "so nn ptnt"
    assert slug("Khối thi đua Kinh tế – Kỹ thuật") == "khoi-thi-dua-kinh-te-ky-thuat"
