"""Bytes of a page -> correct Vietnamese text, whatever the page claims.

Provincial pages lie about their encoding: Windows-1258 served with no charset at all,
UTF-8 declared as ISO-8859-1 (then "Sá»Ÿ" for "Sở"), and text typed in the legacy TCVN3
(.VnTime) or VNI fonts, which reads as "Khèi thi ®ua" / "Sôû Noäi vuï" under any charset.
The rule here: decode as declared (or UTF-8, else Windows-1258), then try the known repairs
and keep the reading that yields the most common Vietnamese words. If the text still looks
like a legacy encoding nobody can convert (e.g. VISCII), raise LegacyEncodingError so the
page is reported and skipped, never stored as garbage.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

TABLES = Path(__file__).with_name("legacy_encodings.yaml")
SAMPLE = 30_000          # characters of visible text scored per candidate
MIN_GAIN = 0.03          # a repair must beat the as-is reading by this share of common words
MAX_FOREIGN = 0.05        # more words than this with non-Vietnamese letters after repair -> refuse
REFUSE_BELOW = 0.2       # a repaired (or legacy-looking) text scoring under this is refused; real
                         # articles score 0.33-0.6 (seeds and dev docs)

_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.I)
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([\w.:-]+)", re.I)
_TAGS = re.compile(r"<script.*?</script>|<style.*?</style>|<[^>]*>|&\w+;|&#\d+;", re.S | re.I)
_WORD = re.compile(r"\w+")
# Letters of Latin-1/cp1252 that legacy encodings put inside Vietnamese words.
_LEGACY_TELLS = re.compile(r"[a-zA-Z][®©ª«¬¸µ¶·¹¨»¼½¾¿ÐðøùûõïåäöñÞ¤¥¦§¢£]|[®©«¬»µ¸¹]\w")
_MOJIBAKE = re.compile(r"á[º»]|Ä[‘\x91]|Æ[°¡]|Ã[\x80-\xbf¡-¿]")


def _pass_through(error: UnicodeDecodeError) -> tuple[str, int]:
    """cp1252 leaves five bytes undefined; keep them as the C1 characters browsers show."""
    chunk = error.object[error.start:error.end]
    return "".join(chr(b) for b in chunk), error.end


_PASS = "thidua-c1-pass"
codecs.register_error(_PASS, _pass_through)


class LegacyEncodingError(ValueError):
    """The page's text is in a legacy Vietnamese encoding that could not be converted."""


@dataclass(frozen=True)
class Decoded:
    text: str                 # NFC text of the whole document (markup included)
    encoding: str             # the codec the bytes were read with
    repair: str | None = None  # "tcvn3", "vni", "utf8-as-cp1252", "cp1258-as-cp1252" when one was applied
    score: float = 0.0        # share of common Vietnamese words in the sampled text


@lru_cache(maxsize=1)
def _tables() -> dict:
    data = yaml.safe_load(TABLES.read_text(encoding="utf-8"))
    data["tcvn3_map"] = {int(k): v for k, v in data["tcvn3"].items()}
    data["common"] = frozenset(data["common_words"])
    return data


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    name = name.strip().strip("\"'").lower()
    if name in ("iso-8859-1", "latin1", "latin-1", "us-ascii", "ascii"):
        name = "cp1252"  # what browsers do (WHATWG): ISO-8859-1 means windows-1252
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def declared_charset(body: bytes, headers: dict[str, str] | None = None) -> str | None:
    """The codec named by the Content-Type header, else by a <meta> in the first 4 KB."""
    for key, value in (headers or {}).items():
        if key.lower() == "content-type":
            m = _HEADER_CHARSET.search(value)
            if m and _codec(m.group(1)):
                return _codec(m.group(1))
    m = _META_CHARSET.search(body[:4096])
    if m:
        return _codec(m.group(1).decode("ascii", "ignore"))
    return None


_VIET_LETTERS = frozenset(
    "abcdefghijklmnopqrstuvwxyz0123456789_àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợ"
    "ùúủũụưừứửữựỳýỷỹỵ")


def foreign_share(text: str) -> float:
    """Share of words holding a letter outside the Vietnamese alphabet (a mis-decoding's mark)."""
    words = _WORD.findall(unicodedata.normalize("NFC", text).lower())
    if not words:
        return 0.0
    return sum(1 for w in words if not _VIET_LETTERS.issuperset(w)) / len(words)


def score(text: str) -> float:
    """Share of common Vietnamese words in `text` (a sample), less the share of words that
    hold letters no Vietnamese word has."""
    common = _tables()["common"]
    words = _WORD.findall(unicodedata.normalize("NFC", text).lower())
    if not words:
        return 0.0
    hits = sum(1 for w in words if w in common)
    foreign = sum(1 for w in words if not _VIET_LETTERS.issuperset(w))
    return (hits - foreign) / len(words)


def _visible(html: str) -> str:
    return _TAGS.sub(" ", html[: SAMPLE * 3])[:SAMPLE]


def _as_bytes(ch: str) -> int | None:
    """The byte a mis-decoded character came from (cp1252, with C1 controls passed through)."""
    code = ord(ch)
    if code < 0x80 or 0xA0 <= code <= 0xFF or 0x80 <= code <= 0x9F:
        return code
    try:
        return ch.encode("cp1252")[0]
    except UnicodeEncodeError:
        return None


def _runs(text: str, convert: Callable[[bytes], str | None]) -> str:
    """Apply `convert` to each maximal run of characters that map back to single bytes."""
    out: list[str] = []
    run: list[int] = []
    start = 0

    def flush(end: int) -> None:
        if run:
            raw = bytes(run)
            fixed = convert(raw) if any(b >= 0x80 for b in raw) else None
            out.append(fixed if fixed is not None else text[start:end])

    for i, ch in enumerate(text):
        b = _as_bytes(ch)
        if b is None:
            flush(i)
            run.clear()
            out.append(ch)
            start = i + 1
        else:
            if not run:
                start = i
            run.append(b)
    flush(len(text))
    return "".join(out)


def _tcvn3(raw: bytes) -> str:
    table = _tables()["tcvn3_map"]
    return unicodedata.normalize("NFC", "".join(table.get(b, chr(b)) for b in raw))


def vni_to_unicode(text: str) -> str:
    """Convert VNI-Windows text (as read in cp1252) to Unicode NFC."""
    vni = _tables()["vni"]
    marks, tones, single = vni["marks"], vni["tones"], vni["single"]
    out: list[str] = []
    i = 0
    while i < len(text):
        ch, nxt = text[i], text[i + 1] if i + 1 < len(text) else ""
        low = ch.lower()
        if ch in single:
            letter = single[ch]
            if letter.lower() in "ơư" and nxt in tones:
                out.append(letter + marks[tones[nxt]])
                i += 2
                continue
            out.append(letter)
        elif low in "aeo" and nxt in vni["circumflex"]:
            tone = vni["circumflex"][nxt]
            out.append(ch + marks["circumflex"] + ("" if tone == "none" else marks[tone]))
            i += 2
            continue
        elif low == "a" and nxt in vni["breve"]:
            tone = vni["breve"][nxt]
            out.append(ch + marks["breve"] + ("" if tone == "none" else marks[tone]))
            i += 2
            continue
        elif low in "aeiouy" and nxt in tones:
            out.append(ch + marks[tones[nxt]])
            i += 2
            continue
        else:
            out.append(ch)
        i += 1
    return unicodedata.normalize("NFC", "".join(out))


def _utf8(raw: bytes) -> str | None:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _cp1258(raw: bytes) -> str:
    return unicodedata.normalize("NFC", raw.decode("cp1258", errors="replace"))


# name -> text-to-text repair of a mis-read document
REPAIRS: dict[str, Callable[[str], str]] = {
    "utf8-as-cp1252": lambda t: _runs(t, _utf8),
    "cp1258-as-cp1252": lambda t: _runs(t, _cp1258),
    "tcvn3": lambda t: _runs(t, _tcvn3),
    "vni": lambda t: vni_to_unicode(t),
}


def legacy_tells(text: str) -> int:
    """How many legacy-encoding tell-tales (Latin-1 symbols inside words, mojibake pairs) a text has."""
    return len(_LEGACY_TELLS.findall(text)) + len(_MOJIBAKE.findall(text))


def best_reading(text: str) -> tuple[str, str | None, float]:
    """(text, repair applied or None, score): the reading of a possibly mis-decoded text with the
    most common Vietnamese words. Raises LegacyEncodingError when the text looks legacy-encoded
    and no repair makes Vietnamese of it."""
    sample = _visible(text)
    base = score(sample)
    tells = legacy_tells(sample)
    if not tells and (base >= REFUSE_BELOW or not re.search(r"[\x80-\xff]", sample)):
        return text, None, base  # plain Vietnamese (or no Vietnamese at all): nothing to repair
    best_name, best_score = None, base
    for name, repair in REPAIRS.items():
        s = score(repair(sample))
        if s > best_score + (MIN_GAIN if best_name is None else 0):
            best_name, best_score = name, s
    words = max(1, len(_WORD.findall(sample)))
    best_text = REPAIRS[best_name](sample) if best_name else sample
    legacy_looking = tells / words > 0.05 or best_name is not None
    if (legacy_looking and best_score < REFUSE_BELOW) or foreign_share(best_text) > MAX_FOREIGN:
        raise LegacyEncodingError(
            f"text looks like a legacy Vietnamese encoding ({tells} tell-tale characters in {words} words) "
            "that neither TCVN3, VNI, Windows-1258 nor UTF-8 repair turns into Vietnamese")
    if best_name is None:
        return text, None, base
    return REPAIRS[best_name](text), best_name, best_score


def decode_html(body: bytes, headers: dict[str, str] | None = None) -> Decoded:
    """Decode a page: BOM, declared charset, UTF-8, Windows-1258; then repairs (see module doc).
    The text is NFC; apply thidua.text.clean to what is taken from it."""
    if body.startswith(codecs.BOM_UTF8):
        text, encoding = body[3:].decode("utf-8", errors="replace"), "utf-8"
    else:
        encoding = declared_charset(body, headers) or ""
        text = None
        if encoding:
            try:
                text = body.decode(encoding, errors=_PASS if encoding == "cp1252" else "strict")
            except (UnicodeDecodeError, LookupError):
                text = None
        if text is None:
            try:
                text, encoding = body.decode("utf-8"), "utf-8"
            except UnicodeDecodeError:
                # Undeclared non-UTF-8: read as cp1252 and let the repairs (cp1258, TCVN3, VNI) compete.
                text, encoding = body.decode("cp1252", errors=_PASS), "cp1252"
    text = unicodedata.normalize("NFC", text)
    fixed, repair, s = best_reading(text)
    if repair == "cp1258-as-cp1252":
        encoding = "cp1258"
    # NFC only: the whole markup through thidua.text.clean costs more than the parse; every
    # field a page object returns goes through clean.
    return Decoded(text=unicodedata.normalize("NFC", fixed), encoding=encoding, repair=repair, score=s)
