"""Agency mentions: gazetteer names, the generic name grammar, compounds and factored lists.

The gazetteer knows the standard bodies in all their written forms; units it cannot know
("Ban Quản lý dự án …", "Trung tâm Lưu trữ lịch sử", "Trại giam Xuyên Mộc") are read by a
small grammar: a capitalised head word, then name words up to a verb, a preposition,
punctuation or the next agency. "Thanh tra" + a department is that department's
inspectorate; "Ủy ban MTTQ Việt Nam các huyện: A, B" is one body per district.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, replace
from functools import lru_cache

from graph.extract.fast import fold
from graph.extract.lexicon import load as load_lexicon
from graph.gazetteer import Match, capitalised_words
from graph.gazetteer import load as load_gazetteer

_WORD = re.compile(r"[\w&/.\-–]+", re.UNICODE)
_PLACE_LIST = re.compile(r"(?:[ \t]+|[ \t]*\n[ \t]*)các(?:[ \t]+|[ \t]*\n[ \t]*)(?P<kind>tỉnh|huyện|quận|thị xã|thành phố|xã|phường)[ \t]*:?")


# a division written before its department: "Phòng Kế hoạch, Sở Y tế", "Phòng Tổng hợp - Sở Nội vụ"
_DIVISION = re.compile(r"Phòng(?!\w)")
_OF_PARENT = re.compile(r"[ \t]*(?:,|[-–—]|thuộc)[ \t]*")
_PARENTS = {"so", "vertical", "inspectorate", "office"}
_HARD_STOPS = {"khối", "cụm", "năm", "trưởng", "phó", "là", "và"}
# heads whose next word may be lower case ("Ban quản lý dự án …", "Công ty cổ phần …")
_LOWER_OK = {"ban quan ly", "ban qlda", "bql", "ban ql", "công ty", "tông công ty", "ngân hang", "chi nhanh", "công đoan"}


@dataclass(frozen=True)
class Agency:
    start: int
    end: int
    name: str               # full official name (abbreviations expanded)
    kind: str               # gazetteer kind, or "generic"
    entry_id: str | None = None
    province: str | None = None
    bare: bool = False      # written after a factored head ("các Sở: Tài chính, …")

    @property
    def key(self) -> str:
        return fold(self.name)


class _Grammar:
    def __init__(self) -> None:
        lex = load_lexicon()
        self.heads = sorted(lex["agency_heads"], key=len, reverse=True)
        self.head_rx = re.compile(
            r"(?<!\w)(?:" + "|".join(re.escape(h) for h in self.heads) + r")(?!\w)", re.I)
        self.head_fold = {fold(h): h for h in self.heads}
        self.not_heads = [fold(h) for h in lex["not_heads"]]
        self.stops = sorted({w.lower() for w in lex["name_stops"]}, key=len, reverse=True)
        self.keeps = sorted({w.lower() for w in lex["name_keeps"]}, key=len, reverse=True)
        self.strip = {fold(w) for w in lex["strip_prefixes"]}
        self.compounds = {fold(w): w for w in lex["compound_prefixes"]}
        abbrevs = lex["abbreviations"]
        self.abbrev_rx = re.compile(
            r"(?<![\wÀ-ỹ&])(?:" + "|".join(re.escape(a) for a in sorted(abbrevs, key=len, reverse=True))
            + r")(?![\wÀ-ỹ&])")
        self.abbrevs = abbrevs


@lru_cache(maxsize=1)
def grammar() -> _Grammar:
    return _Grammar()


def expand(name: str) -> str:
    g = grammar()
    name = g.abbrev_rx.sub(lambda m: g.abbrevs[m.group(0)], name)
    name = re.sub(r"\s*[–—-]\s*", " - ", name)
    return " ".join(name.split())


def _from_match(m: Match, bare_head: str | None = None) -> Agency:
    name = m.name
    if m.form == "bare" and bare_head and not name.startswith(bare_head):
        name = f"{bare_head} {name}"
    kind = m.entry.kind
    if m.entry.local and m.locality and m.locality != "tỉnh":
        kind = "local"  # a district body ("Ủy ban nhân dân huyện X") sits in district clusters
    return Agency(m.start, m.end, name, kind, m.entry.id, m.province, m.form == "bare")


def _accept(m: Match, text: str) -> bool:
    """Short lower-case hits are common words ("công an", "thanh tra"), not names."""
    if text[m.start].isupper():
        return True
    raw = " ".join(fold(m.raw).split())
    return raw.startswith(("sơ ", "ban ", "văn phòng ", "đai ", "bao hiêm ")) and len(raw.split()) >= 2


def _phrase_at(text: str, pos: int, phrases: list[str]) -> str | None:
    """The phrase (lower case, longest first) written at `pos`, ending on a word boundary."""
    low = text[pos:pos + 40].lower()
    for p in phrases:
        if low.startswith(p) and not low[len(p):len(p) + 1].isalnum():
            return p
    return None


def _upper(word: str) -> bool:
    return word[:1].isupper() or word[:1].isdigit()


def _generic(text: str, start: int, head: str, hits: list[Agency]) -> Agency | None:
    """Read a name that starts with a head word at `start`; None where it is no agency."""
    g = grammar()
    folded = fold(text[start:start + 40])
    if any(folded.startswith(n) and not folded[len(n):len(n) + 1].isalpha() for n in g.not_heads):
        return None
    pos = start + len(head)
    end = pos
    words = 0
    province = None
    hit_starts = {a.start: a for a in hits}
    while words < 14:
        m = _WORD.search(text, pos)
        if not m:
            break
        gap = text[pos:m.start()]
        if gap.strip() or "\n\n" in gap:
            break
        word = m.group(0).rstrip(".")
        if not word:
            break
        if m.start() in hit_starts:
            break
        inside = [h for h in hit_starts if m.start() < h < m.end()]
        if inside:  # "Cục 10-Bộ Công an": the word runs into another agency's name
            cut = text[m.start():inside[0]].rstrip("-–— ")
            if cut:
                end = m.start() + len(cut)
                words += 1
            break
        if words == 0 and not (_upper(word) or fold(head) in _LOWER_OK):
            return None
        if words and g.head_rx.match(text, m.start()) and _upper(word):
            break
        stop = _phrase_at(text, m.start(), g.stops)
        if stop and word[:1].isupper() and not (len(word) > 1 and word.isupper()) and stop not in _HARD_STOPS:
            stop = None  # "Ban Tổ chức", "Trường Đại học": a capital keeps the name going
        if stop:
            if stop == "tỉnh":
                if re.match(r"tỉnh\s+(?:ủy|uỷ|đoàn)", text[m.start():m.start() + 12], re.I):
                    end = m.start() + len(word)
                    words += 1
                    pos = end
                    continue
                end = m.start() + len(word)
                after = re.match(r"(?:[ \t]+|[ \t]*\n[ \t]*)", text[end:end + 20])
                if after:
                    prov = load_gazetteer()._province_at(text, end + after.end(), written=True)
                    if prov:
                        province, end = prov[1].name, prov[0]
                break
            if stop == "và":
                nxt = _WORD.search(text, m.end())
                if not nxt or text[m.end():nxt.start()].strip():
                    break
                if (nxt.group(0)[:1].isupper() and not g.head_rx.match(text, nxt.start())
                        and nxt.start() not in hit_starts and not _phrase_at(text, nxt.start(), g.stops)) \
                        or _phrase_at(text, nxt.start(), g.keeps):
                    pos = m.end()
                    continue
                break
            if not _phrase_at(text, m.start(), g.keeps):
                break
        end = m.start() + len(word)
        words += 1
        pos = end
        if m.group(0).endswith("."):
            break
    if words == 0:
        return None
    raw = text[start:end]
    name = expand(raw)
    name = re.sub(r"\s+tỉnh$", "", name)
    canonical_head = expand(g.head_fold.get(fold(head), head))
    name = canonical_head + name[len(expand(head)):] if name.lower().startswith(expand(head).lower()) else name
    if fold(name) in g.strip:
        return None
    return Agency(start, end, name, "generic", None, province)


def _places(text: str, a: Agency, entry_local: bool, base: str | None) -> list[Agency]:
    """ "Sở TN&MT các tỉnh A, B" / "Ủy ban MTTQ Việt Nam các huyện: A, B" -> one agency per place."""
    m = _PLACE_LIST.match(text, a.end)
    if not m:
        return [a]
    out = []
    kind = m.group("kind")
    pos = m.end()
    while True:
        e = capitalised_words(text, pos)
        if e == pos:
            break
        s = pos + (len(text[pos:e]) - len(text[pos:e].lstrip()))
        place = text[s:e]
        first = place.split()[0]
        if (first.isupper() and len(first) > 1) or grammar().head_rx.match(place):
            break  # the next agency of the list ("… Nam Đàn và UBND thị xã Cửa Lò")
        sep = re.match(r"[ \t]*\n?[ \t]*(?:,|và(?=\s))", text[e:e + 20])
        pos = e + sep.end() if sep else e
        if kind == "tỉnh":
            out.append(replace(a, start=s if out else a.start, end=e, province=place))
        elif entry_local and base:
            out.append(replace(a, start=s if out else a.start, end=e, name=f"{base} {kind} {place}", kind="local"))
        if not sep:
            break
    return out or [a]


def find(text: str, start: int = 0, end: int | None = None, bare_head: str | None = None) -> list[Agency]:
    """Agencies written in text[start:end], in order, without overlaps; offsets index `text`.

    `bare_head` ("Sở", "Thanh tra Sở") reads the names of a factored list ("các Sở: Tài chính, …").
    """
    end = len(text) if end is None else end
    gaz = load_gazetteer()
    g = grammar()
    region = text[start:end]
    matches = [m for m in gaz.find_all(region, bare=bare_head is not None)]
    hits: list[Agency] = []
    for m in matches:
        m = replace(m, start=m.start + start, end=m.end + start)
        if m.form == "full" and not _accept(m, text):
            continue
        hits.append(_from_match(m, bare_head))
    # compounds: "Thanh tra Sở Tài chính", "Văn phòng Sở Nội vụ"
    joined: list[Agency] = []
    for a in hits:
        prev = joined[-1] if joined else None
        if (prev and fold(text[prev.start:prev.end]) in g.compounds and not text[prev.end:a.start].strip()
                and "\n\n" not in text[prev.end:a.start] and a.kind in ("so", "vertical", "party", "office")):
            joined[-1] = Agency(prev.start, a.end, f"{g.compounds[fold(text[prev.start:prev.end])]} {a.name}",
                                "generic", None, a.province)
        else:
            joined.append(a)
    hits = joined
    out: list[Agency] = []
    hit_starts = [a.start for a in hits]  # hits are sorted and do not overlap
    for hm in g.head_rx.finditer(text, start, end):
        head = hm.group(0)
        if not head[:1].isupper():
            continue
        i = bisect_right(hit_starts, hm.start()) - 1
        if i >= 0 and hits[i].start <= hm.start() < hits[i].end:
            continue
        if fold(head) in g.compounds:
            nxt = re.match(r"(?:[ \t]+|[ \t]*\n[ \t]*)", text[hm.end():hm.end() + 20])
            after = hm.end() + (nxt.end() if nxt else 0)
            for i, a in enumerate(hits):
                if a.start == after and nxt and a.kind in ("so", "vertical", "party", "inspectorate", "office"):
                    hits[i] = Agency(hm.start(), a.end, f"{g.compounds[fold(head)]} {a.name}", "generic",
                                     None, a.province)
                    break
            else:
                gen = _generic(text, hm.start(), head, hits)
                if gen and gen.end <= end:
                    out.append(gen)
            continue
        gen = _generic(text, hm.start(), head, hits)
        if gen and gen.end <= end:
            out.append(gen)
    entries = gaz.entries
    merged: list[Agency] = []
    for a in sorted(hits + out, key=lambda a: (a.start, -(a.end - a.start))):
        if merged and a.start < merged[-1].end:
            continue
        prev = merged[-1] if merged else None
        raw = text[a.start:a.end]
        if (prev is not None and prev.kind == "generic" and text[prev.end:a.start] == " "
                and raw.isupper() and len(raw) <= 6):
            # "Hải đoàn 18 BĐBP": an abbreviation closing a unit's name, not a second agency
            merged[-1] = replace(prev, end=a.end, name=f"{prev.name} {expand(raw)}")
            continue
        if (prev is not None and prev.kind == "generic" and _DIVISION.match(text, prev.start)
                and _OF_PARENT.fullmatch(text, prev.end, a.start) and a.kind in _PARENTS):
            # "Phòng Tổ chức cán bộ, Sở Tư pháp": a department's division, one unit
            merged[-1] = replace(prev, end=a.end, name=f"{prev.name} {a.name}", province=a.province)
            continue
        entry = entries.get(a.entry_id) if a.entry_id else None
        merged.extend(_places(text, a, bool(entry and entry.local), entry.base if entry else None))
    return merged


@lru_cache(maxsize=1)
def _locality_rx() -> tuple[re.Pattern[str], str]:
    lex = load_lexicon()["localities"]
    kinds = "|".join(re.escape(k) for k in sorted(lex["kinds"], key=len, reverse=True))
    return re.compile(r"(?<!\w)(?:" + kinds + r")(?=[ \t]+[A-ZĐÂĂÊÔƠƯÁÀẢÃẠÉÈÍÌÓÒÚÙÝ])"), lex["body"]


def _localities(text: str, found: list[Agency]) -> list[Agency]:
    """A district written bare ("huyện Tiên Yên", "thị xã Quảng Yên") outside any agency's name:
    kind "locality", named for its People's Committee: awards to a district go to that body, and
    a seat where a copula gives it ("Thành phố X được bầu làm Cụm trưởng"), never by a mere tag."""
    pattern, body = _locality_rx()
    starts = [a.start for a in found]
    out = []
    for m in pattern.finditer(text):
        end = capitalised_words(text, m.end())
        if end == m.end():
            continue
        i = bisect_right(starts, m.start()) - 1
        if i >= 0 and found[i].end > m.start():
            continue  # inside a name ("Trung tâm Văn hóa huyện Tiên Yên", "UBND huyện Hải Hà")
        j = i + 1
        if j < len(found) and found[j].start < end:
            continue
        place = " ".join(text[m.end():end].split())
        out.append(Agency(m.start(), end, f"{body} {m.group(0).lower()} {place}", "locality"))
    return sorted(found + out, key=lambda a: a.start) if out else found


@lru_cache(maxsize=8)
def find_cached(text: str) -> list[Agency]:
    """find(text) over a whole article (with bare districts), kept for the calls that read it again."""
    return _localities(text, find(text))
