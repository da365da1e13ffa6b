"""Sentence splitting with offsets, for the genre's layout.

Articles come as paragraphs, but some sites break lines inside sentences ("Tham dự hội\\nnghị");
photo captions stand alone without a full stop; abbreviations ("TP.", "ThS.") and dates
("13.1.2021", "8.250") carry dots that end nothing. A line break ends a sentence only after
a full stop, before a blank line, or after a short stand-alone line (a caption or a heading):
hard-wrapped pages break lines after commas, colons and brackets too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_ABBREV = {"tp", "tx", "ths", "ts", "pgs", "gs", "th", "st", "bs", "ks", "cn", "đ/c", "q", "p"}
_END = ".!?"
_CLOSERS = "”\"')»"   # may follow the full stop that ends a sentence
_SHORT_LINE = 60


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    title: bool = False      # line 1 of the article
    caption: bool = False    # a stand-alone line without end punctuation (photo caption, heading)


def _line_breaks(text: str) -> list[int]:
    """Offsets of the newlines that end a sentence."""
    breaks = []
    lines = text.split("\n")
    pos = 0
    standalone = True  # the line starts a paragraph (no sentence runs into it)
    for i, line in enumerate(lines[:-1]):
        nxt = lines[i + 1]
        end = pos + len(line)
        stripped = line.rstrip()
        bullet = nxt.lstrip()[:1] in "-+•*–" and stripped[-1:] in ":;,"
        hard = not bullet and (
            not stripped or not nxt.strip() or i == 0
            or stripped.rstrip(_CLOSERS)[-1:] in (".", "!", "?")
            or len(stripped) < _SHORT_LINE and standalone and not nxt.lstrip()[:1].islower()
        )
        if hard:
            breaks.append(end)
        standalone = hard
        pos = end + 1
    return breaks


def _stand_alone(text: str, start: int, end: int) -> bool:
    """A sentence that is a whole line of its own and lacks end punctuation."""
    before = text.rfind("\n", 0, start)
    line_start = before + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    line = text[line_start:line_end].strip()
    body = text[start:end].strip()
    if "\n" in body or body[:1] in "-+•*–":
        return False  # lines joined into one sentence, a list item: text, not a caption
    return line == body and bool(body) and body[-1] not in _END


def split(text: str) -> list[Sentence]:
    """Sentences of `text` as offset spans (whitespace trimmed)."""
    cuts: set[int] = set(_line_breaks(text))
    for m in re.finditer(r"[.!?]+(?=\s|$)", text):
        i = m.start()
        word = re.search(r"([\w/]+)$", text[max(0, i - 8):i])
        if m.group(0) == "." and word and word.group(1).lower() in _ABBREV:
            continue
        if m.group(0) == "." and word and len(word.group(1)) == 1 and word.group(1).isupper():
            continue  # an initial: "T. Trúc"
        cuts.add(m.end())
    spans = []
    prev = 0
    for cut in sorted(cuts) + [len(text)]:
        if cut <= prev:
            continue
        seg_start, seg_end = prev, cut
        while seg_start < seg_end and text[seg_start].isspace():
            seg_start += 1
        while seg_end > seg_start and text[seg_end - 1].isspace():
            seg_end -= 1
        if seg_end > seg_start:
            spans.append((seg_start, seg_end))
        prev = cut
    first_line_end = text.find("\n")
    first_line_end = len(text) if first_line_end < 0 else first_line_end
    out = []
    for s, e in spans:
        title = e <= first_line_end
        out.append(Sentence(s, e, title=title, caption=not title and _stand_alone(text, s, e)))
    return out
