"""The agency and province gazetteer: data in ontology/gazetteer/*.yaml, matched here.

API (used by the extractor and by the graph resolver):

    load() -> Gazetteer                      # cached; reads ontology/gazetteer/{agencies,provinces}.yaml
    Gazetteer.entries: dict[str, Entry]      # by id
    Gazetteer.get(id) -> Entry | None
    Gazetteer.canonical(name, province=None) -> Entry | None
        # "Sở NN&PTNT", "sở Kế hoạch đầu tư tỉnh Lạng Sơn", "VP UBND tỉnh" -> the entry; None if unknown
    Gazetteer.find_all(text, bare=False) -> list[Match]
        # every agency written in `text`, leftmost-longest, no overlaps; offsets index `text`.
        # bare=True also finds the names written after a factored head ("các Sở: Tài chính, Tư pháp")
    Gazetteer.lineage(id) -> list[Entry]     # the entry and what succeeded it (2025 mergers)
    Gazetteer.provinces() -> list[Province]  # the 63 pre-2025 units with `merged_into`, then the 34 new
    Gazetteer.province(name) -> Province | None   # spelling variants accepted ("Bắc Cạn", "Daklak")
    Gazetteer.find_provinces(text) -> list[tuple[int, int, Province]]

    Entry(id, name, kind, forms, bare, head, local, base, valid_from, valid_to, succeeded_by)
    Match(start, end, raw, entry, form, locality, province)   # Match.name: the full official name
        # form: "full" (a whole name) or "bare" (a name after a factored head)
        # locality: "tỉnh", "huyện Cẩm Mỹ", ... as written after a local body; province: as written

Matching works on a compressed ASCII view of the text (thidua.text.ascii_fold, punctuation
and joiners such as "&", "-", "," dropped) with a map back to the original offsets, so
"Sở NN&PTNT", "Sở NN-PTNT" and "sở nông nghiệp và PTNT" meet one entry, and the evidence
offsets stay those of the text given. Why Aho-Corasick: a few hundred surface forms are
found in one pass over an article, whatever their number.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

import ahocorasick
import yaml

from ontology import path as data_path

_LOCALITY = re.compile(
    r"(?:[ \t]+|[ \t]*\n[ \t]*)(?:(?P<tinh>tỉnh)(?!\w)|(?P<kind>huyện|quận|thị xã|thành phố|TP\.?|xã|phường|thị trấn|khu vực)(?!\w))",
)
_NAME_WORDS = re.compile(r"[ \t]*\n?[ \t]*(\w+)")  # a wrapped line goes on


def capitalised_words(text: str, pos: int, most: int = 3) -> int:
    """End offset of up to `most` capitalised words written from `pos` (a place name), or `pos`."""
    end = pos
    for _ in range(most):
        m = _NAME_WORDS.match(text, end)
        if not m or not m.group(1)[:1].isupper():
            break
        end = m.end()
    return end


@dataclass(frozen=True)
class Entry:
    id: str
    name: str
    kind: str
    forms: tuple[str, ...] = ()
    bare: tuple[str, ...] = ()
    head: str | None = None
    local: bool = False
    base: str | None = None
    valid_from: str | None = None
    valid_to: str | None = None
    succeeded_by: str | None = None
    proper: bool = False                      # takes a proper name: "Ban Quản lý Khu kinh tế Dung Quất"
    tails: tuple[tuple[str, str], ...] = ()   # (written, full): ("và các KCN", "và các khu công nghiệp")


@dataclass(frozen=True)
class Province:
    name: str
    kind: str
    forms: tuple[str, ...] = ()
    merged_into: str | None = None
    until: str | None = None


@dataclass(frozen=True)
class Match:
    start: int
    end: int
    raw: str
    entry: Entry
    form: str = "full"
    locality: str | None = None
    province: str | None = None
    extra: str = ""     # a proper name and tail written after the name ("Dung Quất và các khu công nghiệp")

    @property
    def name(self) -> str:
        """The full official name: the entry's, or base + locality for a district-level body."""
        if self.entry.local and self.locality and self.locality != "tỉnh" and self.entry.base:
            return f"{self.entry.base} {self.locality}"
        # a proper name replaces the locality: "Trường Chính trị" + "Tôn Đức Thắng"
        return f"{self.entry.base or self.entry.name} {self.extra}" if self.extra else self.entry.name


_RUN = re.compile(r"  +")


class _Offsets:
    """View index -> offset in the text, for a view where space runs were cut to one space."""

    def __init__(self, cuts: list[int], removed: list[int]) -> None:
        self._cuts = cuts        # view indexes after which characters were removed
        self._removed = removed  # characters removed up to that cut (cumulative)

    def __getitem__(self, index: int) -> int:
        i = bisect_right(self._cuts, index)
        return index + (self._removed[i - 1] if i else 0)


def squeeze(text: str) -> tuple[str, _Offsets]:
    """The compressed ASCII view (words separated by one space) and its map back to offsets
    in `text`."""
    from graph.extract.fast import ascii_words  # a cached translation table of thidua.text.ascii_fold

    spaced = ascii_words(text)
    cuts: list[int] = []
    removed: list[int] = []
    total = 0
    parts: list[str] = []
    prev = 0
    for m in _RUN.finditer(spaced):
        parts.append(spaced[prev:m.start() + 1])
        view_index = m.start() + 1 - total   # first view index after the kept space
        total += m.end() - m.start() - 1
        cuts.append(view_index - 1)
        removed.append(total)
        prev = m.end()
    parts.append(spaced[prev:])
    return "".join(parts), _Offsets(cuts, removed)


def form_key(text: str) -> str:
    return squeeze(text)[0].strip()


class _Automaton:
    """Leftmost-longest whole-word matching of many keys over a squeezed view."""

    def __init__(self) -> None:
        self._auto = ahocorasick.Automaton()
        self._size = 0

    def add(self, key: str, value: object) -> None:
        if key and key not in self._auto:
            self._auto.add_word(f" {key} ", (len(key), value))
            self._size += 1

    def finish(self) -> None:
        if self._size:
            self._auto.make_automaton()

    def search(self, view: str) -> list[tuple[int, int, object]]:
        """(start, end) in `view` coordinates, end exclusive."""
        if not self._size:
            return []
        padded = f" {view} "
        hits = []
        for end_index, (length, value) in self._auto.iter(padded):
            end = end_index - 1  # index in padded of the trailing space -> exclusive end in view
            start = end - length
            hits.append((start, end, value))
        hits.sort(key=lambda h: (h[0], -(h[1] - h[0])))
        chosen = []
        last_end = -1
        for start, end, value in hits:
            if start >= last_end:
                chosen.append((start, end, value))
                last_end = end
        return chosen


class Gazetteer:
    def __init__(self, agencies: list[dict], provinces: dict) -> None:
        self.entries: dict[str, Entry] = {}
        self._full = _Automaton()
        self._bare = _Automaton()
        self._by_key: dict[str, Entry] = {}
        for raw in agencies:
            entry = Entry(
                id=raw["id"], name=raw["name"], kind=raw.get("kind", "other"),
                forms=tuple(raw.get("forms", ())), bare=tuple(raw.get("bare", ())),
                head=raw.get("head"), local=bool(raw.get("local")), base=raw.get("base"),
                valid_from=raw.get("valid_from"), valid_to=raw.get("valid_to"),
                succeeded_by=raw.get("succeeded_by"), proper=bool(raw.get("proper")),
                tails=tuple((t["written"], t["full"]) for t in raw.get("tails", ())),
            )
            self.entries[entry.id] = entry
            full = [entry.name, *entry.forms]
            if entry.base:
                full.append(entry.base)
            if entry.head:
                full += [f"{entry.head} {b}" for b in entry.bare]
            for form in full:
                k = form_key(form)
                self._full.add(k, entry)
                self._by_key.setdefault(k, entry)
            for form in entry.bare:
                self._bare.add(form_key(form), entry)
        self._full.finish()
        self._bare.finish()
        self._provinces: list[Province] = []
        self._new: list[Province] = []
        self._province_by_key: dict[str, Province] = {}
        self._province_auto = _Automaton()
        for group, target in (("old", self._provinces), ("new", self._new)):
            for raw in provinces.get(group, []):
                prov = Province(raw["name"], raw.get("kind", "tinh"), tuple(raw.get("forms", ())),
                                raw.get("merged_into"), raw.get("until"))
                target.append(prov)
                for form in (prov.name, *prov.forms):
                    k = form_key(form)
                    if k not in self._province_by_key:
                        self._province_by_key[k] = prov
                        self._province_auto.add(k, prov)
        self._province_auto.finish()
        self._person_middles = {w.lower() for w in provinces.get("person_middle_names", ())}

    # -- agencies -------------------------------------------------------------------------
    def get(self, entry_id: str) -> Entry | None:
        return self.entries.get(entry_id)

    def canonical(self, name: str, province: str | None = None) -> Entry | None:
        """The entry a written name denotes (abbreviations, joiners, a trailing "tỉnh <P>" ignored)."""
        k = form_key(name)
        if k in self._by_key:
            return self._by_key[k]
        for prov in sorted(self._province_by_key, key=len, reverse=True):
            for suffix in (f" tinh {prov}", f" {prov}"):
                if k.endswith(suffix):
                    stem = k[: -len(suffix)]
                    if stem in self._by_key:
                        return self._by_key[stem]
        if k.endswith(" tinh") and k[:-5] in self._by_key:
            return self._by_key[k[:-5]]
        return None

    def find_all(self, text: str, bare: bool = False) -> list[Match]:
        view, pos = squeeze(text)
        found: list[Match] = []
        for auto, form in ((self._full, "full"), (self._bare, "bare")):
            if form == "bare" and not bare:
                continue
            for start, end, entry in auto.search(view):
                s, e = pos[start], pos[end - 1] + 1
                found.append(self._suffixed(text, s, e, entry, form))
        found.sort(key=lambda m: (m.start, -(m.end - m.start)))
        out: list[Match] = []
        last = -1
        for m in found:
            if m.start >= last:
                out.append(m)
                last = m.end
        return out

    def _suffixed(self, text: str, s: int, e: int, entry: Entry, form: str) -> Match:
        """Extend a match over a written locality ("tỉnh", "tỉnh Lạng Sơn", "huyện Cẩm Mỹ", "Long An")."""
        locality = province = None
        extra = []
        if entry.proper:
            place_end = capitalised_words(text, e)
            if place_end > e and not self._province_at(text, e + 1):
                extra.append(text[e:place_end].strip())
                e = place_end
            for written, full in entry.tails:
                tail = re.match(r"(?:[ \t]+|[ \t]*\n[ \t]*)" + r"(?:[ \t]+|[ \t]*\n[ \t]*)".join(map(re.escape, written.split())) + r"(?!\w)", text[e:e + 60])
                if tail:
                    extra.append(full)
                    e += tail.end()
                    break
        m = _LOCALITY.match(text, e)
        if m and (m.group("tinh") or entry.local):
            if m.group("tinh"):
                locality = "tỉnh"
                e = m.end()
            else:
                kind = m.group("kind")
                kind = "thành phố" if kind.startswith("TP") else kind
                place_end = capitalised_words(text, m.end())
                locality = f"{kind} {text[m.end():place_end].strip()}".strip()
                e = place_end
        tail = re.match(r"(?:[ \t]+|[ \t]*\n[ \t]*)", text[e:e + 20])
        after = e + (tail.end() if tail else 0)
        prov = self._province_at(text, after, written=locality == "tỉnh" or text[s:e].endswith("tỉnh")) if tail else None
        if prov:
            province, e = prov[1].name, prov[0]
            if locality and locality != "tỉnh":
                locality = None
        return Match(s, e, text[s:e], entry, form, locality, province, " ".join(extra))

    def _province_at(self, text: str, start: int, written: bool = False) -> tuple[int, Province] | None:
        """A province name written at `start` (capitalised words, longest first).

        `written`: the words follow "tỉnh", so two or three capitalised words closed by
        punctuation name a province even where the gazetteer lacks it (a site's own province,
        a new name); a person's name ("tỉnh Nguyễn Văn An,") is not taken for one."""
        if not text[start:start + 1].isupper():
            return None
        ends = []
        end = start
        for _ in range(4):
            nxt = capitalised_words(text, end, 1)
            if nxt == end:
                break
            ends.append(nxt)
            end = nxt
            dash = re.match(r"[ \t]*\n?[ \t]*-(?=[ \t]*\w)", text[end:end + 20])  # "Bà Rịa - Vũng Tàu"
            if dash:
                end += dash.end()
        for e in reversed(ends):
            prov = self.province(text[start:e])
            if prov:
                return e, prov
        if written and ends:
            return self._unknown_province(text, start, ends)
        return None

    def _unknown_province(self, text: str, start: int, ends: list[int]) -> tuple[int, Province] | None:
        for e in reversed(ends[:3]):
            words = text[start:e].split()
            closed = re.match(r"[ \t]*(?:[,;:.()\n]|[-–—][ \t]|$)", text[e:e + 3])
            if len(words) < 2 or not closed or any(w.isupper() for w in words):
                continue
            if words[1].lower() in self._person_middles:
                return None
            return e, Province(" ".join(words), "tinh")
        return None

    def lineage(self, entry_id: str) -> list[Entry]:
        chain: list[Entry] = []
        seen: set[str] = set()
        current = self.entries.get(entry_id)
        while current and current.id not in seen:
            chain.append(current)
            seen.add(current.id)
            current = self.entries.get(current.succeeded_by) if current.succeeded_by else None
        return chain

    # -- provinces ------------------------------------------------------------------------
    def provinces(self, new: bool = False) -> list[Province]:
        return list(self._new if new else self._provinces)

    def province(self, name: str) -> Province | None:
        k = form_key(name)
        k = re.sub(r"^(?:tinh|thanh pho|tp) ", "", k)
        return self._province_by_key.get(k)

    def find_provinces(self, text: str) -> list[tuple[int, int, Province]]:
        view, pos = squeeze(text)
        out = []
        for s, e, prov in self._province_auto.search(view):
            start = pos[s]
            if text[start:start + 1].isupper():
                out.append((start, pos[e - 1] + 1, prov))
        return out


@lru_cache(maxsize=1)
def load() -> Gazetteer:
    """The gazetteer from ontology/gazetteer/ (read once per process)."""
    with open(data_path("gazetteer", "agencies.yaml"), encoding="utf-8") as fh:
        agencies = yaml.safe_load(fh)
    with open(data_path("gazetteer", "provinces.yaml"), encoding="utf-8") as fh:
        provinces = yaml.safe_load(fh)
    return Gazetteer(agencies, provinces)
