"""Vietnamese text normalisation: one place for the edge clean-up and the folded views.

`clean` is applied once, where text enters the system (crawl, file read); everything
inside is then NFC with one tone-mark placement. `fold` and `ascii_fold` give views of
the *same length* as their input, so a regex run on the folded view yields offsets that
are valid in the clean text: evidence offsets never need a mapping table.
"""

from __future__ import annotations

import re
import unicodedata

TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")  # huyền, sắc, ngã, hỏi, nặng

# Characters that look like others and come from legacy code pages or editors; 1:1 maps.
_LOOKALIKE = str.maketrans({
    "\u00d0": "\u0110",  # Ð (Eth) -> Đ
    "\u00f0": "\u0111",  # ð -> đ
    "\u0189": "\u0110",  # Ɖ -> Đ
    "\u00a0": " ",       # no-break space
    "\u2002": " ", "\u2003": " ", "\u2009": " ", "\u202f": " ", "\u3000": " ",
    "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
})
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
# A zero-width space between two words is the only thing separating them: keep a space.
_ZWSP_BETWEEN_WORDS = re.compile("(?<=\\S)\u200b+(?=\\S)")
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
_DASH_MAP = str.maketrans({d: "-" for d in _DASHES})

_VOWELS = "aeiouyâăêôơư"
# An open syllable whose nucleus is oa / oe / uy: the only place tone placement varies.
_OPEN_PAIR = re.compile(r"^([^aeiouyâăêôơư]*)(oa|oe|uy)$")
_WORD = re.compile(r"\w+")


def _strip_tone(word: str) -> tuple[str, str | None]:
    """Return (word without tone marks, the tone mark or None); input and output NFD."""
    tone = None
    out = []
    for ch in word:
        if ch in TONE_MARKS:
            tone = ch
        else:
            out.append(ch)
    return "".join(out), tone


def _old_style_tone(match: re.Match[str]) -> str:
    """Put the tone of an open oa/oe/uy syllable on its first vowel (hoà -> hòa, Uỷ -> Ủy).

    Closed syllables (hoàn, thuyết) and qu+y (quý) keep their fixed placement.
    """
    word = match.group(0)
    nfd = unicodedata.normalize("NFD", word)
    base, tone = _strip_tone(nfd)
    if tone is None:
        return word
    lower = base.lower()
    m = _OPEN_PAIR.match(lower)
    if not m or m.group(1).endswith("q") or (m.group(1) == "g" and m.group(2).startswith("i")):
        return word
    pos = len(m.group(1))  # index of the first vowel of the pair in the base
    rebuilt = base[: pos + 1] + tone + base[pos + 1:]
    return unicodedata.normalize("NFC", rebuilt)


def clean(text: str) -> str:
    """The edge normalisation: NFC, look-alike letters and spaces, invisible characters,
    one tone-mark placement (the one official documents use: Ủy ban, Thanh Hóa, Hòa Bình).

    Dashes and line breaks are kept as written; `fold` equates dashes for matching.
    """
    text = unicodedata.normalize("NFC", text)
    text = _ZWSP_BETWEEN_WORDS.sub(" ", text.translate(_LOOKALIKE))
    text = _INVISIBLE.sub("", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _WORD.sub(_old_style_tone, text)


def _fold_char(ch: str, keep_letters: bool) -> str:
    low = ch.lower()
    if len(low) != 1:
        low = ch
    if low.isascii():
        return low
    if low in _DASHES:
        return "-"
    nfd = unicodedata.normalize("NFD", low)
    if keep_letters:
        kept = "".join(c for c in nfd if c not in TONE_MARKS)
    else:
        kept = "".join(c for c in nfd if not unicodedata.combining(c))
        if kept == "đ":
            kept = "d"
    kept = unicodedata.normalize("NFC", kept)
    return kept if len(kept) == 1 else low


_FOLD_CACHE: dict[str, str] = {}
_ASCII_CACHE: dict[str, str] = {}


def fold(text: str) -> str:
    """Lower-case, drop tone marks (keep â ă ê ô ơ ư đ), every dash to '-'. Same length as input."""
    out = []
    for ch in text:
        f = _FOLD_CACHE.get(ch)
        if f is None:
            f = _FOLD_CACHE[ch] = _fold_char(ch, keep_letters=True)
        out.append(f)
    return "".join(out)


def ascii_fold(text: str) -> str:
    """Lower-case ASCII view (đ -> d, all diacritics dropped, dashes to '-'). Same length as input."""
    out = []
    for ch in text:
        f = _ASCII_CACHE.get(ch)
        if f is None:
            f = _ASCII_CACHE[ch] = _fold_char(ch, keep_letters=False)
        out.append(f)
    return "".join(out)


def key(text: str) -> str:
    """A loose comparison key: ascii-folded, punctuation to single spaces."""
    return " ".join(re.sub(r"[^0-9a-z]+", " ", ascii_fold(clean(text))).split())


def slug(text: str) -> str:
    """A readable IRI/file-name segment: 'Sở Công Thương' -> 'so-cong-thuong'."""
    return "-".join(key(text).split()) or "x"
