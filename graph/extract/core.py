"""extract_text: article text in, facts out (../shared/FACTS.md)."""

from __future__ import annotations

from graph.extract import awards, events, members, persons, roles
from graph.extract.document import build
from thidua.text import clean


def extract_text(text: str, *, doc: str, province: str | None = None, published: str | None = None) -> list[dict]:
    """The facts of one article; `text` is the title line + body, offsets index it as given.

    Text that is not already clean (NFD, look-alike letters) is cleaned first and the offsets
    then index clean(text); clean() is the identity on clean text (what the crawler stores).
    """
    if not text or not text.strip():
        return []
    text = clean(text)
    d = build(text, doc, province, published)
    role_facts = roles.extract(d)
    facts = role_facts + awards.extract(d) + members.extract(d) + events.extract(d) + persons.extract(d)
    for f in facts:
        f["doc"] = doc
    order = {"role": 0, "award": 1, "member": 2, "event": 3, "person": 4}
    facts.sort(key=lambda f: (order[f["type"]], f["evidence"]["start"], str(f.get("agency") or f.get("recipient")
                                                                             or f.get("name") or "")))
    return [{"doc": f.pop("doc"), "type": f.pop("type"), **f} for f in facts]
