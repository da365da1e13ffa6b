"""Lists of agencies: "A, B và C", "A; B", one a line, role tags and notes in brackets,
a comma left out ("… Bảo vệ môi trường Ban Quản lý …"), and a head written once
("các Sở: Tài chính, Tư pháp"; "Thanh tra các đơn vị: Sở A, Sở B").
"""

from __future__ import annotations

import re
from functools import lru_cache

from graph.extract import agencies as agency_mod
from graph.extract.agencies import Agency
from graph.extract.fast import fold
from graph.extract.lexicon import load as load_lexicon
from graph.extract.lexicon import rx

NOT_ITEMS = {"ministry", "board", "state"}
_LEAD = rx(r"^[\s:;,]*(?:[-+•*]\s+)?(?:(?:các\s+)?(?:đơn vị|tập thể|cơ quan)(?:\s+(?:gồm|là))?\s*:?\s*)?$")
_SEP = rx(
    r"^\s*(?:[-–]\s*(?:đơn vị\s+)?(?:\w+\s+){0,2}(?:khối|cụm)(?:\s+\w+){0,3}\s*)?"
    r"[,;]?\s*(?:[-+•*]\s+)?(?:(?:và|cùng)\s+(?:cho\s+)?(?:đơn vị\s+|tập thể\s+)?)?$")


@lru_cache(maxsize=1)
def _factored() -> list[tuple]:
    return [(rx(f["pattern"]), f["head"], f.get("keep_head")) for f in load_lexicon()["factored_heads"]]


_MID_HEAD = rx(r"\s*[;,]\s*(?:và\s+)?")


def _factored_at(folded: str, start: int, end: int) -> tuple[str, str | None, int] | None:
    """A head written once for the names after it ("các Sở: …"): (head, prefix kept, names' start)."""
    for pattern, head, keep in _factored():
        m = pattern.match(folded, start) or pattern.match(folded, start + len(folded[start:end]) -
                                                          len(folded[start:end].lstrip()))
        if m and m.end() <= end:
            colon = re.match(r"\s*:?", folded[m.end():end])
            return head, keep, m.end() + (colon.end() if colon else 0)
    return None


def _skip_brackets(text: str, pos: int) -> int:
    """Past a bracketed note right after an item: "(Trưởng khối)", "(Cục 10-Bộ Công an)"."""
    m = re.match(r"\s*\(", text[pos:pos + 20])
    if not m:
        return pos
    close = text.find(")", pos + m.end())
    if close < 0 or close - pos > 120:
        return pos
    return close + 1


def items(doc_text: str, folded: str, start: int, end: int, head_hint: str | None = None) -> list[Agency]:
    """The agencies listed from `start` (just after "gồm:", "cho" …) up to where the list ends."""
    prefix = None
    bare_head = head_hint
    factored = _factored_at(folded, start, end)
    if factored:
        bare_head, prefix, start = factored
    if bare_head:
        found = agency_mod.find(doc_text, start, end, bare_head=bare_head)
    else:  # the article's own agencies (found once), those inside the span
        found = [a for a in agency_mod.find_cached(doc_text) if start <= a.start and a.end <= end]
    out: list[Agency] = []
    pos = start
    for a in found:
        if a.start < pos:
            continue
        gap = folded[pos:a.start]
        ok = _LEAD.match(gap) if not out else _SEP.match(gap)
        if not ok and out and not bare_head:
            # a factored head inside the list: "gồm Văn phòng UBND tỉnh; các Sở: A, B; Thanh tra tỉnh"
            turn = _MID_HEAD.match(folded, pos, a.start + 1)
            if turn and _factored_at(folded, turn.end(), end):
                stop = folded.find(";", turn.end(), end)
                inner = items(doc_text, folded, turn.end(), end if stop < 0 else stop)
                if inner:
                    out.extend(inner)
                    if stop >= 0:
                        out.extend(items(doc_text, folded, stop, end))
                    return out
        if not ok or a.kind in NOT_ITEMS:
            break
        if prefix and not a.name.startswith(prefix):
            a = Agency(a.start, a.end, f"{prefix} {a.name}", "generic", None, a.province, a.bare)
        out.append(a)
        pos = _skip_brackets(doc_text, a.end)
    return out


def backwards(doc_text: str, folded: str, agencies: list[Agency], last: int) -> list[Agency]:
    """A list that ends with agencies[last]: walk back over separators ("A, B và C được tặng …")."""
    out = [agencies[last]]
    i = last
    while i > 0:
        prev = agencies[i - 1]
        gap = folded[_skip_brackets(doc_text, prev.end):agencies[i].start]
        if not _SEP.match(gap) or prev.kind in NOT_ITEMS or not gap.strip():
            break
        out.insert(0, prev)
        i -= 1
    return out


def key(agency: Agency) -> str:
    return re.sub(r"\W+", "", fold(agency.name))
