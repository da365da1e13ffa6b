"""Boilerplate lines: what must go and what must stay (trafilatura-style snippet checks)."""

from __future__ import annotations

import pytest

from crawler.boilerplate import clean_lines, is_boilerplate_line

MUST_GO = [
    "Chia sẻ :", "Chia sẻ bài viết", "Lượt xem: 1327", "1.327 lượt xem", "Cở chữ: 04:07 PM,18/03/2019",
    "Cỡ chữ", "A- A A+", "Tăng tương phản", "In bài viết", "Gửi email", "Về đầu trang", "Skip Ribbon Commands",
    "Skip to content", "Description: C:\\Users\\May Van Thu\\Desktop\\IMG_2231.JPG",
    "Description: D:\\Ảnh hội nghị năm 2022\\Sơ kết khối\\DSC_0412.JPG",
    "5e0c2b7a91d44f03a8c1", "9b1de03f7a26c4e58d02", "Views Today : 91", "Total views : 30211", "005108",
    "Đang truy cập: 1", "• Tổng lượt truy cập: 1", "( Cập nhật lúc: 09/01/2023 )", "Ảnh: Toàn cảnh hội nghị",
    "Thứ Tư, 12/01/2022", "25/02/2023 - 17:45", "Language",
]
ENDS_BODY = ["BÀI VIẾT CÙNG CHUYÊN MỤC", "Bài viết mới", "Tin liên quan", "Các tin khác", "Những tin cũ hơn",
             "Thống kê truy cập", "View Counter", "Tổng số người truy cập", "Cơ quan chủ quản: Sở Công Thương"]
MUST_STAY = [
    "Chia sẻ kinh nghiệm tổ chức phong trào thi đua giữa các đơn vị trong khối.",
    "Lượt xem xét hồ sơ khen thưởng thứ hai diễn ra vào tháng 12.",
    "Ảnh hưởng của dịch bệnh làm chậm tiến độ ký giao ước.",
    "Ngày 14 tháng 10 năm 2020, Sở Công Thương tổ chức hội nghị.",
    "Năm 2019 có 10 đơn vị; tổng số 2019 phiếu hợp lệ.",
    "Khối gồm 07 đơn vị thành viên.",
    "Giấy khen được trao cho 5 tập thể.",
    "Phương Thảo (Sở Công Thương)",
]


@pytest.mark.parametrize("line", MUST_GO + ENDS_BODY)
def test_boilerplate_lines_are_recognised(line):
    assert is_boilerplate_line(line)


@pytest.mark.parametrize("line", MUST_STAY)
def test_article_lines_are_kept(line):
    assert not is_boilerplate_line(line)
    assert clean_lines([line]) == [line]


def test_a_related_posts_heading_ends_the_body():
    lines = ["Đoạn một của bài.", "BÀI VIẾT CÙNG CHUYÊN MỤC", "Khối thi đua năm trước", "Đoạn không thuộc bài."]
    assert clean_lines(lines) == ["Đoạn một của bài."]


def test_hash_like_tokens_are_removed_inside_a_line_but_numbers_stay():
    assert clean_lines(["Hội nghị 5e0c2b7a91d44f03a8c1 đã diễn ra năm 2020 với 1234567890123456 lượt"]) == [
        "Hội nghị đã diễn ra năm 2020 với 1234567890123456 lượt"]


def test_real_seed_pages_lose_their_debris_and_keep_their_text(shared_dir):
    """On the five real seed texts: widget tails, counters, hash tokens and image paths go,
    the article's sentences stay."""
    import re

    from thidua.text import clean

    for path in sorted((shared_dir / "seeds").glob("*.txt")):
        lines = path.read_text(encoding="utf-8").split("\n")
        kept = clean_lines(lines)
        text = "\n".join(kept)
        assert not re.search(r"\b[0-9a-f]{20}\b", text), path.name
        for debris in ("View Counter", "Views Today", "Thống kê truy cập", "Tổng số người truy cập",
                       "BÀI VIẾT CÙNG CHUYÊN MỤC", "Description:", "Skip to content", "Chia sẻ", "Lượt xem"):
            assert debris not in text, (path.name, debris)
        sentences = [" ".join(clean(line).split()) for line in lines if len(line.split()) >= 12]
        assert sentences and all(s in kept for s in sentences), path.name
