"""Membership facts: the lists that follow "gồm", "bao gồm", "các đơn vị trong khối:" in a
sentence about a bloc. A role holder is a member too, but that is the graph's inference:
the extractor reports what the text lists.
"""

from __future__ import annotations

import re
from functools import lru_cache

from graph.extract import lists
from graph.extract.document import Document
from graph.extract.fast import key
from graph.extract.lexicon import load as load_lexicon
from graph.extract.lexicon import rx

_AWARD = re.compile(r"(?<!\w)(?:cờ|bằng khen|giấy khen)(?!\w)", re.I)
_FACTORED_SO = rx(r"(?:các|[0-9]+)\s+sở(?!\w)")


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
            for a in lists.items(doc.text, doc.folded, start, sent.end, hint):
                k = (bloc.key, key(a.name), a.province)  # "Sở TN&MT các tỉnh A, B": one member per province
                out.setdefault(k, {
                    "type": "member", "bloc": bloc.name, "agency": a.name, "year": doc.period,
                    "evidence": doc.evidence(sent), "confidence": 0.85,
                    "province": a.province or doc.province,
                })
    return list(out.values())
