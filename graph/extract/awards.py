"""Award facts (DOMAIN.md §2.4, §3.2-§3.3): Cờ thi đua, Bằng khen, Giấy khen, proposed or conferred.

The recipient is read from "tặng <award> (năm N) cho A, B" or from the subject of
"A được (…) tặng / đạt / nhận <award>". "đề nghị X tặng" names the conferrer X, never a
recipient; a count without names ("cho ba đơn vị") gives no fact; units that ask to be
left out ("xin rút", "không nhận") get none. The year is the one written with the award
or opening the clause ("Năm 2021, A được tặng …"), else the year under review.
"""

from __future__ import annotations

import re
from functools import lru_cache

from graph.extract import lists
from graph.extract.document import YEAR, Document
from graph.extract.fast import fold, key
from graph.extract.lexicon import load as load_lexicon
from graph.extract.lexicon import rx

# "… <award> (năm N) (của X) cho A": no comma or hand-off verb between ("…, giao cho Sở Nội vụ tổng hợp")
_CHO = rx(r"^(?:\s+năm\s+\d{4})?(?:(?!giao|gửi|chuyển)[^.;,]){0,60}?\s+cho\s*:?\s*(?:các\s+)?(?:[0-9]+\s+)?")
# "cho 4 tập thể dẫn đầu các cụm, khối thi đua, gồm: A, B"
_CHO_COUNTED = rx(r"^(?:\s+năm\s+\d{4})?(?:(?!giao|gửi|chuyển)[^.;,]){0,60}?\s+cho\s+[0-9]+\s+"
                  r"(?:tập thể|đơn vị|cơ quan)[^.;:]{0,80}?(?:gồm|là)\s*:\s*")
# "Cờ thi đua của UBND tỉnh: Sở X; Bằng khen của Chủ tịch UBND tỉnh: Sở Y, Sở Z"
_COLON = rx(r"^(?:\s+(?:thi đua|xuất sắc))?(?:\s+của\s+[^:;.,()]{1,50}?)?(?:\s+năm\s+\d{4})?(?:\s*\([^()]{0,30}\))?\s*:\s*")
_RANKED_AND = rx(r"\s*(?:đứng|xếp)\s+(?:thứ|hạng)\s+\w+(?:\s+(?:khối|cụm))?\s+và\s+")
_SAME_PROPOSER = rx(r"^(?:(?!đề nghị|được|của)[^.;])*?(?:,|và)\s*(?:đề nghị\s+)?tặng\s*$")
# "cờ luân lưu", "cờ Trưởng khối": the banner handed to the next chair (a role, see roles.py)
_ROTATING = rx(r"\s+(?:thi đua\s+)?(?:luân lưu|(?:của\s+)?(?:đơn vị\s+)?(?:trưởng\s+(?:khối|cụm)|(?:khối|cụm)\s+trưởng))")
# the subject: "A (và B) (vinh dự) được X tặng/trao", "A, đơn vị … đã được … tặng", "A đạt/nhận/đón nhận"
_SUBJECT = rx(r"(?s)^\s*(?:,\s*)?(?:[^,.;()]{0,50}?\s+và\s+|\s*(?:,|-|–|—)\s*đơn vị\s+[^,.;()]{0,40}?\s*,?\s+)?"
              r"(?:\s*(?:đứng|xếp)\s+(?:thứ|hạng)\s+\w+(?:\s+(?:khối|cụm))?\s*,?\s*)?"  # "A xếp thứ nhất, được …"
              r"(?:(?:đã\s+|cũng\s+)?(?:vinh dự\s+)?(?:đã\s+)?được\b.{0,140}?(?:trao tặng|tặng|trao)|(?:đã\s+)?(?:vinh dự\s+)?"
              r"(?:đạt|nhận|đón nhận)(?:\s+được)?)\s+(?:danh hiệu\s+)?[\"“']?$")
_PROPOSER = rx(r"(?s)(?:đề nghị|được)\s+((?:(?!đề nghị|được).){2,60}?)\s+(?:xem xét\s+)?(?:tặng|trao)\s*(?:danh hiệu\s*)?[\"“']?$")
_NOMINATE = rx(r"(?<!\w)(?:suy tôn|bình chọn|bầu chọn|bình xét)\s+(?:cho\s+)?")
_SHARED = rx(r"(?<!\w)và(?!\w)")
_DECISION = rx(r"quyết định[^.;]{0,60}?của\s+(.{2,50}?)\s+(?:về việc\s+)?(?:tặng|khen thưởng)")
_SIGNED = rx(r"\s+(?:đã\s+)?(?:ký|ban hành)\s+quyết định[^.;]{0,80}?(?:tặng|khen thưởng)")
_OF = rx(r"^(?:\s+xuất sắc)?\s+của\s+")
# "Cờ thi đua (của X) năm N", "… vì/do (đã) có thành tích dẫn đầu phong trào thi đua năm N"
_YEAR_AFTER = rx(r"^(?:\s+(?:xuất sắc|của [^,.;]{1,40}?))?(?:\s+(?:do|vì)\s+(?:đã\s+)?(?:có\s+|đạt\s+)?"
                 r"(?:thành tích|dẫn đầu)[^,.;]{0,60}?)?\s+năm\s+(\d{4})")
_BULLET = re.compile(r"\s*[-+•*–]\s")
_OPENS_LIST = re.compile(r":\s*(?:\n\s*[-+•*–]\s|$)")
_RESP_CHO = rx(r"\s+(?:năm\s+\d{4}\s+)?lần lượt\s+(?:là\s+)?cho\s")
_AWARD_JOIN = rx(r"\s*(?:,|và)\s*")
_CLAUSE_YEAR = rx(r"(?:^|[;,])\s*(?:trong\s+)?năm\s+(\d{4})\s*,")
_OPENING = rx(r"^\s*(?:[^,.;]{0,20},\s*)?năm\s+(\d{4})\s*,")


@lru_cache(maxsize=1)
def _patterns() -> dict:
    lex = load_lexicon()
    return {
        "awards": [(k, rx(p)) for k, p in lex["awards"].items()],
        "proposed": rx(lex["proposed"]),
        "declined": rx(lex["declined"]),
        "rank": rx(lex["rank"]),
        "ranks": {k: v for k, v in lex["ranks"].items()},
        "conferrers": [(rx(c["pattern"]), c["name"]) for c in lex["conferrers"]],
    }


def _mentions(seg: str, orig: str) -> list[tuple[int, int, str]]:
    """Award words in a sentence (folded view `seg`, its text `orig`): a folded "cơ" is also
    "cơ quan", so a flag must read "cờ" in the text."""
    found: list[tuple[int, int, str]] = []
    for kind, pattern in _patterns()["awards"]:
        for m in pattern.finditer(seg):
            if kind == "co_thi_dua" and orig[m.start():m.start() + 2].lower() != "cờ":
                continue
            if any(s < m.end() and m.start() < e for s, e, _ in found):
                continue
            found.append((m.start(), m.end(), kind))
    return sorted(found)


def _conferrer(doc: Document, sent_start: int, a_start: int, a_end: int) -> str | None:
    after = doc.folded[a_end:a_end + 60]
    m = _OF.match(after)
    window = after[m.end():] if m else None
    if window is None:
        before = doc.folded[sent_start:a_start]
        m = _PROPOSER.search(before)
        window = m.group(1) if m else None
    if not window:
        m = _DECISION.search(doc.folded, sent_start, a_start)
        window = m.group(1) if m else None
    if not window:
        m = _SIGNED.search(doc.folded, sent_start, a_start)
        if m:  # "Chủ tịch UBND tỉnh ký Quyết định số … tặng": the signer confers
            head = doc.folded[max(sent_start, m.start() - 60):m.start()]
            for pattern, name in _patterns()["conferrers"]:
                if name and any(cm.end() == len(head) for cm in pattern.finditer(head)):
                    return name
    if not window:
        return None
    for pattern, name in _patterns()["conferrers"]:
        cm = pattern.match(window)
        if cm:
            at = a_end + (len(after) - len(window)) + cm.start()
            return name or doc.text[at:at + cm.end()].strip() or None
    return None


def _rank(doc: Document, end: int, limit: int) -> int | None:
    m = _patterns()["rank"].search(doc.folded, end, min(limit, end + 60))
    if not m or doc.folded[end:m.start()].count(")") > 0 and "(" not in doc.folded[end:m.start()]:
        return None
    word = m.group(1)
    ranks = {k.lower(): v for k, v in _patterns()["ranks"].items()}
    ranks = {fold(k): v for k, v in ranks.items()}
    return int(word) if word.isdigit() else ranks.get(word)


_RANK_AFTER = rx(r"\s*(?:\(\s*)?(?:đơn vị\s+)?(?:đứng|xếp|đạt)\s+(?:thứ|hạng|vị thứ)\s+(nhất|nhì|hai|ba|tư|bốn|năm|[1-5])(?!\w)")
_RANK_BEFORE = rx(r"(?:đứng|xếp)?\s*(?:thứ|hạng)\s+(nhất|nhì|hai|ba|tư|bốn|năm|[1-5])\s+(?:là|thuộc về)\s+(?:đơn vị\s+)?$")


def _ranks(doc: Document) -> dict[str, int]:
    """Ranks stated anywhere: "A đứng thứ nhất cụm, thứ nhì là B" (read once per article)."""
    ordinals = {fold(k): v for k, v in _patterns()["ranks"].items()}
    out: dict[str, int] = {}
    for a in doc.agencies:
        m = _RANK_AFTER.match(doc.folded, a.end)
        if not m:
            m = _RANK_BEFORE.search(doc.folded[max(0, a.start - 40):a.start])
        if m:
            word = m.group(1)
            rank = int(word) if word.isdigit() else ordinals.get(word)
            if rank:
                out.setdefault(key(a.name), rank)
    return out


def _bloc_of(doc: Document, sent) -> str | None:
    """The bloc whose award this is: the one the sentence names, or the article's only bloc
    (an article naming several blocs, e.g. a council's list, leaves it open)."""
    named = {b.key: b for b in doc.blocs_from(sent.start, sent.end)}
    if len(named) == 1:
        return next(iter(named.values())).name
    if not named and doc.bloc is not None and len({b.key for b in doc.blocs}) == 1:
        return doc.bloc.name
    return None


def _bracket_bloc(doc: Document, end: int) -> str | None:
    """A bloc named in brackets right after a recipient: "Sở Y tế (Khối thi đua số 2)"."""
    m = re.match(r"\s*\(\s*", doc.text[end:end + 6])
    if not m:
        return None
    named = doc.blocs_from(end + m.end(), end + m.end() + 1)
    return named[0].name if named else None


def _recipients(doc: Document, sent, mentions, i: int, agencies) -> list:
    """Who receives the award of mentions[i]: "… cho A, B", "A được … tặng / đạt / nhận …",
    "suy tôn A (là đơn vị dẫn đầu), đề nghị … tặng …" (all within one clause)."""
    ms, me, _ = mentions[i]
    a_start, a_end = sent.start + ms, sent.start + me
    next_award = sent.start + mentions[i + 1][0] if i + 1 < len(mentions) else sent.end
    if _ROTATING.match(doc.folded, a_end):
        return []  # the chair's banner changes hands: no award
    cho = (_CHO_COUNTED.match(doc.folded[a_end:next_award]) or _CHO.match(doc.folded[a_end:next_award])
           or _COLON.match(doc.folded[a_end:next_award]))
    if cho:
        found = lists.items(doc.text, doc.folded, a_end + cho.end(), sent.end)
        if found:
            return found
    holders = [j for j, a in enumerate(agencies) if a.end <= a_start and a.kind not in lists.NOT_ITEMS]
    if holders:
        j = holders[-1]
        gap = doc.folded[agencies[j].end:a_start]
        if _SUBJECT.match(gap) and not any(agencies[j].end < sent.start + s < a_start for s, _, _ in mentions):
            listed = lists.backwards(doc.text, doc.folded, agencies, j)
            first = agencies.index(listed[0])
            # "A xếp thứ Nhì và B xếp thứ Ba, được đề nghị … tặng Bằng khen": both ranked units
            while first > 0 and _RANKED_AND.fullmatch(doc.folded, agencies[first - 1].end, agencies[first].start):
                first -= 1
                listed.insert(0, agencies[first])
            return [a for a in listed if a.kind not in lists.NOT_ITEMS]
    clause_start = max(sent.start, doc.folded.rfind(";", sent.start, a_start) + 1)
    prev_award = sent.start + mentions[i - 1][1] if i else sent.start
    for m in _NOMINATE.finditer(doc.folded, max(clause_start, prev_award), a_start):
        found = [a for a in lists.items(doc.text, doc.folded, m.end(), a_start) if a.kind not in lists.NOT_ITEMS]
        if found:
            return found
    return []


def _pair_respectively(seg: str, mentions: list, found: list) -> None:
    """ "tặng Cờ thi đua và Bằng khen lần lượt cho A và B": the i-th award goes to the i-th unit;
    where the counts differ, none of them is read (never every unit for the last award)."""
    for i, (_, me, _) in enumerate(mentions):
        if not _RESP_CHO.match(seg, me) or not found[i]:
            continue
        chain = [i]
        while chain[0] > 0 and _AWARD_JOIN.fullmatch(seg, mentions[chain[0] - 1][1], mentions[chain[0]][0]):
            chain.insert(0, chain[0] - 1)
        units = found[i]
        for n, k in enumerate(chain):
            found[k] = [units[n]] if len(chain) == len(units) and len(units) > 1 else []


def extract(doc: Document) -> list[dict]:
    p = _patterns()
    out: dict[tuple, dict] = {}
    guessed: set[tuple] = set()  # keys whose year was inferred, not written
    doc_ranks = _ranks(doc)
    intro_proposes = False  # a list introduced by "… đề nghị:" goes on over bulleted lines
    for sent in doc.sentences:
        text = doc.text[sent.start:sent.end]
        opens = _OPENS_LIST.search(text)
        if opens or not _BULLET.match(text):
            cut = opens.start() if opens else len(text)
            intro_proposes = bool(opens) and bool(p["proposed"].search(doc.folded[sent.start:sent.start + cut]))
        if sent.caption:
            continue
        seg = doc.folded[sent.start:sent.end]
        mentions = _mentions(seg, doc.text[sent.start:sent.end])
        if not mentions:
            continue
        agencies = doc.in_sentence(sent)
        found = [_recipients(doc, sent, mentions, i, agencies) for i in range(len(mentions))]
        for i in range(len(mentions) - 2, -1, -1):
            # "đề nghị Thủ tướng tặng Cờ … và đề nghị UBND tỉnh tặng Cờ … cho A": one unit, two flags
            if not found[i] and found[i + 1] and mentions[i][2] == mentions[i + 1][2]:
                gap = seg[mentions[i][1]:mentions[i + 1][0]]
                if _SHARED.search(gap) and not re.search(r"[;.]", gap):
                    found[i] = found[i + 1]
        _pair_respectively(seg, mentions, found)
        last_conferrer, last_end = None, sent.start
        for (ms, me, kind), recipients in zip(mentions, found, strict=True):
            if not recipients:
                continue
            a_start, a_end = sent.start + ms, sent.start + me
            clause = doc.folded[sent.start:a_end]
            status = "proposed" if p["proposed"].search(clause) or (
                intro_proposes and _BULLET.match(doc.text, sent.start)) else "conferred"
            ym = YEAR.match(doc.folded, a_end + len(doc.folded[a_end:a_end + 30]) - len(
                doc.folded[a_end:a_end + 30].lstrip()))
            if not ym:
                ym = _YEAR_AFTER.match(doc.folded[a_end:a_end + 140])
            # "Năm N, A được tặng …; năm M, B …": the year opening the award's own clause
            openers = [m for m in _CLAUSE_YEAR.finditer(seg, 0, ms)]
            opening = openers[-1] if openers else _OPENING.match(seg)
            if ym:
                year, inferred = int(ym.group(1)), False
            elif opening:
                year, inferred = int(opening.group(1)), False
            else:
                year, inferred = doc.period, True
                if year is not None and doc.event_kind in ("ky_giao_uoc", "phat_dong"):
                    year -= 1  # a flag handed out at the new year's covenant rewards last year's results
            if year is None:
                continue
            conferrer = _conferrer(doc, sent.start, a_start, a_end)
            if conferrer is None and last_conferrer and _SAME_PROPOSER.match(doc.folded[last_end:a_start]):
                conferrer = last_conferrer  # "đề nghị X tặng Cờ … cho A và tặng Bằng khen cho B"
            last_conferrer, last_end = conferrer, a_end
            label = doc.text[a_start:a_end]
            bloc = _bloc_of(doc, sent)
            for r in recipients:
                noted = _bracket_bloc(doc, r.end)  # "Sở Y tế (Khối thi đua số 2)": the bloc it led
                tail = re.split(r"[;.]", doc.folded[r.end:min(sent.end, r.end + 60)], maxsplit=1)[0]
                if p["declined"].search(tail) or p["declined"].search(doc.folded[max(sent.start, r.start - 40):r.start]):
                    continue
                k = (kind, year, key(r.name), r.province, conferrer)
                fact = {
                    "type": "award", "award": kind, "award_label": label, "year": year, "recipient": r.name,
                    "status": status, "conferrer": conferrer, "bloc": noted or bloc,
                    "rank": _rank(doc, r.end, sent.end) or doc_ranks.get(key(r.name)),
                    "evidence": doc.evidence(sent), "confidence": 0.7 if inferred else 0.85,
                    "province": r.province or doc.province,
                }
                same = next((f for kk, f in out.items() if kk[:4] == k[:4]), None)
                if same is not None and (same["conferrer"] is None or conferrer is None):
                    # the same award stated twice (headline, body): keep what either adds
                    for field in ("conferrer", "rank"):
                        if same[field] is None:
                            same[field] = fact[field]
                    continue
                out.setdefault(k, fact)
                if inferred:
                    guessed.add(k)
    # one award restated without its year (a caption, a closing line) is the one whose year is written
    written = {(k[0], k[2], k[3]) for k in out if k not in guessed}
    return [f for k, f in out.items() if k not in guessed or (k[0], k[2], k[3]) not in written]
