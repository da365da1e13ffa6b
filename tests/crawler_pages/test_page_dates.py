"""Page dates in the forms department sites print them, parsed with thidua.dates."""

from __future__ import annotations

import pytest

from crawler.pages import PageInput, page_object

BODY = "<p>" + "Nội dung bài viết về hội nghị tổng kết công tác thi đua của khối. " * 5 + "</p>"


def page(head: str = "", before: str = "", date_html: str = "") -> str:
    return (f"<html><head><title>Bài</title>{head}</head><body><h1>Khối thi đua tổng kết</h1>"
            f"{before}{date_html}<div class='content'>{BODY}</div></body></html>")


CASES = [
    ("meta article:published_time", page(head='<meta property="article:published_time" content="2022-01-12T09:41:27+07:00">'),
     "2022-01-12T09:41:27+07:00", "2022-01-12"),
    ("json-ld datePublished", page(head='<script type="application/ld+json">{"@type": "NewsArticle", '
                                        '"datePublished": "2021-03-02T10:00:00+07:00"}</script>'),
     "2021-03-02T10:00:00+07:00", "2021-03-02"),
    ("portal header", page(before="<div>( Cập nhật lúc: 09/01/2023 )</div>"), "09/01/2023", "2023-01-09"),
    ("sharepoint timestamp", page(before="<div>Cở chữ: 04:07 PM,18/03/2019</div>"), "04:07 PM,18/03/2019", "2019-03-18"),
    ("labelled post date", page(before="<p>Ngày đăng: 22/01/2020</p>"), "22/01/2020", "2020-01-22"),
    ("date element in words", page(date_html="<span class='date'>Ngày 14 tháng 10 năm 2020</span>"),
     "Ngày 14 tháng 10 năm 2020", "2020-10-14"),
    ("weekday and time", page(date_html="<span class='date'>Thứ ba - 07/03/2019 16:07</span>"),
     "Thứ ba - 07/03/2019 16:07", "2019-03-07"),
    ("time element", page(date_html='<time datetime="2021-05-04T08:00:00+07:00">04/05/2021</time>'),
     "04/05/2021", "2021-05-04"),
    ("time element without visible date", page(date_html='<time datetime="2021-05-04T08:00:00+07:00">Thứ Ba</time>'),
     "2021-05-04T08:00:00+07:00", "2021-05-04"),
    ("no year is no page date", page(date_html="<span class='date'>Sáng 26/01</span>"), "Sáng 26/01", None),
    ("a date element without a date gives way to meta",
     page(head='<meta property="article:published_time" content="2020-10-15T08:30:00+07:00">',
          date_html="<span class='update-date'>Cập nhật gần đây</span>"),
     "2020-10-15T08:30:00+07:00", "2020-10-15"),
    ("no date at all", page(), None, None),
]


@pytest.mark.parametrize("label,html,raw,iso", CASES, ids=[c[0] for c in CASES])
def test_page_date(label, html, raw, iso):
    obj = page_object(PageInput(url="http://h/bai-viet", html=html))
    assert obj.published_raw() == raw
    assert obj.published() == iso
