"""Facts -> RDF in a store: articles, resolved entities, fact nodes with provenance,
conflicts, lineage and resolution judgements (the model: ontology/README.md).

Input is read twice: the first pass only collects names, so entity resolution sees every
alias before any IRI is chosen and the graph does not depend on input order; the second
pass writes. Nothing here uses the clock or random numbers, and every node has an IRI
derived from its content, so the same input gives the same graph and a rebuild adds nothing.
"""

from __future__ import annotations

import json
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from graph import lineage
from graph.resolve import (
    AgencyRef,
    Judgement,
    ProvinceRef,
    Resolver,
    province,
    read_judgements,
    write_judgements,
)
from graph.statements import (
    Evidence,
    Statement,
    date_literal,
    decimal_literal,
    seen_literal,
    seen_time,
    year_literal,
)
from graph.store import GraphStore, StoreError, open_store
from graph.vocab import (
    ALT_LABEL,
    AWARD_KINDS,
    AWARD_LABELS,
    DECISIONS,
    EVENT_KINDS,
    ORG,
    PREF_LABEL,
    PROV,
    ROLES,
    SCHEMA,
    STATUSES,
    THD,
    A,
    sparql_prefixes,
)
from graph.vocab import ID as IDNS
from thidua import paths
from thidua.text import clean

FACT_TYPES = ("role", "member", "award", "event", "person")
TEXT_SUFFIXES = (".txt", ".html", ".htm")
BATCH = 20_000   # triples per write


class BuildError(Exception):
    """An input the build cannot use at all (missing file, unknown kind): the message says what to do."""


@dataclass
class ArticleInfo:
    iri: str
    province: str | None = None
    headline: str | None = None
    published: str | None = None
    seen: str | None = None


@dataclass
class Summary:
    articles: int = 0
    facts: int = 0
    skipped: int = 0
    statements: int = 0
    triples_before: int = 0
    triples_after: int = 0
    agencies: int = 0
    blocs: int = 0
    people: int = 0
    conflicts: int = 0
    unsure: int = 0
    seconds: float = 0.0
    problems: list[str] = field(default_factory=list)

    @property
    def added(self) -> int:
        return self.triples_after - self.triples_before

    def line(self) -> str:
        rate = self.facts / self.seconds if self.seconds else 0.0
        return (f"built {self.articles} articles, {self.facts} facts ({self.skipped} skipped) -> "
                f"{self.statements} statements; {self.agencies} agencies, {self.blocs} blocs, "
                f"{self.people} people; {self.conflicts} conflicting chair pairs, {self.unsure} unsure "
                f"merges; triples {self.triples_before} -> {self.triples_after} (+{self.added}) "
                f"in {self.seconds:.1f}s ({rate:.0f} facts/s)")


# -- reading inputs ----------------------------------------------------------------------------


def file_iri(path: Path) -> str:
    return path.resolve().as_uri()


def _first_line(path: Path) -> str | None:
    try:
        with open(path, encoding="utf-8", errors="replace") as fh:
            line = clean(fh.readline()).strip()
        if path.suffix.lower() in (".html", ".htm"):
            return _html_title(path)
        return line or None
    except OSError:
        return None


def _html_title(path: Path) -> str | None:
    import lxml.html

    try:
        tree = lxml.html.parse(str(path))
    except (OSError, ValueError):
        return None
    title = tree.findtext(".//title")
    return clean(title).strip() if title and title.strip() else None


def _mtime(path: Path) -> str | None:
    try:
        return seen_time(int(path.stat().st_mtime))
    except OSError:
        return None


class Inputs:
    """The facts of the inputs, as (article, fact) pairs; iterable more than once."""

    def __init__(self, files: Iterable[str | Path] = (), db: str | Path | None = None,
                 province: str | None = None, docs: Iterable[str | Path] = (),
                 warn: Callable[[str], None] | None = None) -> None:
        self.files = [Path(f) for f in files]
        self.db = Path(db) if db else None
        self.province = province
        self.docs = [Path(d) for d in docs]
        self.warn = warn or (lambda message: print(f"thidua build: {message}", file=sys.stderr))
        self._extracted: dict[str, list[dict]] = {}
        self._articles: dict[str, ArticleInfo] = {}
        self.problems: list[str] = []
        for f in self.files:
            if not f.exists():
                raise BuildError(f"{f}: no such file (give .jsonl facts, .txt/.html articles, or --db)")
            if f.suffix.lower() not in (".jsonl", ".json", *TEXT_SUFFIXES):
                raise BuildError(f"{f}: cannot read a {f.suffix or 'suffix-less'} file "
                                 "(give .jsonl facts or .txt/.html articles)")
        if self.db is not None and not self.db.exists():
            raise BuildError(f"{self.db}: no article store there (run `thidua crawl` first, or give --db)")

    def _problem(self, message: str, first_pass: bool) -> None:
        if first_pass:
            self.problems.append(message)
            self.warn(message)

    def __iter__(self) -> Iterator[tuple[ArticleInfo, dict]]:
        return self.pairs(first_pass=False)

    def pairs(self, first_pass: bool) -> Iterator[tuple[ArticleInfo, dict]]:
        for f in self.files:
            if f.suffix.lower() in TEXT_SUFFIXES:
                yield from self._text_file(f, first_pass)
            else:
                yield from self._facts_file(f, first_pass)
        if self.db is not None:
            yield from self._article_store(first_pass)

    def _facts_file(self, path: Path, first_pass: bool) -> Iterator[tuple[ArticleInfo, dict]]:
        seen = _mtime(path)
        with open(path, encoding="utf-8") as fh:
            for number, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                try:
                    fact = json.loads(line)
                except json.JSONDecodeError as error:
                    self._problem(f"{path}:{number}: not JSON ({error.msg}); line skipped", first_pass)
                    continue
                if not isinstance(fact, dict):
                    self._problem(f"{path}:{number}: not a JSON object; line skipped", first_pass)
                    continue
                article = self._article_for(fact, path, seen)
                fact.setdefault("_where", f"{path}:{number}")
                yield article, fact

    def _article_for(self, fact: dict, facts_file: Path, seen: str | None) -> ArticleInfo:
        """The article a fact of a facts file belongs to: its URL, or the file its `doc` names."""
        doc = str(fact.get("url") or fact.get("canonical_url") or fact.get("doc") or facts_file.stem)
        cached = self._articles.get(doc)
        if cached is not None:
            return cached
        if doc.startswith(("http://", "https://", "file:")):
            info = ArticleInfo(doc)
        else:
            path = self._find_doc(doc, facts_file)
            info = ArticleInfo(file_iri(path), headline=_first_line(path) if path.exists() else None)
        info.province = fact.get("province") or self.province
        info.seen = seen_time(fact.get("fetched_at") or fact.get("seen")) or seen
        self._articles[doc] = info
        return info

    def _find_doc(self, doc: str, facts_file: Path) -> Path:
        raw = Path(doc)
        candidates = [raw, facts_file.parent / raw]
        for d in self.docs:
            candidates += [d / raw, *(d / f"{raw.name}{s}" for s in (".txt", ".html"))]
            candidates += sorted(d.glob(f"{raw.name}*.txt"))[:1]
        for c in candidates:
            if c.is_file():
                return c
        return facts_file.parent / raw

    def _text_file(self, path: Path, first_pass: bool) -> Iterator[tuple[ArticleInfo, dict]]:
        key = str(path)
        if key not in self._extracted:
            try:
                from graph.extract import BadInput, extract_file
            except ImportError as error:
                raise BuildError(f"{path}: the extractor (graph.extract) is not available ({error}); "
                                 "give a facts .jsonl file instead") from error
            try:
                self._extracted[key] = extract_file(str(path), province=self.province)
            except BadInput as error:
                self._extracted[key] = []
                self._problem(f"{error}; file skipped", first_pass)
                return
        info = self._articles.get(key)
        if info is None:
            info = self._articles[key] = ArticleInfo(file_iri(path), self.province, _first_line(path),
                                                     seen=_mtime(path))
        for fact in self._extracted[key]:
            if not info.province and fact.get("province"):
                info.province = fact["province"]
            yield info, fact

    def _article_store(self, first_pass: bool) -> Iterator[tuple[ArticleInfo, dict]]:
        try:
            from crawler.store import ArticleStore
        except ImportError as error:
            raise BuildError(f"--db {self.db}: the article store (crawler.store) is not available ({error})") from error
        with ArticleStore(self.db) as store:
            unextracted = {a.canonical_url for a in store.without_facts()}
            for article in store.articles():
                url = article.canonical_url or article.url
                # stored while the extractor was unavailable: extract on the way
                facts = self._extract_article(article) if url in unextracted else store.facts(url)
                info = ArticleInfo(url, article.province or self.province, article.title or None,
                                   article.published, seen_time(article.fetched_at))
                for fact in facts:
                    yield info, fact

    def _extract_article(self, article: Any) -> list[dict]:
        url = article.canonical_url or article.url
        if url not in self._extracted:
            try:
                from graph.extract import extract_article
            except ImportError:
                self._extracted[url] = []
            else:
                if not article.province and self.province:
                    article.province = self.province
                self._extracted[url] = extract_article(article)
        return self._extracted[url]


# -- facts -> statements -----------------------------------------------------------------------


def _names(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list):
        return [str(v) for v in value if v and str(v).strip()]
    return [str(value)] if str(value).strip() else []


def _int(value: Any) -> int | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        return int(str(value).strip())
    except ValueError:
        return None


def _problem(fact: dict, message: str) -> str:
    return f"{fact.get('_where') or fact.get('doc') or '?'}: {fact.get('type')} fact {message}; skipped"


def _observe(resolver: Resolver, article: ArticleInfo, fact: dict, default_province: str | None) -> None:
    prov = province(fact.get("province") or article.province or default_province)
    kind = fact.get("type")
    if kind in FACT_TYPES and fact.get("bloc"):
        resolver.observe_bloc(str(fact["bloc"]), prov)
    for name_field in ("agency", "recipient", "host"):
        names = _names(fact.get(name_field))
        if names:
            resolver.observe_agency(names, prov)


def to_statement(resolver: Resolver, article: ArticleInfo, fact: dict,
                 default_province: str | None) -> tuple[Statement | None, dict[str, Any], str | None]:
    """The statement a fact makes (None and a reason when it cannot be used) and its entities."""
    prov = province(fact.get("province") or article.province or default_province)
    kind = fact.get("type")
    entities: dict[str, Any] = {"province": prov}
    fields: dict[str, Any] = {}
    written: list[str] = []
    if kind not in FACT_TYPES:
        return None, entities, f"has an unknown type {kind!r}"

    def agency(name_field: str) -> AgencyRef | None:
        names = _names(fact.get(name_field))
        if not names:
            return None
        ref = resolver.agency(names, prov)
        entities.setdefault("agencies", []).append((ref, names))
        written.extend(names)
        return ref

    if kind in ("role", "member"):
        bloc_name, agency_ref = fact.get("bloc"), agency("agency")
        year = _int(fact.get("year"))
        if not bloc_name or agency_ref is None:
            return None, entities, "lacks its bloc or agency"
        if kind == "role" and (fact.get("role") not in ROLES or year is None):
            return None, entities, "lacks a year or a role (chair / vice_chair)"
        bloc = resolver.bloc(str(bloc_name), prov)
        entities["bloc"] = (bloc, str(bloc_name))
        subject = bloc.iri
        fields = {"member": agency_ref.iri, "year": year, "role": fact.get("role") if kind == "role" else "member"}
    elif kind == "award":
        recipient = agency("recipient")
        year = _int(fact.get("year"))
        award = fact.get("award") if fact.get("award") in AWARD_KINDS else "other"
        if recipient is None or year is None:
            return None, entities, "lacks its recipient or year"
        subject = recipient.iri
        fields = {"award": award, "year": year, "status": fact.get("status") if fact.get("status") in STATUSES else None,
                  "rank": _int(fact.get("rank")), "conferrer": fact.get("conferrer") or None,
                  "label": fact.get("award_label") or None}
        if fact.get("bloc"):
            bloc = resolver.bloc(str(fact["bloc"]), prov)
            entities["bloc"] = (bloc, str(fact["bloc"]))
            fields["bloc"] = bloc.iri
    elif kind == "event":
        event_kind = fact.get("kind") if fact.get("kind") in EVENT_KINDS else "other"
        host = agency("host")
        fields = {"kind": event_kind, "date": fact.get("date") or None, "period": _int(fact.get("period")),
                  "host": host.iri if host else None}
        subject = prov.iri
        if fact.get("bloc"):
            bloc = resolver.bloc(str(fact["bloc"]), prov)
            entities["bloc"] = (bloc, str(fact["bloc"]))
            fields["bloc"] = subject = bloc.iri
    else:  # person
        name = fact.get("name")
        if not name or not str(name).strip():
            return None, entities, "lacks a name"
        agency_ref = agency("agency")
        person = resolver.person(str(name), agency_ref, prov)
        resolver.observe_person(str(name), agency_ref, prov)
        entities["person"] = person
        subject = person.iri
        written.insert(0, str(name))
        fields = {"agency": agency_ref.iri if agency_ref else None, "position": fact.get("position") or None}
    evidence = []
    ev = fact.get("evidence")
    if isinstance(ev, dict) and isinstance(ev.get("start"), int) and isinstance(ev.get("end"), int):
        evidence.append(Evidence(ev["start"], ev["end"], str(ev.get("text") or "")))
    confidence = fact.get("confidence")
    statement = Statement(
        source=article.iri, subject=subject, prop=kind,
        fields={k: v for k, v in fields.items() if v is not None},
        as_written=[" ".join(clean(w).split()) for w in written], evidence=evidence,
        confidence=float(confidence) if isinstance(confidence, int | float) and not isinstance(confidence, bool) else None,
        first_seen=article.seen, last_seen=article.seen)
    return statement, entities, None


# -- statements -> triples ---------------------------------------------------------------------

Triple = tuple[Any, Any, Any]


def _lit_vi(text: str) -> Literal:
    return Literal(text, lang="vi")


def statement_triples(st: Statement) -> list[Triple]:
    node = IDNS[f"fact/{st.id}"]
    f = st.fields
    out: list[Triple] = [(node, PROV.wasDerivedFrom, URIRef(st.source))]
    add = out.append
    if st.prop in ("role", "member"):
        add((node, A, THD.RoleTenure if st.prop == "role" else THD.BlocMembership))
        add((node, ORG.organization, URIRef(st.subject)))
        add((node, ORG.member, URIRef(f["member"])))
        add((node, ORG.role, ROLES.get(f["role"], THD.Member)))
        if f.get("year") is not None:
            add((node, THD.year, year_literal(f["year"])))
    elif st.prop == "award":
        add((node, A, THD.AwardFact))
        add((node, THD.awardKind, AWARD_KINDS[f["award"]]))
        add((node, THD.awardLabel, Literal(f.get("label") or AWARD_LABELS[f["award"]])))
        add((node, THD.yearRewarded, year_literal(f["year"])))
        add((node, THD.recipient, URIRef(st.subject)))
        if "status" in f:
            add((node, THD.status, STATUSES[f["status"]]))
        if "conferrer" in f:
            add((node, THD.conferrer, Literal(str(f["conferrer"]))))
        if "rank" in f:
            add((node, THD.rank, Literal(f["rank"])))
        if "bloc" in f:
            add((node, THD.bloc, URIRef(f["bloc"])))
    elif st.prop == "event":
        add((node, A, THD.Conference))
        add((node, THD.eventKind, EVENT_KINDS[f["kind"]]))
        date = date_literal(f.get("date"))
        if date is not None:
            add((node, SCHEMA.startDate, date))
        if f.get("period") is not None and year_literal(f["period"]) is not None:
            add((node, THD.period, year_literal(f["period"])))
        if "bloc" in f:
            add((node, THD.bloc, URIRef(f["bloc"])))
        if "host" in f:
            add((node, THD.host, URIRef(f["host"])))
    else:
        add((node, A, THD.PositionHeld))
        add((node, THD.person, URIRef(st.subject)))
        if "agency" in f:
            add((node, THD.agency, URIRef(f["agency"])))
        if "position" in f:
            add((node, THD.position, Literal(str(f["position"]))))
    for raw in st.as_written:
        add((node, THD.asWritten, Literal(raw)))
    if st.confidence is not None:
        add((node, THD.confidence, decimal_literal(st.confidence)))
    if st.first_seen:
        add((node, THD.firstSeen, seen_literal(st.first_seen)))
        add((node, THD.lastSeen, seen_literal(st.last_seen)))
    for ev in st.evidence:
        e = IDNS[f"fact/{st.id}/evidence/{ev.start}-{ev.end}"]
        add((node, THD.evidence, e))
        add((e, A, THD.Evidence))
        add((e, THD.text, Literal(ev.text)))
        add((e, THD.start, Literal(ev.start)))
        add((e, THD.end, Literal(ev.end)))
    return out


class _Writer:
    """Buffers triples and writes them in batches; remembers which entities it has described."""

    def __init__(self, store: GraphStore, labelled: set[str]) -> None:
        self.store = store
        self.labelled = labelled       # entities that already have a prefLabel in the store
        self.described: set[str] = set()
        self.buffer: list[Triple] = []
        self.counts = {"agency": 0, "bloc": 0, "person": 0}

    def add(self, triples: Iterable[Triple]) -> None:
        self.buffer.extend(triples)
        if len(self.buffer) >= BATCH:
            self.flush()

    def flush(self) -> None:
        if self.buffer:
            self.store.add(self.buffer)
            self.buffer = []

    def entity(self, iri: str, kind: str, rdf_type: URIRef, label: str, prov: ProvinceRef,
               forms: Iterable[str] = (), extra: Iterable[Triple] = ()) -> None:
        if iri in self.described:
            return
        self.described.add(iri)
        if kind in self.counts:
            self.counts[kind] += 1
        node = URIRef(iri)
        out: list[Triple] = [(node, A, rdf_type)]
        if iri not in self.labelled:
            out.append((node, PREF_LABEL, _lit_vi(label)))
        out += [(node, ALT_LABEL, _lit_vi(f)) for f in forms if f != label]
        if kind != "province":
            out.append((node, THD.province, URIRef(prov.iri)))
        out.extend(extra)
        self.add(out)

    def province(self, prov: ProvinceRef) -> None:
        self.entity(prov.iri, "province", THD.Province, prov.label or "không rõ", prov)


def _entity_triples(writer: _Writer, resolver: Resolver, entities: dict[str, Any]) -> None:
    prov: ProvinceRef = entities["province"]
    writer.province(prov)
    for ref, _names in entities.get("agencies", []):
        if ref.iri in writer.described:
            continue
        extra: list[Triple] = []
        if ref.entry is not None:
            extra.append((URIRef(ref.iri), THD.gazetteerId, Literal(ref.entry.id)))
        writer.entity(ref.iri, "agency", THD.Agency, ref.label, ref.province, resolver.agency_forms(ref), extra)
    if "bloc" in entities and entities["bloc"][0].iri not in writer.described:
        bloc, _ = entities["bloc"]
        extra = []
        if bloc.number is not None:
            extra.append((URIRef(bloc.iri), THD.blocNumber, Literal(bloc.number)))
        if bloc.kind:
            extra.append((URIRef(bloc.iri), THD.blocType, THD.Khoi if bloc.kind == "khoi" else THD.Cum))
        writer.entity(bloc.iri, "bloc", THD.Bloc, bloc.label, prov, resolver.bloc_forms(bloc, prov), extra)
    if "person" in entities:
        person = entities["person"]
        writer.entity(person.iri, "person", SCHEMA.Person, person.name, prov,
                      extra=[(URIRef(person.iri), SCHEMA.name, Literal(person.name))])


def _article_triples(article: ArticleInfo, default_province: str | None) -> list[Triple]:
    node = URIRef(article.iri)
    out: list[Triple] = [(node, A, SCHEMA.NewsArticle), (node, SCHEMA.url, Literal(article.iri, datatype=XSD.anyURI))]
    if article.headline:
        out.append((node, SCHEMA.headline, Literal(article.headline)))
    published = date_literal(article.published)
    if published is not None:
        out.append((node, SCHEMA.datePublished, published))
    prov = province(article.province or default_province)
    out.append((node, THD.province, URIRef(prov.iri)))
    return out


# -- after the facts: conflicts, seen-times, judgements ----------------------------------------

_CHAIRS = sparql_prefixes() + """
SELECT ?f ?bloc ?year ?member WHERE {
  ?f a thd:RoleTenure ; org:role thd:Chair ; org:organization ?bloc ; thd:year ?year ; org:member ?member .
}"""

_SEEN_CLEANUP = sparql_prefixes() + """
DELETE { ?f thd:firstSeen ?later } WHERE { ?f thd:firstSeen ?earlier, ?later . FILTER (?earlier < ?later) } ;
DELETE { ?f thd:lastSeen ?earlier } WHERE { ?f thd:lastSeen ?earlier, ?later . FILTER (?earlier < ?later) }
"""

_DROP_JUDGEMENTS = sparql_prefixes() + "DELETE WHERE { ?j a thd:Judgement ; ?p ?o }"


def conflict_triples(store: GraphStore) -> list[Triple]:
    """thd:conflictsWith, both ways, between chair tenures of one bloc and year naming different
    agencies. Grouped here rather than by a SPARQL self-join, which rdflib evaluates in
    quadratic time (two minutes for 1,000 articles)."""
    rows = store.query(_CHAIRS)
    assert isinstance(rows, list)
    groups: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    for r in rows:
        groups[(str(r["bloc"]), str(r["year"]))].append((str(r["f"]), str(r["member"])))
    out: list[Triple] = []
    for tenures in groups.values():
        for fa, ma in tenures:
            for fb, mb in tenures:
                if ma != mb:
                    out.append((URIRef(fa), THD.conflictsWith, URIRef(fb)))
    return sorted(set(out))


def judgement_triples(j: Judgement) -> list[Triple]:
    node = URIRef(j.iri)
    out: list[Triple] = [(node, A, THD.Judgement), (node, THD.decision, DECISIONS[j.decision]),
                         (node, THD.decidedBy, Literal(j.decided_by))]
    if j.left:
        out.append((node, THD.left, URIRef(j.left)))
    if j.right:
        out.append((node, THD.right, URIRef(j.right)))
    if j.reason:
        out.append((node, THD.reason, Literal(j.reason)))
    if j.score is not None:
        out.append((node, THD.score, decimal_literal(j.score)))
    out.append((node, PREF_LABEL, Literal(f"{j.left_name} ≟ {j.right_name}", lang="vi")))
    return out


def default_judgements_path(store: GraphStore) -> Path | None:
    """data/judgements.jsonl beside an embedded store directory; DATA_DIR's for an endpoint."""
    spec = store.spec
    if spec in ("memory:", "oxigraph:"):
        return None
    if spec.startswith(("http://", "https://")):
        return paths.DATA_DIR / "judgements.jsonl"
    return Path(spec).parent / "judgements.jsonl"


# -- the build ---------------------------------------------------------------------------------


def _labelled(store: GraphStore) -> set[str]:
    rows = store.query(sparql_prefixes() + "SELECT DISTINCT ?s WHERE { ?s skos:prefLabel ?l . FILTER isIRI(?s) }")
    assert isinstance(rows, list)
    return {str(r["s"]) for r in rows}


def build(inputs: Iterable[str | Path] | Inputs = (), *, province_name: str | None = None,
          store: GraphStore | str | Path | None = None, db: str | Path | None = None,
          docs: Iterable[str | Path] = (), judgements: Path | None | bool = True,
          statements_out: Path | None = None, progress: Callable[[str], None] | None = None) -> Summary:
    """Build the graph of `inputs` (facts .jsonl, article .txt/.html) and `db` into `store`.

    judgements: a path, True (the default file beside the store) or False/None (none).
    statements_out: also write every statement as a JSON line (FtM-style records), in input order.
    """
    started = time.perf_counter()
    own_store = not isinstance(store, GraphStore)
    target = store if isinstance(store, GraphStore) else open_store(store)
    source = inputs if isinstance(inputs, Inputs) else Inputs(inputs, db, province_name, docs)
    province_name = province_name or source.province
    summary = Summary()
    try:
        jpath = default_judgements_path(target) if judgements is True else (judgements or None)
        decided = read_judgements(jpath)
        summary.triples_before = len(target)
        labelled = _labelled(target) if summary.triples_before else set()
        resolver = Resolver(decided, existing=labelled)

        for article, fact in source.pairs(first_pass=True):     # pass 1: names
            _observe(resolver, article, fact, province_name)
        resolver.finish()

        writer = _Writer(target, labelled)
        pending: dict[str, Statement] = {}
        articles: set[str] = set()
        current: str | None = None
        last_report = time.perf_counter()

        statements_fh = open(statements_out, "w", encoding="utf-8") if statements_out else None

        def flush_article() -> None:
            for st in pending.values():
                writer.add(statement_triples(st))
                if statements_fh:
                    statements_fh.write(json.dumps(st.to_json(), ensure_ascii=False, sort_keys=True) + "\n")
            summary.statements += len(pending)
            pending.clear()

        for article, fact in source.pairs(first_pass=False):    # pass 2: write
            if article.iri != current:
                flush_article()
                current = article.iri
                if article.iri not in articles:
                    articles.add(article.iri)
                    writer.add(_article_triples(article, province_name))
            summary.facts += 1
            st, entities, problem = to_statement(resolver, article, fact, province_name)
            if st is None:
                summary.skipped += 1
                message = _problem(fact, problem or "is unusable")
                summary.problems.append(message)
                if len(summary.problems) <= 20:
                    source.warn(message)
                continue
            _entity_triples(writer, resolver, entities)
            if st.id in pending:
                pending[st.id].merge(st)
            else:
                pending[st.id] = st
            if progress and time.perf_counter() - last_report > 2:
                last_report = time.perf_counter()
                rate = summary.facts / (last_report - started)
                progress(f"build: {len(articles)} articles, {summary.facts} facts ({rate:.0f}/s)")
        flush_article()
        if statements_fh:
            statements_fh.close()

        agencies = {ref.iri: ref for ref in resolver._agency_out.values()}
        writer.add(lineage.triples(agencies.values(), writer))
        writer.flush()

        summary.articles = len(articles)
        summary.agencies = writer.counts["agency"]
        summary.blocs = writer.counts["bloc"]
        summary.people = writer.counts["person"]
        summary.problems = source.problems + summary.problems

        conflicts = conflict_triples(target)
        target.add(conflicts)
        summary.conflicts = len(conflicts) // 2
        if summary.triples_before:
            target.update(_SEEN_CLEANUP)

        candidates = resolver.uncertain()
        kept = {j.pair_key: j for j in decided}
        for j in candidates:
            kept.setdefault(j.pair_key, j)
        summary.unsure = sum(1 for j in kept.values() if j.decision == "unsure")
        target.update(_DROP_JUDGEMENTS)
        target.add([t for j in sorted(kept.values(), key=lambda j: j.id) for t in judgement_triples(j)])
        if jpath is not None and (kept or jpath.exists()):
            write_judgements(jpath, kept.values())
        target.flush()
        summary.triples_after = len(target)
    finally:
        if own_store:
            target.close()
    summary.seconds = time.perf_counter() - started
    return summary


__all__ = ["BuildError", "Inputs", "StoreError", "Summary", "build", "statement_triples", "to_statement"]
