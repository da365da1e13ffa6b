from datetime import date

import pytest

from thidua.dates import find_dates, infer_year, parse_date, parse_page_date


@pytest.mark.parametrize("text, iso", [
    ("Ngày 14 tháng 10 năm 2020, Sở Công Thương tổ chức", "2020-10-14"),
    ("Chiều ngày 07/3/2019, tại Văn phòng", "2019-03-07"),
    ("Ngày 13.1.2021 khối thi đua", "2021-01-13"),
    ("Ngày 6/7/2023, tại Hội trường", "2023-07-06"),
])
def test_full_dates(text, iso):
    assert parse_date(text) == date.fromisoformat(iso)


@pytest.mark.parametrize("text, published, iso", [
    ("Sáng 26-01, hội nghị", date(2021, 2, 1), "2021-01-26"),
    ("ngày 11-1 vừa qua", date(2022, 1, 15), "2022-01-11"),
    ("Chiều 27/12, Khối thi đua", date(2025, 1, 3), "2024-12-27"),   # last year's December
    ("Tổng kết (10/8) tại", date(2023, 8, 20), "2023-08-10"),
])
def test_partial_dates_take_the_year_from_publication(text, published, iso):
    assert parse_date(text, published) == date.fromisoformat(iso)


def test_fractions_and_document_numbers_are_not_dates():
    assert find_dates("đề nghị 06/6 đơn vị hoàn thành xuất sắc") == []
    mentions = find_dates("Văn bản số 409/TĐKT-KTKT ngày 14/3/2023")
    assert [(m.day, m.month, m.year) for m in mentions] == [(14, 3, 2023)]


def test_offsets_point_at_the_mention():
    text = "Hội nghị. Chiều ngày 07/3/2019, tại tỉnh"
    (m,) = find_dates(text)
    assert text[m.start:m.end] == m.raw == "07/3/2019"


@pytest.mark.parametrize("raw, iso", [
    ("04:07 PM,18/03/2019", "2019-03-18"),
    ("( Cập nhật lúc: 09/01/2023  )", "2023-01-09"),
    ("2020-10-14T08:00:00+07:00", "2020-10-14"),
    ("Thứ Tư, 12/01/2022", "2022-01-12"),
    ("Chiều 8/7", None),
    ("", None),
])
def test_page_dates(raw, iso):
    assert parse_page_date(raw) == iso


def test_infer_year_without_publication_is_unknown():
    assert infer_year(3, 4, None) is None
