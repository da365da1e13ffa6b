"""Chair and vice-chair facts (DOMAIN.md §3.1).

A role word (Trưởng khối, Khối phó, Cụm trưởng …) is tied to an agency only by the shapes the
genre uses: a tag after the agency ("A (đơn vị Trưởng khối)", "A - Cụm trưởng", "Giám đốc A,
Khối trưởng"), a copula ("A là/làm Khối trưởng", "A được các đơn vị nhất trí giữ vai trò …"),
a predicate ("Khối trưởng năm N là A", "… năm N do A đảm nhận", "Thay mặt đơn vị Khối trưởng,
ông X, Giám đốc A"), the chair's banner ("trao cờ Trưởng khối năm N cho B": B's seat), or a
hand-over ("A bàn giao nhiệm vụ Khối trưởng năm N cho B": A held it in N). Anything else
(a role word with no agency beside it, "đại diện Khối trưởng") states no fact. Captions state
none either: they are often of another year. A year written after the role word counts within
its clause only.
"""

from __future__ import annotations

import re
from functools import lru_cache

from graph.extract import lists
from graph.extract.document import YEAR, Document
from graph.extract.lexicon import load as load_lexicon
from graph.extract.lexicon import rx

NOT_HOLDERS = {"ministry", "board", "state"}
# a district written bare ("huyện X") holds a seat only where a copula or predicate says so
_COPULAS_ONLY = {"locality"}
_AS_ROLE = rx(r"(?:với|trong)\s+(?:vai trò|tư cách)\s+(?:là\s+)?(?:đơn vị\s+)?$")
_COMMA = rx(r"^\s*,\s*(?:đơn vị\s+)?$")
_BANNER = rx(r"(?<!\w)cờ\s+$")   # folded "cơ" is also "cơ quan": the text must read "cờ"
_TO = rx(r"^\s*cho\s+(?:đơn vị\s+)?$")
_NEXT_YEAR = rx(load_lexicon()["next_year"])
_ELECTION = rx(load_lexicon()["election"])
_RESPECTIVELY = rx(r"lần lượt\s+(?:là|làm|giữ(?:\s+vai trò)?|được bầu làm|đảm nhận)\s+")
_NEXT_CLAUSE = re.compile(r";|,\s*năm\s+\d{4}\s*,")
_PRIORITY = {"tag": 3, "copula": 2, "predicate": 1, "banner": 1, "handover": 2, "giver": 2}


@lru_cache(maxsize=1)
def _patterns() -> dict:
    lex = load_lexicon()
    return {
        "vice_chair": rx(lex["roles"]["vice_chair"]),
        "chair": rx(lex["roles"]["chair"]),
        "tail": rx(lex["role_tail"]),
        "tag": rx(lex["tag_link"]),
        "copula_before": rx(lex["copula_before"]),
        "copula_after": rx(lex["copula_after"]),
        "handover": rx(lex["handover"]),
        "receive_handover": rx(lex["receive_handover"]),
        "from_giver": rx(lex["from_giver"]),
        "giver_year": rx(lex["giver_year"]),
        "receive": rx(lex["receive"]),
        "passive_by": rx(lex["passive_by"]),
        "on_behalf_of": rx(lex["on_behalf_of"]),
        "speaker_post": rx(lex["speaker_post"]),
        "passive_verb": rx(lex["passive_verb"]),
    }


def _giver_year(doc: Document, pos: int, role: str) -> int | None:
    """The year written on a hand-over's giver: "… từ B - Cụm trưởng năm N" -> N (same role only)."""
    p = _patterns()
    lead = p["giver_year"].match(doc.folded, pos, pos + 30)
    word = p[role].match(doc.folded, lead.end()) if lead else None
    if not word:
        return None
    tail = p["tail"].match(doc.folded, word.end())
    at = tail.end() if tail else word.end()
    year = YEAR.match(doc.folded, at + len(doc.folded[at:at + 10]) - len(doc.folded[at:at + 10].lstrip()))
    return int(year.group(1)) if year else None


def _clause_bloc(doc: Document, start: int, pos: int):
    """The bloc named earlier in the same clause ("Khối 5 (…) do A làm khối trưởng; Cụm 2 do …")."""
    clause_start = max(start, doc.folded.rfind(";", start, pos) + 1)
    named = doc.blocs_from(clause_start, pos) or doc.blocs_from(start, pos)
    return named[-1] if named else None


def _role_words(seg: str) -> list[tuple[int, int, str]]:
    p = _patterns()
    found: list[tuple[int, int, str]] = []
    for role in ("vice_chair", "chair"):
        for m in p[role].finditer(seg):
            if any(s < m.end() and m.start() < e for s, e, _ in found):
                continue
            found.append((m.start(), m.end(), role))
    return sorted(found)


def _respectively(doc: Document, sent, seg: str, agencies: list, words: list) -> dict:
    """ "A và B lần lượt làm Khối trưởng và Khối phó": the i-th holder takes the i-th role word
    (only where the counts agree)."""
    m = _RESPECTIVELY.search(seg)
    if not m:
        return {}
    last = [j for j, a in enumerate(agencies) if a.end <= sent.start + m.start()]
    if not last:
        return {}
    holders = lists.backwards(doc.text, doc.folded, agencies, last[-1])
    stop = re.search(r"[;.]", seg[m.end():])
    end = m.end() + (stop.start() if stop else len(seg))
    roles = [w for w in words if m.end() <= w[0] < end]
    if len(roles) != len(holders) or len(roles) < 2:
        return {}
    return {w[0]: h for w, h in zip(roles, holders, strict=True)}


def extract(doc: Document) -> list[dict]:
    p = _patterns()
    best: dict[tuple, tuple[int, dict]] = {}
    for sent in doc.sentences:
        if sent.caption:
            continue
        seg = doc.folded[sent.start:sent.end]
        agencies = [a for a in doc.in_sentence(sent) if a.kind not in NOT_HOLDERS]
        words = _role_words(seg)
        paired = _respectively(doc, sent, seg, agencies, words)
        for rs, re_, role in words:
            r_start, r_end = sent.start + rs, sent.start + re_
            tail = p["tail"].match(doc.folded, r_end)
            phrase_end = tail.end() if tail else r_end
            ahead = doc.folded[phrase_end:phrase_end + 40]
            year_in = YEAR.match(doc.folded, phrase_end + len(ahead) - len(ahead.lstrip()))
            bloc = next(iter(doc.blocs_from(r_end, phrase_end + 2)), None) or _clause_bloc(
                doc, sent.start, r_start) or doc.bloc
            if bloc is None:
                continue
            holder, shape = None, None
            after_from = year_in.end() if year_in else phrase_end
            after = [a for a in agencies if a.start >= after_from]
            gap_after = doc.folded[after_from:after[0].start] if after else ""
            lead = doc.folded[max(sent.start, r_start - 30):r_start]
            banner = _BANNER.search(lead) and doc.text[r_start - len(lead) + _BANNER.search(lead).start():][:2].lower() == "cờ"
            if after and banner and _TO.match(gap_after):
                holder, shape = after[0], "banner"  # "trao cờ Trưởng khối (năm N) cho A": A's seat
            elif after and p["on_behalf_of"].search(lead) and p["speaker_post"].match(
                    doc.folded[phrase_end:after[0].start]):
                holder, shape = after[0], "predicate"  # "Thay mặt đơn vị Khối trưởng, ông X, Giám đốc Sở A"
            elif after and p["passive_by"].match(gap_after) and p["passive_verb"].match(doc.folded[after[0].end:after[0].end + 80]):
                holder, shape = after[0], "predicate"  # "Khối trưởng năm N do A đảm nhận"
            elif after and (p["copula_after"].match(gap_after)
                            or (_AS_ROLE.search(lead) and _COMMA.match(gap_after))):
                # "R (năm N) là A", "với vai trò R năm N, A …"
                holder, shape = after[0], "predicate"
            elif after and p["receive_handover"].search(lead) and p["from_giver"].match(gap_after):
                giver_year = _giver_year(doc, after[0].end, role)
                if giver_year is not None:  # "A nhận bàn giao nhiệm vụ R từ B - R năm N"
                    holder, shape = after[0], "giver"
            if rs in paired:
                holder, shape = paired[rs], "copula"  # "A và B lần lượt làm Khối trưởng và Khối phó"
            before = [a for a in agencies if a.end <= r_start]
            if before and holder is None:
                prev = before[-1]
                between = doc.folded[prev.end:r_start]
                if p["tag"].match(between):
                    holder, shape = prev, "tag"
                elif p["copula_before"].match(between):
                    holder, shape = prev, "copula"
                elif len(between) < 40 and p["handover"].search(between) and "nhân" not in between:
                    holder, shape = prev, "handover"
                elif year_in and p["receive"].match(between):
                    holder, shape = prev, "handover"
            if holder is None or (holder.kind in _COPULAS_ONLY and shape not in ("copula", "predicate", "giver")):
                continue
            holders = [holder]
            if shape == "predicate":  # "hai đơn vị Khối phó là A và B"
                listed = lists.items(doc.text, doc.folded, holder.start, sent.end)
                holders = [a for a in listed if a.kind not in NOT_HOLDERS] or holders
            if shape == "giver":
                year, inferred = giver_year, False
            elif year_in:
                year, inferred = int(year_in.group(1)), False
            elif shape == "banner":  # handed over at a year-end review: next year's chair
                year, inferred = doc.period, True
                if year is not None and doc.event_kind == "tong_ket":
                    year += 1
            elif shape in ("copula", "predicate") or (shape == "tag" and _ELECTION.search(seg)):
                years = doc.years(sent.start, sent.end)
                # a year after the role word counts within its clause: not past ";" nor ", năm N," that opens another
                cut = _NEXT_CLAUSE.search(doc.folded, r_end, sent.end)
                clause_end = cut.start() if cut else sent.end
                after_years = [y for off, y in years if r_start <= off < clause_end]
                before_years = [y for off, y in years if off < r_start]
                pick = after_years[:1] or before_years[-1:]
                if pick:
                    year, inferred = pick[0], False
                elif doc.period is not None and (_NEXT_YEAR.search(seg) or (
                        _ELECTION.search(seg) and doc.event_kind == "tong_ket")):
                    year, inferred = doc.period + 1, True  # elected at a year-end review: next year's
                else:
                    year, inferred = doc.period, True
            else:
                year, inferred = doc.period, True
            if year is None:
                continue
            for holder in holders:
                fact = {
                    "type": "role", "bloc": bloc.name, "year": year, "role": role, "agency": holder.name,
                    "evidence": doc.evidence(sent), "confidence": 0.7 if inferred else 0.9,
                    "province": holder.province or doc.province,
                }
                if bloc.label:
                    fact["bloc_label"] = bloc.label
                key = (bloc.key, year, re.sub(r"\W+", "", holder.key), holder.province)
                prio = _PRIORITY[shape]
                if key in best:  # one seat stated twice: the strongest shape, the surest year
                    fact["confidence"] = max(fact["confidence"], best[key][1]["confidence"])
                if key not in best or best[key][0] < prio:
                    best[key] = (prio, fact)
                else:
                    best[key][1]["confidence"] = fact["confidence"]
    return [f for _, f in best.values()]
