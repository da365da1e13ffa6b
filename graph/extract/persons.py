"""People with their post and agency: "Ông A – Giám đốc Sở X", "Đồng chí A, TUV, Phó Chủ tịch
UBND tỉnh", "Giám đốc Sở X - A". A name needs a post beside it (bylines and captions with a
bare name are not people facts) and starts with a known family name or follows ông/bà/đồng chí.
"""

from __future__ import annotations

import re
from functools import lru_cache

from graph.extract.document import Document
from graph.extract.fast import key
from graph.extract.lexicon import load as load_lexicon

_NAME_WORD = r"[A-ZĐÂĂÊÔƠƯÁÀẢÃẠẤẦẨẪẬẮẰẲẴẶÉÈẺẼẸẾỀỂỄỆÍÌỈĨỊÓÒỎÕỌỐỒỔỖỘỚỜỞỠỢÚÙỦŨỤỨỪỬỮỰÝỲỶỸỴ][\w']*"
_GAP = r"(?:[ \t]+|[ \t]*\n[ \t]*)"   # a name may break across a line
_SEP = r"[ \t]*\n?[ \t]*[,–—\-:(][ \t]*\n?[ \t]*"


class _Joined:
    """A name and a post found apart, with the match interface the loop reads."""

    def __init__(self, name: str, title: str) -> None:
        self._groups = {"name": name, "title": title}

    def group(self, which: str) -> str:
        return self._groups[which]

    def groupdict(self) -> dict:
        return dict(self._groups)


@lru_cache(maxsize=1)
def _patterns() -> dict:
    lex = load_lexicon()["persons"]
    titles = _alternation(lex["titles"])
    ranks = _alternation(lex["ranks"])
    elected = _alternation(lex["elected_posts"])
    hon = "|".join(re.escape(h) for h in lex["honorifics"])
    name = rf"(?P<name>{_NAME_WORD}(?:{_GAP}{_NAME_WORD}){{1,4}})"
    title = rf"(?P<title>{titles})"
    return {
        "name_first": re.compile(
            rf"(?:(?P<hon>{hon})[ \t]+)?{name}{_SEP}(?:(?:{ranks}){_SEP})*{title}(?!\w)", re.I if False else 0),
        "title_first": re.compile(rf"(?<!\w){title}(?P<rest>[^\n,;–—()]{{2,80}}?)[ \t]+[–—\-][ \t]*{name}(?!\w)"),
        "title": re.compile(rf"(?<!\w){title}(?!\w)"),
        # "ông A được (cử tri) (tín nhiệm) bầu làm Trưởng khối phố", "bầu ông A làm …", "do đồng chí A làm Chủ nhiệm"
        "elected": re.compile(rf"(?:(?P<hon>{hon})[ \t]+){name}(?:[ \t]+[^.;,()]{{0,40}}?(?:bầu|tín nhiệm|được cử|giới thiệu|phân công))?[ \t]+"
                              rf"(?:làm|giữ chức)[ \t]+(?P<title>{elected})(?!\w)"),
        # "Đại diện Ban Thi đua - Khen thưởng tỉnh, ông A …": a person speaking for an agency, no post
        "on_behalf": re.compile(rf"(?:Đại diện|Thay mặt)[ \t]+(?P<body>[^,;.()]{{3,80}}?),[ \t]*(?P<hon>{hon})[ \t]+{name}(?!\w)"),
        "name_after": re.compile(rf"[ \t]*[,–—\-]?[ \t]*{name}(?!\w)"),
        "surnames": set(lex["surnames"]),
        "honorifics": set(lex["honorifics"]),
    }


def _alternation(words: list[str]) -> str:
    """Longest first; words after the first in either case ("Tổng giám đốc", "Trưởng Ban")."""
    def one(t: str) -> str:
        head, *rest = t.split()
        return r"\s+".join([re.escape(head)] + [f"[{w[0].upper()}{w[0].lower()}]{re.escape(w[1:])}" for w in rest])
    return "|".join(one(t) for t in sorted(words, key=len, reverse=True))


def _agency_after(doc: Document, pos: int, limit: int):
    for a in doc.agencies_from(pos - 12, min(limit, pos + 4)):
        if a.start >= pos and a.start - pos <= 3 and a.start < limit:
            return a
        if pos - 12 <= a.start < pos < a.end:  # "Trưởng ban Quản lý …": the post's last word opens the name
            return a
    return None


def extract(doc: Document) -> list[dict]:
    p = _patterns()
    out: dict[str, dict] = {}
    for sent in doc.sentences:
        text = doc.text[sent.start:sent.end]
        found = []
        for m in p["name_first"].finditer(text):
            found.append((m, m.end("title")))
        for m in p["title_first"].finditer(text):
            found.append((m, m.end("title")))
        for m in p["elected"].finditer(text):
            found.append((m, m.end("title")))
        for m in p["on_behalf"].finditer(text):
            found.append((m, m.end("name")))
        for t in p["title"].finditer(text):
            # "Giám đốc Sở Xây dựng Hoàng Văn Dũng": post, agency, then the name
            agency = _agency_after(doc, sent.start + t.end() + 1, sent.end)
            if agency and agency.start >= sent.start + t.end():
                nm = p["name_after"].match(doc.text, agency.end)
                if nm and nm.end() <= sent.end and nm.group("name").split()[0] in p["surnames"]:
                    found.append((_Joined(nm.group("name"), t.group("title")), t.end()))
        for m, title_end in found:
            name = " ".join(m.group("name").split())
            words = name.split()
            if words[0] in p["honorifics"] or words[-1] in ("Sở", "Ban", "Văn", "Phó"):
                continue
            if not (m.groupdict().get("hon") or words[0] in p["surnames"]):
                continue
            agency = _agency_after(doc, sent.start + title_end + 1, sent.end)
            title = m.groupdict().get("title")
            position = " ".join(title.split()) if title else None
            if title is None:  # "Đại diện <agency>, ông A": the agency he speaks for
                agency = next(iter(doc.agencies_from(sent.start + m.start("body"), sent.start + m.end("body"))), None)
            k = key(name)
            if k in out:
                continue
            out[k] = {
                "type": "person", "name": name, "position": position,
                "agency": agency.name if agency else None,
                "evidence": doc.evidence(sent), "confidence": 0.8, "province": doc.province,
            }
    return list(out.values())
