"""Bloc mentions: "Khối thi đua Kinh tế – Kỹ thuật", "Khối 5", "Cụm II – …", "Cụm thi đua số 2".

Not blocs: "Đảng ủy Khối …" (an organisation), "Khối trưởng" (a role), "khối phố" (a
residential block), a lower-case "khối Văn phòng" (part of an agency). Numbered blocs are
written "<Khối|Cụm> thi đua số <n>" whatever the article's form, so one bloc has one name;
the theme, where written, is kept as its label.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace
from functools import lru_cache

from graph.extract.agencies import expand
from graph.extract.fast import fold, key
from graph.extract.lexicon import load as load_lexicon

ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9, "x": 10,
         "xi": 11, "xii": 12, "xiii": 13, "xiv": 14, "xv": 15, "xvi": 16, "xvii": 17, "xviii": 18,
         "xix": 19, "xx": 20}
_HEAD = re.compile(r"(?<!\w)(khối|cụm)(?!\w)", re.I)
_NUM = re.compile(r"(?:[ \t]+thi[ \t]+đua)?(?:[ \t]+sô)?[ \t]+([0-9]{1,2}|[ivx]{1,5})(?!\w)")
_THEME_WORD = re.compile(r"([ \t]*\n?[ \t]*)([-–—][ \t]*\n?[ \t]*)?(\w+)")  # a wrapped line goes on
_DASH = re.compile(r"[ \t]*[-–—][ \t]*")


@dataclass(frozen=True)
class Bloc:
    start: int
    end: int
    name: str            # "Khối thi đua số 5", "Khối thi đua Kinh tế - Kỹ thuật"
    label: str | None    # the theme written beside a number
    numbered: bool

    @property
    def key(self) -> str:
        """Mentions with and without a trailing "tỉnh" are one bloc."""
        return _bloc_key(self.name)


@lru_cache(maxsize=4096)
def _bloc_key(name: str) -> str:
    return re.sub(r" tinh$", "", key(name))


@lru_cache(maxsize=1)
def _lex() -> dict:
    b = load_lexicon()["blocs"]
    return {
        "not_before": [re.compile(fold(p)) for p in b["not_before"]],
        "not_after": [re.compile(fold(p)) for p in b["not_after"]],
        "themes": sorted((fold(t) for t in b["themes"]), key=len, reverse=True),
        "stops": re.compile("(?:" + "|".join(re.escape(w) for w in sorted((s.lower() for s in b["stops"]),
                                                                            key=len, reverse=True)) + r")(?!\w)"),
        "comma_keeps": {fold(w) for w in b["comma_keeps"]},
    }


def _theme(text: str, pos: int, limit: int) -> int:
    """End of a bloc theme written from `pos` (words up to a verb, 'năm', punctuation)."""
    lex = _lex()
    end = pos
    words = 0
    i = pos
    after_comma = False
    while words < 12 and i < limit:
        m = _THEME_WORD.match(text, i, limit)
        if not m:
            c = re.match(r",[ \t]*\n?[ \t]*(\w+)", text[i:limit])
            rest = fold(text[i:limit][c.start(1):c.start(1) + 20]) if c else ""
            if c and words and any(rest.startswith(k) and not rest[len(k):len(k) + 1].isalpha()
                                   for k in lex["comma_keeps"]):
                i += c.start(1)
                after_comma = True
                continue
            break
        if not m.group(1) and words and not m.group(2) and not after_comma:
            break
        after_comma = False
        word = m.group(3)
        wstart = m.start(3)
        low = text[wstart:wstart + 30].lower()
        nxt = re.sub(r"^cac ", "", fold(low[3:].lstrip()))
        if low.startswith("và ") and words and any(nxt.startswith(k) for k in lex["comma_keeps"]):
            i = wstart + len(word)
            continue
        if lex["stops"].match(low):
            if not (word[:1].isupper() and not (len(word) > 1 and word.isupper())
                    and fold(word) not in ("nam", "năm")):
                break
        if word.isdigit() and words == 0:
            break
        i = wstart + len(word)
        end = i
        words += 1
    return end


def _clean_theme(theme: str) -> str:
    theme = _DASH.sub(" - ", theme.strip(" -–—"))
    theme = re.sub(r"\s+tỉnh(?:\s+\S.*)?$", " tỉnh", theme)
    theme = re.sub(r"^tỉnh(?:\s+\S.*)?$", "", theme)
    return " ".join(theme.split())


def find(text: str) -> list[Bloc]:
    lex = _lex()
    folded = fold(text)
    out: list[Bloc] = []
    for m in _HEAD.finditer(text):
        s = m.start()
        before = folded[max(0, s - 12):s]
        if any(p.search(before) for p in lex["not_before"]):
            continue
        after = folded[m.end():m.end() + 20]
        if any(p.search(after) for p in lex["not_after"]):
            continue
        head = "Khối" if fold(m.group(1)) == "khôi" else "Cụm"
        para_end = text.find("\n\n", m.end(), m.end() + 300)
        limit = min(m.end() + 300 if para_end < 0 else para_end, len(text))  # no bloc name is longer
        pos = m.end()
        has_td = re.match(r"[ \t]+thi[ \t]+đua(?!\w)", folded[pos:limit])
        num = _NUM.match(folded, pos, limit)
        number = None
        if num:
            raw = num.group(1)
            number = int(raw) if raw.isdigit() else ROMAN.get(raw.lower())
            pos = num.end()
        elif has_td:
            pos += has_td.end()
            inner = re.match(r"[ \t]+(?:khôi|cum)[ \t]+(?:sô[ \t]+)?([0-9]{1,2}|[ivx]{1,5})(?!\w)", folded[pos:limit])
            if inner:
                raw = inner.group(1)
                number = int(raw) if raw.isdigit() else ROMAN.get(raw.lower())
                pos += inner.end()
        theme_end = _theme(text, pos, limit)
        theme = _clean_theme(expand(text[pos:theme_end]))
        if number is None:
            paren = re.match(r"[^()\n]{0,30}?\((?:khối|cụm)[ \t]+(?:thi[ \t]+đua[ \t]+)?(?:số[ \t]+)?([0-9]{1,2}|[IVX]{1,5})\)",
                             text[theme_end:limit], re.I)
            if paren:
                raw = paren.group(1)
                number = int(raw) if raw.isdigit() else ROMAN.get(raw.lower())
        if number is not None and not has_td and not (num and "thi" in num.group(0)) and not m.group(1)[:1].isupper():
            continue  # "khối 3, phường …", "Trưởng khối 3": a residential block; blocs write "Khối 3"
        if number is not None:
            out.append(Bloc(s, theme_end if theme else (num.end() if num else pos), f"{head} thi đua số {number}",
                            theme or None, True))
            continue
        if not theme:
            continue
        ftheme = fold(theme)
        themed = any(ftheme.startswith(t) for t in lex["themes"])
        if not themed and not (has_td and theme[:1].isupper()):
            continue
        if not has_td and not m.group(1)[:1].isupper():
            continue
        out.append(Bloc(s, theme_end, f"{head} thi đua {theme}", None, False))
    return _one_name(out)


def _one_name(blocs: list[Bloc]) -> list[Bloc]:
    """One bloc, one name: where the article also writes a bloc without its trailing "tỉnh
    <Province>" ("Khối thi đua Kinh tế - Kỹ thuật" in the title, "… tỉnh Bắc Kạn" in the lead),
    every mention takes the short form."""
    short = {b.key for b in blocs if not b.name.endswith(" tỉnh")}
    return [replace(b, name=b.name[:-len(" tỉnh")]) if b.name.endswith(" tỉnh") and b.key in short else b
            for b in blocs]


def document_bloc(blocs: list[Bloc], title_end: int) -> Bloc | None:
    """The bloc an article is about: the most mentioned, the title's first, then the earliest."""
    if not blocs:
        return None
    counts = Counter(b.key for b in blocs)
    in_title = {b.key for b in blocs if b.start < title_end}
    first = {}
    for b in blocs:
        first.setdefault(b.key, b)
    best = max(first.values(), key=lambda b: (counts[b.key] + (1 if b.key in in_title else 0), -b.start))
    same = [b for b in blocs if b.key == best.key]
    # display the form written in ordinary case (a headline may be ALL CAPS)
    same.sort(key=lambda b: (_shouting(b), b.start))
    return same[0]


def _shouting(b: Bloc) -> bool:
    letters = [c for c in b.name[len("Khối thi đua"):] if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)
