"""extract_text: article text in, facts out (../shared/FACTS.md)."""

from __future__ import annotations

import re
import unicodedata

from graph.extract import awards, events, members, persons, roles
from graph.extract.document import build
from thidua.text import clean

_TAG = re.compile(r"</?[A-Za-z][^<>]{0,300}>")
# named entities listed, so that "KH&CN;" in a list stays an abbreviation
_ENTITY = re.compile(r"&(?:nbsp|amp|quot|apos|lt|gt|ndash|mdash|hellip|ldquo|rdquo|lsquo|rsquo|laquo|raquo"
                     r"|#[0-9]{1,6}|#x[0-9A-Fa-f]{1,5});")


def _blank_markup(text: str) -> str:
    """Stray HTML tags and entities (&nbsp;) as spaces of the same length: the recognisers read
    this view, offsets and evidence stay those of the text given."""
    if "<" not in text and "&" not in text:
        return text
    text = _TAG.sub(lambda m: " " * len(m.group(0)), text)
    return _ENTITY.sub(lambda m: ("&" if m.group(0) == "&amp;" else " ") + " " * (len(m.group(0)) - 1), text)


def _suspects() -> re.Pattern[str]:
    """Characters that clean() would change (derived from clean itself), and the one place
    tone marks move: an open oa/oe/uy syllable written with the mark on its second vowel."""
    changed = [chr(c) for c in range(0x80, 0x3100) if clean(chr(c)) != chr(c)] + ["\ufeff", "\r"]
    return re.compile("[" + re.escape("".join(changed)) + "]|[oOuU][àáảãạèéẻẽẹỳýỷỹỵÀÁẢÃẠÈÉẺẼẸỲÝỶỸỴ](?!\\w)")


_SUSPECT = _suspects()


def _clean(text: str) -> str:
    """clean(text), skipped where nothing in the text could change (the crawler stores clean text)."""
    if unicodedata.is_normalized("NFC", text) and not _SUSPECT.search(text):
        return text
    return clean(text)


def extract_text(text: str, *, doc: str, province: str | None = None, published: str | None = None) -> list[dict]:
    """The facts of one article; `text` is the title line + body, offsets index it as given.

    Text that is not already clean (NFD, look-alike letters) is cleaned first and the offsets
    then index clean(text); clean() is the identity on clean text (what the crawler stores).
    """
    if not text or not text.strip():
        return []
    text = _clean(text.replace("\u200b", " "))  # a zero-width space often stands between two words
    d = build(_blank_markup(text), doc, province, published)
    d.source = text
    role_facts = roles.extract(d)
    facts = role_facts + awards.extract(d) + members.extract(d) + events.extract(d) + persons.extract(d)
    for f in facts:
        f["doc"] = doc
    order = {"role": 0, "award": 1, "member": 2, "event": 3, "person": 4}
    facts.sort(key=lambda f: (order[f["type"]], f["evidence"]["start"], str(f.get("agency") or f.get("recipient")
                                                                             or f.get("name") or "")))
    return [{"doc": f.pop("doc"), "type": f.pop("type"), **f} for f in facts]
