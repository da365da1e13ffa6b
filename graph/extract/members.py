"""Membership facts: the lists that follow "gồm", "bao gồm", "các đơn vị trong khối:" in a
sentence about a bloc. A role holder is a member too, but that is the graph's inference:
the extractor reports what the text lists.
"""

from __future__ import annotations

import re
from functools import lru_cache

from graph.extract import lists
from graph.extract.document import Document
from graph.extract.fast import fold, key
from graph.extract.lexicon import load as load_lexicon
from graph.extract.lexicon import rx
from graph.gazetteer import capitalised_words

_AWARD = re.compile(r"(?<!\w)(?:cờ|bằng khen|giấy khen)(?!\w)", re.I)
_FACTORED_SO = rx(r"(?:các|[0-9]+)\s+sở(?!\w)")
_KINDS = ("thành phố", "thị xã", "huyện", "quận")
_ITEM_SEP = re.compile(r"\s*(?:,\s*(?:và\s+)?|\s+và\s+)")
_NAME_ENDS = frozenset(",;.:) \t\n")
_OWN_KIND = re.compile(r"(?:thành phố|thị xã|huyện|quận)\s+", re.I)


@lru_cache(maxsize=1)
def _locality_list():
    return rx(load_lexicon()["locality_list"])


def _districts(doc: Document, start: int, end: int) -> list[str]:
    """ "gồm 05 huyện: A, B và C" / "gồm các huyện, thành phố: A, B và thị xã C": each district's
    People's Committee. With several kinds in the head, a bare name takes the kind the article
    writes it with elsewhere ("thành phố A"); one it never writes so is left out (not guessed)."""
    m = _locality_list().match(doc.folded, start, end)
    if not m:
        return []
    kinds = [k for k in _KINDS if fold(k) in m.group(1)]
    body = load_lexicon()["localities"]["body"]
    names, pos = [], m.end()
    while pos < end:
        own = _OWN_KIND.match(doc.text, pos)
        stop = capitalised_words(doc.text, own.end() if own else pos, most=4)
        if stop == (own.end() if own else pos) or (stop < end and doc.text[stop] not in _NAME_ENDS):
            break  # no name, or one the name grammar cannot read to its end ("M'Đrắk"): not cut short
        place = " ".join(doc.text[own.end() if own else pos:stop].split())
        if own:
            kind = own.group(0).strip().lower()
        else:
            seen = [k for k in kinds if fold(f"{k} {place}") in doc.folded]
            kind = kinds[0] if len(kinds) == 1 else (seen[0] if len(seen) == 1 else None)
        if kind:
            names.append(f"{body} {kind} {place}")
        sep = _ITEM_SEP.match(doc.text, stop, end)
        if not sep:
            break
        pos = sep.end()
    return names if len(names) >= 2 else []


@lru_cache(maxsize=1)
def _opener():
    return rx(load_lexicon()["member_list"])


def extract(doc: Document) -> list[dict]:
    out: dict[tuple, dict] = {}
    for sent in doc.sentences:
        seg = doc.folded[sent.start:sent.end]
        for m in _opener().finditer(seg):
            if _AWARD.search(doc.text, sent.start, sent.start + m.start()):
                continue  # "tặng Cờ thi đua cho … gồm: A, B": recipients, not a membership
            named = doc.blocs_from(sent.start, sent.start + m.start())
            bloc = named[-1] if named else None
            if bloc is None:
                if not any(w in seg[:m.end()] for w in ("khôi", "cum", "thanh viên")) or doc.bloc is None:
                    continue
                bloc = doc.bloc
            hint = "Sở" if _FACTORED_SO.search(seg[:m.end()]) else None
            start = sent.start + m.end()
            found = [(n, None) for n in _districts(doc, sent.start + m.start(), sent.end)]
            if not found:
                found = [(a.name, a.province) for a in lists.items(doc.text, doc.folded, start, sent.end, hint)]
            for name, province in found:
                k = (bloc.key, key(name), province)  # "Sở TN&MT các tỉnh A, B": one member per province
                out.setdefault(k, {
                    "type": "member", "bloc": bloc.name, "agency": name, "year": doc.period,
                    "evidence": doc.evidence(sent), "confidence": 0.85,
                    "province": province or doc.province,
                })
    return list(out.values())
