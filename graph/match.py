"""Loose matching of what a user types against the blocs, agencies and provinces of a graph.

People write "Kinh tế - Kỹ thuật", "KT-KT", "khoi 5", "Khối V" or "Sở NN&PTNT"; the graph
holds one IRI per bloc or agency with its preferred label and every alias seen. Matching
compares `thidua.text.key` views (tone marks, case, dashes and punctuation ignored) and,
for agencies, the gazetteer's canonical name. A lookup never guesses between several
candidates: it returns them all so the caller can say so and list them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from thidua.text import key

# Words that name the kind of group rather than the group itself.
_GENERIC_BLOC = frozenset({"khoi", "cum", "thi", "dua", "so"})
_ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50}
_ROMAN_RE = re.compile(r"^[ivxl]+$")


@dataclass
class Candidate:
    """One resource that can be matched: its IRI, every name it has, and where it sits."""

    iri: str
    label: str
    names: set[str] = field(default_factory=set)
    number: int | None = None
    province: str | None = None        # province IRI
    province_label: str | None = None

    def describe(self) -> str:
        where = f" ({self.province_label})" if self.province_label else ""
        return f"{self.label}{where} <{self.iri}>"


@dataclass
class MatchResult:
    """`found` is set when exactly one candidate fits; else `candidates` lists the near ones."""

    query: str
    found: Candidate | None
    candidates: list[Candidate]
    ambiguous: bool = False   # several fit equally well (else: the candidates are the known ones)

    def message(self, what: str) -> str:
        """The sentence a user reads when there is no single match."""
        if self.found:
            return f"{what} {self.query!r}: {self.found.describe()}"
        if self.ambiguous:
            head = f"{what} {self.query!r} matches {len(self.candidates)} entries; say which one:"
        else:
            head = f"no {what} matches {self.query!r}" + ("; known ones:" if self.candidates else " (the graph has none)")
        return "\n".join([head, *(f"  - {c.describe()}" for c in self.candidates)])


def roman(token: str) -> int | None:
    """'v' -> 5, 'xii' -> 12; None for anything else."""
    if not _ROMAN_RE.match(token):
        return None
    total = 0
    values = [_ROMAN[c] for c in token]
    for i, value in enumerate(values):
        total += -value if i + 1 < len(values) and values[i + 1] > value else value
    return total


def _number(tokens: list[str]) -> int | None:
    """The bloc number a user means: 'khoi 5', 'khoi thi dua so 5', 'cum ii', '5'."""
    rest = [t for t in tokens if t not in _GENERIC_BLOC]
    if len(rest) != 1:
        return None
    token = rest[0]
    if token.isdigit():
        return int(token)
    if len(tokens) > 1:  # a bare "v" or "i" is more likely a word than a numeral
        return roman(token)
    return None


def _initials(words: list[str]) -> str:
    return "".join(w[0] for w in words if w)


def _score(query: str, cand: Candidate, kind: str, canonical: str | None) -> int:
    """3: the same name; 2: the abbreviation, number or canonical name; 1: the query's words
    all appear in a name; 0: no match."""
    qkey = key(query)
    if not qkey:
        return 0
    qtokens = qkey.split()
    generic = _GENERIC_BLOC if kind == "bloc" else frozenset({"tinh"})
    qcore = [t for t in qtokens if t not in generic]
    best = 0
    if kind == "bloc":
        number = _number(qtokens)
        if number is not None and cand.number == number:
            best = 2
    for name in cand.names:
        nkey = key(name)
        ntokens = nkey.split()
        ncore = [t for t in ntokens if t not in generic]
        if nkey == qkey or (qcore and ncore == qcore):
            return 3
        if canonical and key(canonical) in (nkey, " ".join(ncore)):
            best = max(best, 2)
        compact = "".join(qcore)
        if len(compact) >= 2 and compact.isalpha() and len(qcore) <= len(compact) and compact == _initials(ncore):
            best = max(best, 2)
        if kind == "bloc" and best < 2:
            number = _number(qtokens)
            if number is not None and (str(number) in ntokens or any(roman(t) == number for t in ntokens[1:])):
                best = max(best, 2)
        if qcore and all(t in ntokens for t in qcore):
            best = max(best, 1)
    return best


def match(query: str, candidates: list[Candidate], kind: str, canonical: str | None = None) -> MatchResult:
    """Find the one candidate `query` names. `kind` is "bloc", "agency" or "province";
    `canonical` is the gazetteer's full name for the query, where it knows one."""
    query = query.strip()
    for cand in candidates:
        if query == cand.iri:
            return MatchResult(query, cand, [cand])
    scored = [(s, c) for c in candidates if (s := _score(query, c, kind, canonical))]
    if not scored:
        return MatchResult(query, None, sorted(candidates, key=lambda c: (c.label, c.iri))[:20])
    top = max(s for s, _ in scored)
    best = sorted((c for s, c in scored if s == top), key=lambda c: (c.label, c.iri))
    if len(best) == 1:
        return MatchResult(query, best[0], best)
    return MatchResult(query, None, best, ambiguous=True)
