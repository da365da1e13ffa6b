"""The rotation tables as CSV and as an Excel workbook (one sheet per province).

Input is graph.rotation's JSON shape, one dict per bloc:
{"province", "bloc", "years": [{"year", "chair": [{"agency", "sources"}], "vice_chair": [...],
"awards": [{"award", "recipient", "status", "rank", "sources"}], "conflict", "hint"}]}.
A year with no chair and no vice-chair is a gap and keeps its row, marked as such.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

# Column headings (Vietnamese, as the users read them) and the CSV field names beside them.
COLUMNS = [
    ("province", "Tỉnh"), ("bloc", "Khối / Cụm"), ("year", "Năm"), ("chair", "Khối trưởng"),
    ("vice_chair", "Khối phó"), ("awards", "Khen thưởng"), ("conflict", "Nguồn mâu thuẫn"),
    ("gap", "Chưa rõ"), ("hint", "Gợi ý (suy luận, không phải dữ kiện)"),
]
FIXED_TIME = datetime(2000, 1, 1)
_ZIP_TIME = (2000, 1, 1, 0, 0, 0)

AWARD_LABELS = {"co_thi_dua": "Cờ thi đua", "bang_khen": "Bằng khen", "giay_khen": "Giấy khen", "other": "Khen thưởng khác"}
STATUS_LABELS = {"proposed": "đề nghị", "conferred": "được tặng"}


def _names(entries: Iterable[dict[str, Any]]) -> str:
    return "; ".join(sorted({str(e.get("agency", "")) for e in entries if e.get("agency")}))


def award_text(award: dict[str, Any]) -> str:
    """'Cờ thi đua: Sở X (đề nghị, hạng 1)'."""
    kind = AWARD_LABELS.get(str(award.get("award")), str(award.get("award") or ""))
    notes = [STATUS_LABELS.get(str(award.get("status")), str(award.get("status") or ""))]
    if award.get("rank"):
        notes.append(f"hạng {award['rank']}")
    notes = [n for n in notes if n]
    suffix = f" ({', '.join(notes)})" if notes else ""
    return f"{kind}: {award.get('recipient', '')}{suffix}"


def sources_of(year: dict[str, Any]) -> list[str]:
    """Every source URL of a year's chair, vice-chair and award entries, sorted, once each."""
    found: set[str] = set()
    for field in ("chair", "vice_chair", "awards"):
        for entry in year.get(field) or []:
            found.update(str(s) for s in entry.get("sources") or [])
    return sorted(found)


def rows(tables: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """One flat row per bloc and year, sorted by province, bloc, year."""
    out = []
    for table in tables:
        for year in table.get("years") or []:
            chair, vice = year.get("chair") or [], year.get("vice_chair") or []
            out.append({
                "province": table.get("province") or "",
                "bloc": table.get("bloc") or "",
                "year": int(year["year"]),
                "chair": _names(chair),
                "vice_chair": _names(vice),
                "awards": "; ".join(sorted(award_text(a) for a in year.get("awards") or [])),
                "conflict": bool(year.get("conflict")),
                "gap": not chair and not vice,
                "hint": year.get("hint") or "",
                "sources": sources_of(year),
            })
    out.sort(key=lambda r: (r["province"], r["bloc"], r["year"]))
    return out


def to_csv(tables: Iterable[dict[str, Any]]) -> bytes:
    """CSV (UTF-8 with BOM so Excel reads the Vietnamese right), sources space-separated."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([name for name, _ in COLUMNS] + ["sources"])
    for row in rows(tables):
        values = [row[name] for name, _ in COLUMNS]
        values = ["yes" if v is True else "" if v is False else v for v in values]
        writer.writerow(values + [" ".join(row["sources"])])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _sheet_title(province: str, taken: set[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\]", " ", province or "Không rõ tỉnh").strip()[:31] or "Không rõ tỉnh"
    title, n = base, 2
    while title.lower() in taken:
        suffix = f" ({n})"
        title, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(title.lower())
    return title


def to_xlsx(tables: Iterable[dict[str, Any]]) -> bytes:
    """The workbook: a sheet per province, a row per bloc and year, each source a hyperlink cell."""
    flat = rows(tables)
    by_province: dict[str, list[dict[str, Any]]] = {}
    for row in flat:
        by_province.setdefault(row["province"], []).append(row)
    wb = Workbook()
    wb.remove(wb.active)
    taken: set[str] = set()
    bold, link = Font(bold=True), Font(color="0563C1", underline="single")
    gap_fill, conflict_fill = PatternFill("solid", fgColor="EEEEEE"), PatternFill("solid", fgColor="FCE4D6")
    for province in sorted(by_province) or [""]:
        ws = wb.create_sheet(_sheet_title(province, taken))
        province_rows = by_province.get(province, [])
        n_sources = max((len(r["sources"]) for r in province_rows), default=0)
        header = [label for _, label in COLUMNS] + [f"Nguồn {i + 1}" for i in range(n_sources)]
        ws.append(header)
        for cell in ws[1]:
            cell.font = bold
        for r, row in enumerate(province_rows, start=2):
            for c, (name, _) in enumerate(COLUMNS, start=1):
                value = row[name]
                cell = ws.cell(row=r, column=c, value=("có" if value else "") if isinstance(value, bool) else value)
                cell.alignment = Alignment(wrap_text=True, vertical="top")
                if row["conflict"]:
                    cell.fill = conflict_fill
                elif row["gap"]:
                    cell.fill = gap_fill
            for i, url in enumerate(row["sources"]):
                cell = ws.cell(row=r, column=len(COLUMNS) + 1 + i, value=url)
                cell.hyperlink = url
                cell.font = link
        widths = [22, 40, 7, 40, 40, 50, 10, 9, 30] + [40] * n_sources
        for i, width in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(i)].width = width
        ws.freeze_panes = "D2"
    wb.properties.creator = "thidua"
    wb.properties.created = FIXED_TIME
    buffer = io.BytesIO()
    wb.save(buffer)
    return _fix_zip(buffer.getvalue())


def _fix_zip(data: bytes) -> bytes:
    """Rewrite the archive with fixed entry times and a fixed 'modified' date in docProps/core.xml."""
    out = io.BytesIO()
    stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ")
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                              rb"\g<1>" + stamp.encode() + rb"\g<2>", body)
            entry = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            dst.writestr(entry, body)
    return out.getvalue()
