"""Entity resolution: which written names are one agency, one bloc, one person.

Sure merges come from the gazetteer (graph.gazetteer), the per-province aliases
(ontology/aliases.yaml), the alternatives one fact lists together, and a user's `same`
judgements (data/judgements.jsonl). Everything else that merely looks alike is NOT merged:
it becomes a `unsure` judgement a user can see and decide, stored apart from the facts.

Two passes, so the outcome does not depend on input order: `observe_*` every name first,
then `finish()`, then ask for IRIs. IRIs are province-scoped and readable (ontology/README.md).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from graph.gazetteer import Entry
from graph.gazetteer import load as load_gazetteer
from ontology import path as data_path
from thidua.text import clean as _clean_text
from thidua.text import key, slug

clean = lru_cache(maxsize=65536)(_clean_text)   # names repeat: clean each once

ID = "https://w3id.org/thidua/id/"
UNKNOWN_PROVINCE = "unknown"

_ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}
_ROMAN_RX = re.compile(r"^(?=[ivxlc]+$)c{0,3}(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})$")
# words that say nothing about which body a name denotes (for the look-alike test)
_GENERIC = frozenset("ban so tinh cua va cac".split())


def _expand(name: str) -> str:
    """Abbreviations written out (QLDA -> Quản lý dự án), by the extractor's lexicon when present."""
    try:
        from graph.extract.agencies import expand
    except ImportError:  # the extractor is optional for building from facts
        return name
    return expand(name)


def roman(token: str) -> int | None:
    if not token or not _ROMAN_RX.match(token):
        return None
    total = 0
    for a, b in zip(token, token[1:] + " ", strict=True):
        value = _ROMAN[a]
        total += -value if b != " " and _ROMAN[b] > value else value
    return total


# -- provinces ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProvinceRef:
    slug: str
    label: str | None
    merged_into: str | None = None   # the label of the 2025 province
    until: str | None = None

    @property
    def iri(self) -> str:
        return f"{ID}province/{self.slug}"


@lru_cache(maxsize=256)
def province(name: str | None) -> ProvinceRef:
    """The province a written name denotes (gazetteer spellings), or the `unknown` one."""
    if not name or not str(name).strip():
        return ProvinceRef(UNKNOWN_PROVINCE, None)
    found = load_gazetteer().province(name)
    if found:
        return ProvinceRef(slug(found.name), found.name, found.merged_into, found.until)
    label = clean(str(name)).strip()
    return ProvinceRef(slug(label), label)


# -- blocs -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BlocRef:
    iri: str
    key: str
    label: str
    kind: str | None          # "khoi" | "cum" | None
    number: int | None


@lru_cache(maxsize=65536)
def bloc_key(name: str) -> tuple[str | None, str, int | None]:
    """(kind, rest key, number): 'Khối thi đua số 5' and 'Khối 5' -> ('khoi', '5', 5);
    'Cụm II' -> ('cum', '2', 2); 'Khối Kinh tế – Kỹ thuật' -> ('khoi', 'kinh te ky thuat', None)."""
    tokens = key(name).split()
    kind = None
    if tokens and tokens[0] in ("khoi", "cum"):
        kind, tokens = tokens[0], tokens[1:]
    if tokens[:2] == ["thi", "dua"]:
        tokens = tokens[2:]
    if tokens[:1] == ["so"] and len(tokens) == 2:
        tokens = tokens[1:]
    number = None
    if len(tokens) == 1:
        if tokens[0].isdigit():
            number = int(tokens[0])
        elif kind and roman(tokens[0]):
            number = roman(tokens[0])
        if number is not None:
            tokens = [str(number)]
    return kind, " ".join(tokens), number


_PLACE_TAIL = re.compile(r"(?:\s*[,–-]\s*|\s*\(\s*|\s+)tỉnh(?:\s+(?P<tail>[^\d()]{2,40}?))?\s*\)?\s*$", re.I)


def without_place(name: str, province: str | None = None) -> str:
    """A bloc name without a trailing 'tỉnh' or 'tỉnh <Province>'.

    'Khối thi đua Kinh tế – Kỹ thuật tỉnh Bắc Kạn' names the same bloc as the article's
    'Khối thi đua Kinh tế – Kỹ thuật': the place is the province the bloc belongs to
    (`province`, or any province the gazetteer knows).
    """
    text = " ".join(clean(name).split())
    m = _PLACE_TAIL.search(text)
    if not m or m.start() == 0:
        return text
    tail = m.group("tail")
    if tail and not ((province and key(tail) == key(province)) or load_gazetteer().province(tail)):
        return text
    short = text[:m.start()].rstrip(" ,–-(")
    return short if len(short.split()) > 1 else text


def _bloc_label(kind: str | None, rest_written: str, number: int | None) -> str:
    head = {"khoi": "Khối thi đua", "cum": "Cụm thi đua"}.get(kind or "", "")
    if number is not None:
        return f"{head} số {number}".strip()
    rest = re.sub(r"\s*[-\u2010-\u2015\u2212]\s*", " – ", rest_written)
    return f"{head} {rest}".strip()


def _written_rest(name: str) -> str:
    """The part of a written bloc name after 'Khối/Cụm (thi đua) (số)', as written."""
    text = " ".join(clean(name).split())
    m = re.match(r"(?i)^(kh[ốô]i|c[ụu]m)\s+(thi\s+đua\s+)?(s[ốô]\s+)?", text)
    return text[m.end():] if m else text


# -- agencies and people -----------------------------------------------------------------------


@dataclass(frozen=True)
class AgencyRef:
    iri: str
    label: str
    province: ProvinceRef
    entry: Entry | None = None


@dataclass(frozen=True)
class PersonRef:
    iri: str
    name: str


@dataclass
class Judgement:
    """A decision on whether two entities are one; the file and graph form of a candidate."""

    kind: str                     # agency | person
    province: str                 # province slug
    left_name: str
    right_name: str
    left: str = ""                # IRIs (filled by the resolver)
    right: str = ""
    decision: str = "unsure"      # same | different | unsure
    reason: str = ""
    score: float | None = None
    decided_by: str = "resolver"  # resolver | user

    @property
    def pair_key(self) -> tuple[str, str, str, str]:
        a, b = sorted((key(self.left_name), key(self.right_name)))
        return self.kind, self.province, a, b

    @property
    def id(self) -> str:
        return hashlib.sha1("\x1f".join(self.pair_key).encode()).hexdigest()[:16]

    @property
    def iri(self) -> str:
        return f"{ID}judgement/{self.id}"

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "kind": self.kind, "province": self.province, "left_name": self.left_name,
                "right_name": self.right_name, "left": self.left, "right": self.right,
                "decision": self.decision, "reason": self.reason, "score": self.score,
                "decided_by": self.decided_by}


def read_judgements(path: Path | None) -> list[Judgement]:
    """The judgements file (JSON Lines); a bad line is reported by file and line and skipped."""
    if path is None or not path.exists():
        return []
    out = []
    fields = set(Judgement.__dataclass_fields__)
    with open(path, encoding="utf-8") as fh:
        for number, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                raw = json.loads(line)
                judgement = Judgement(**{k: v for k, v in raw.items() if k in fields})
                if judgement.decision not in ("same", "different", "unsure"):
                    raise ValueError(f"decision must be same, different or unsure, not {judgement.decision!r}")
            except (ValueError, TypeError) as error:
                import sys
                print(f"thidua build: {path}:{number}: skipped ({error})", file=sys.stderr)
                continue
            out.append(judgement)
    return out


def write_judgements(path: Path, judgements: Iterable[Judgement]) -> None:
    """Write the file sorted by id (deterministic), through a temporary file (never half-written)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        for j in sorted(judgements, key=lambda j: j.id):
            fh.write(json.dumps(j.to_json(), ensure_ascii=False, sort_keys=True) + "\n")
    tmp.replace(path)


@lru_cache(maxsize=1)
def _aliases() -> dict[str, list[list[str]]]:
    with open(data_path("aliases.yaml"), encoding="utf-8") as fh:
        raw = yaml.safe_load(fh) or {}
    return {province(p).slug: groups for p, groups in raw.items()}


@lru_cache(maxsize=65536)
def agency_key(name: str, prov: ProvinceRef) -> str:
    """The comparison key of an agency name: abbreviations expanded, folded, a leading
    'đơn vị' and a trailing 'tỉnh' / 'tỉnh <Province>' / '<Province>' dropped."""
    text = _expand(clean(str(name)).strip())
    text = re.sub(r"(?i)^đơn vị\s+", "", text)
    k = key(text)
    label = key(prov.label or "")
    for suffix in filter(None, (label and f" tinh {label}", label and f" {label}", " tinh")):
        if k.endswith(suffix) and len(k) > len(suffix) + 4:
            k = k[: -len(suffix)]
            break
    return k


def drop_province(name: str, prov: ProvinceRef) -> str:
    """'Ban X tỉnh Thái Nguyên' -> 'Ban X tỉnh' (the province is the agency's scope, not its name)."""
    words = name.split()
    n = len((prov.label or "").split())
    if n and len(words) > n + 1 and key(" ".join(words[-n:])) == key(prov.label or ""):
        return " ".join(words[:-n])
    return name


def agency_iri(label: str, prov: ProvinceRef) -> str:
    """id:agency/{province}/{slug of the name without its province suffix}."""
    return f"{ID}agency/{prov.slug}/{slug(agency_key(label, prov) or label)}"


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        root = x
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[x] != root:
            self.parent[x], x = root, self.parent[x]
        return root

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            # the smaller key wins, so the result does not depend on the order of unions
            self.parent[max(ra, rb)] = min(ra, rb)


@dataclass
class _ProvinceNames:
    names: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))   # node -> written forms
    uf: _UnionFind = field(default_factory=_UnionFind)
    preferred: dict[str, str] = field(default_factory=dict)                        # node -> alias label


class Resolver:
    """Collects names (observe_*), decides clusters (finish), then answers IRIs."""

    def __init__(self, judgements: Iterable[Judgement] = (), existing: set[str] | None = None) -> None:
        self.gazetteer = load_gazetteer()
        self.judgements = {j.pair_key: j for j in judgements}
        self.existing = existing or set()   # IRIs already in the store: kept when a cluster has one
        self._agencies: dict[str, _ProvinceNames] = defaultdict(_ProvinceNames)
        self._blocs: dict[tuple[str, str | None, str], set[str]] = defaultdict(set)
        self._people: dict[tuple[str, str], set[str]] = defaultdict(set)   # (prov, agency iri|"") -> names
        self._provinces: dict[str, ProvinceRef] = {}
        self._members: dict[tuple[str, str], list[str]] = {}
        self._nodes: dict[tuple[str, str], tuple[str, Entry | None]] = {}
        self._agency_out: dict[tuple[str, str], AgencyRef] = {}
        self._bloc_out: dict[tuple[str, str | None, str], BlocRef] = {}
        self.candidates: list[Judgement] = []
        self._finished = False

    # -- pass 1 ----------------------------------------------------------------------------
    def agency_node(self, name: str, prov: ProvinceRef) -> tuple[str, Entry | None]:
        """('gaz:<entry id>' or 'name:<key>', the gazetteer entry) of a written name (cached)."""
        cached = self._nodes.get((name, prov.slug))
        if cached is None:
            cached = self._nodes[(name, prov.slug)] = self._agency_node(name, prov)
        return cached

    def _agency_node(self, name: str, prov: ProvinceRef) -> tuple[str, Entry | None]:
        entry = self.gazetteer.canonical(name, prov.label)
        if entry is None:   # 'Sở Tài chính tỉnh <a province the gazetteer does not know>'
            stripped = drop_province(" ".join(name.split()), prov)
            entry = self.gazetteer.canonical(stripped, prov.label) if stripped != name else None
        if entry is None and "&" not in name and any(c.isupper() for c in name[1:]):
            entry = self.gazetteer.canonical(_expand(name), prov.label)
        if entry is not None:
            return f"gaz:{entry.id}", entry
        return f"name:{self.agency_key(name, prov)}", None

    def agency_key(self, name: str, prov: ProvinceRef) -> str:
        return agency_key(name, prov)

    def observe_agency(self, names: str | list[str], prov: ProvinceRef) -> None:
        group = self._agencies[prov.slug]
        self._provinces[prov.slug] = prov
        nodes = []
        for name in ([names] if isinstance(names, str) else names):
            if not name or not str(name).strip():
                continue
            node, _ = self.agency_node(str(name), prov)
            group.names[node].add(" ".join(clean(str(name)).split()))
            group.uf.find(node)
            nodes.append(node)
        for other in nodes[1:]:
            group.uf.union(nodes[0], other)

    def observe_bloc(self, name: str, prov: ProvinceRef) -> None:
        name = without_place(name, prov.label)
        kind, rest, _ = bloc_key(name)
        self._blocs[(prov.slug, kind, rest)].add(name)

    def observe_person(self, name: str, agency: AgencyRef | None, prov: ProvinceRef) -> None:
        self._people[(prov.slug, agency.iri if agency else "")].add(" ".join(clean(name).split()))

    # -- decisions -------------------------------------------------------------------------
    def finish(self) -> None:
        """Apply aliases and user decisions, name the clusters and list uncertain pairs."""
        for prov_slug, group in self._agencies.items():
            prov_ref = self._provinces[prov_slug]
            for names in _aliases().get(prov_slug, []):
                nodes = [self.agency_node(n, prov_ref)[0] for n in names]
                seen = [n for n in nodes if n in group.uf.parent]
                for n in seen[1:]:
                    group.uf.union(seen[0], n)
                if seen:
                    group.preferred[nodes[0]] = " ".join(clean(names[0]).split())
            for j in self.judgements.values():
                if j.kind == "agency" and j.province == prov_slug and j.decision == "same":
                    a = self.agency_node(j.left_name, prov_ref)[0]
                    b = self.agency_node(j.right_name, prov_ref)[0]
                    group.uf.union(a, b)
        self._finished = True

    # -- pass 2 ----------------------------------------------------------------------------
    def agency(self, names: str | list[str], prov: ProvinceRef) -> AgencyRef | None:
        first = next((str(n) for n in ([names] if isinstance(names, str) else names) if n and str(n).strip()), None)
        if first is None:
            return None
        group = self._agencies[prov.slug]
        node, _ = self.agency_node(first, prov)
        root = group.uf.find(node)
        cached = self._agency_out.get((prov.slug, root))
        if cached:
            return cached
        members = sorted(n for n in group.uf.parent if group.uf.find(n) == root)
        entries = sorted((self.gazetteer.get(n[4:]) for n in members if n.startswith("gaz:")), key=lambda e: e.id)
        entry = entries[0] if entries else None
        if entry is not None:
            label = entry.name
            candidates = [label]
        else:
            preferred = [group.preferred[n] for n in members if n in group.preferred]
            written = sorted({drop_province(_expand(w), prov) for n in members for w in group.names.get(n, ())},
                             key=lambda w: (-len(key(w)), -sum(c.isupper() for c in w), w))
            candidates = preferred + written
            label = candidates[0] if candidates else first
        iris = [agency_iri(c, prov) for c in candidates]
        kept = sorted(i for i in iris if i in self.existing)
        iri = kept[0] if kept else iris[0]
        ref = AgencyRef(iri, label, prov, entry)
        self._members[(prov.slug, iri)] = members
        for n in members:
            self._agency_out[(prov.slug, n)] = ref
        self._agency_out[(prov.slug, root)] = ref
        return ref

    def agency_forms(self, ref: AgencyRef) -> list[str]:
        """Every written form seen for the agency's cluster (for skos:altLabel)."""
        group = self._agencies[ref.province.slug]
        forms: set[str] = set()
        for n in self._members.get((ref.province.slug, ref.iri), ()):
            forms |= group.names.get(n, set())
        return sorted(forms)

    def bloc(self, name: str, prov: ProvinceRef) -> BlocRef:
        name = without_place(name, prov.label)
        kind, rest, number = bloc_key(name)
        k = (prov.slug, kind, rest)
        ref = self._bloc_out.get(k)
        if ref is None:
            variants = sorted(self._blocs.get(k) or {" ".join(clean(name).split())},
                              key=lambda v: (-("thi đua" in v.lower()), -sum(c.isupper() for c in _written_rest(v)),
                                             -sum(not c.isascii() for c in v), v))
            label = _bloc_label(kind, _written_rest(variants[0]), number)
            local = "-".join(filter(None, (kind, slug(rest) if rest else None))) or "x"
            ref = BlocRef(f"{ID}bloc/{prov.slug}/{local}", "|".join(map(str, k)), label, kind, number)
            self._bloc_out[k] = ref
        return ref

    def bloc_forms(self, ref: BlocRef, prov: ProvinceRef) -> list[str]:
        kind, rest, _ = bloc_key(ref.label)
        return sorted(self._blocs.get((prov.slug, kind, rest), ()))

    def person(self, name: str, agency: AgencyRef | None, prov: ProvinceRef) -> PersonRef:
        written = " ".join(clean(name).split())
        local = slug(written)
        if agency is not None:
            local += "--" + agency.iri.rsplit("/", 1)[1]
        ref = PersonRef(f"{ID}person/{prov.slug}/{local}", written)
        return self._person_same().get(ref.iri, ref)

    def _person_same(self) -> dict[str, PersonRef]:
        """A user's `same` decisions on people: IRI -> the person it is (the longer name wins)."""
        if not hasattr(self, "_person_map"):
            self._person_map: dict[str, PersonRef] = {}
            for j in sorted(self.judgements.values(), key=lambda j: j.id):
                if j.kind != "person" or j.decision != "same" or not (j.left and j.right):
                    continue
                names = {j.left: re.sub(r" \(.*\)$", "", j.left_name), j.right: re.sub(r" \(.*\)$", "", j.right_name)}
                keep = min(names, key=lambda iri: (-len(names[iri]), iri))
                target = self._person_map.get(keep, PersonRef(keep, names[keep]))
                for iri in names:
                    self._person_map[iri] = target
        return self._person_map

    # -- uncertain pairs -------------------------------------------------------------------
    def uncertain(self) -> list[Judgement]:
        """Look-alike agencies and people that were not merged, as `unsure` candidates
        (pairs a user already decided keep the user's decision)."""
        out: dict[tuple[str, str, str, str], Judgement] = {}
        for prov_slug, group in sorted(self._agencies.items()):
            prov_ref = self._provinces[prov_slug]
            refs: dict[str, AgencyRef] = {}
            for node in sorted(group.uf.parent):
                if node.startswith("name:"):
                    names = sorted(group.names.get(node, ()))
                    if names:
                        ref = self.agency(names[0], prov_ref)
                        if ref and ref.entry is None:
                            refs[ref.iri] = ref
            items = sorted(refs.values(), key=lambda r: r.iri)
            tokens = {r.iri: set(self.agency_key(r.label, prov_ref).split()) - _GENERIC for r in items}
            for i, a in enumerate(items):
                for b in items[i + 1:]:
                    ta, tb = tokens[a.iri], tokens[b.iri]
                    if not ta or not tb:
                        continue
                    jaccard = len(ta & tb) / len(ta | tb)
                    subset = (ta < tb or tb < ta) and min(len(ta), len(tb)) >= 3
                    if subset or jaccard >= 0.75:
                        reason = "one name contains the other" if subset else "names share most words"
                        self._candidate(out, Judgement("agency", prov_slug, a.label, b.label, a.iri, b.iri,
                                                       reason=reason, score=round(jaccard, 3)))
        for (prov_slug, agency_iri), names in sorted(self._people.items()):
            ordered = sorted(names)
            for i, a in enumerate(ordered):
                for b in ordered[i + 1:]:
                    ta, tb = key(a).split(), key(b).split()
                    short, long_ = sorted((ta, tb), key=len)
                    if short != long_ and long_[-len(short):] == short:
                        prov_ref = ProvinceRef(prov_slug, None)
                        agency = AgencyRef(agency_iri, "", prov_ref) if agency_iri else None
                        self._candidate(out, Judgement(
                            "person", prov_slug, a, b, self.person(a, agency, prov_ref).iri,
                            self.person(b, agency, prov_ref).iri,
                            reason="one name ends the other, same agency", score=round(len(short) / len(long_), 3)))
        by_name: dict[tuple[str, str], dict[str, str]] = defaultdict(dict)   # -> agency IRI: name as written
        for (prov_slug, agency_iri), names in self._people.items():
            for n in names:
                if agency_iri:
                    by_name[(prov_slug, key(n))].setdefault(agency_iri, n)
        for (prov_slug, _), agencies in sorted(by_name.items()):
            if len(agencies) < 2:
                continue
            prov_ref = ProvinceRef(prov_slug, None)
            first, *rest = sorted(agencies)
            name = agencies[first]
            for other in rest:
                left = self.person(name, AgencyRef(first, "", prov_ref), prov_ref).iri
                right = self.person(agencies[other], AgencyRef(other, "", prov_ref), prov_ref).iri
                j = Judgement("person", prov_slug, f"{name} ({first.rsplit('/', 1)[1]})",
                              f"{agencies[other]} ({other.rsplit('/', 1)[1]})", left, right,
                              reason="same name, different agencies", score=None)
                self._candidate(out, j)
        return sorted(out.values(), key=lambda j: j.id)

    def _candidate(self, out: dict, j: Judgement) -> None:
        decided = self.judgements.get(j.pair_key)
        if decided is not None and decided.decision != "unsure":
            return
        out[j.pair_key] = j
