"""Rotation lookup latency: p50/p95 of `graph.rotation.rotation(store, bloc, province)` on
synthetic graphs of ~10^4, 10^5 and 10^6 triples, embedded Oxigraph (on disk) beside
rdflib's in-memory store (the baseline) in the same run.

One lookup is what `thidua rotation --bloc B --province P` does after start-up: match the
province and the bloc by name (the `provinces` and `blocs` queries), then the `rotation`
and `bloc-awards` queries of that bloc. The graphs follow ontology/README.md: provinces,
numbered blocs, agencies, a chair and a vice-chair per bloc and year (2015-2024) with
evidence, one or two awards per bloc and year, member lists. They are generated as
triples here (not through `thidua build`, whose speed bench/graph.py measures), with a
fixed seed, so every run measures the same graphs.

Each store answers 30 lookups of random blocs, or fewer (at least 3) once 90 s are spent:
rdflib needs seconds per lookup at 10^6 triples. Figures: p50/p95 in ms and the ratio of
rdflib's p50 to Oxigraph's.

Run: make bench-query   (or .venv/bin/python -m bench.query [SIZE ...] [--reps N])
"""

from __future__ import annotations

import random
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, SKOS, XSD

from graph.rotation import rotation
from graph.store import GraphStore, open_store
from thidua.text import slug

THD = "https://w3id.org/thidua/ontology#"
ID = "https://w3id.org/thidua/id/"
ORG = "http://www.w3.org/ns/org#"
PROV = "http://www.w3.org/ns/prov#"
SCHEMA = "http://schema.org/"
YEARS = range(2015, 2025)
AGENCY_NAMES = ["Sở Tài chính", "Sở Tư pháp", "Sở Y tế", "Sở Nội vụ", "Sở Kế hoạch và Đầu tư", "Sở Xây dựng",
                "Sở Công Thương", "Sở Giáo dục và Đào tạo", "Thanh tra tỉnh", "Văn phòng Ủy ban nhân dân tỉnh",
                "Sở Giao thông vận tải", "Sở Tài nguyên và Môi trường", "Sở Khoa học và Công nghệ", "Ban Dân tộc"]
TRIPLES_PER_BLOC = 420  # measured average of the generator below: sizes blocs from a triple target


def t(name: str) -> URIRef:
    return URIRef(THD + name)


def synthetic(target_triples: int, seed: int = 5) -> tuple[list[tuple], list[tuple[str, str]]]:
    """(triples, [(bloc label, province label)]) of a graph of about `target_triples`."""
    rng = random.Random(seed)
    blocs_total = max(2, target_triples // TRIPLES_PER_BLOC)
    n_prov = min(34, max(1, blocs_total // 4))
    out: list[tuple] = []
    add = out.append
    lookups = []
    fact_no = 0

    def fact(cls: str, source: URIRef, props: list[tuple[URIRef, object]], sentence: str) -> None:
        nonlocal fact_no
        fact_no += 1
        node = URIRef(f"{ID}fact/{fact_no:016x}")
        ev = URIRef(f"{node}/evidence")
        add((node, RDF.type, t(cls)))
        for p, o in props:
            add((node, p, o))
        add((node, URIRef(PROV + "wasDerivedFrom"), source))
        add((node, t("evidence"), ev))
        add((ev, RDF.type, t("Evidence")))
        add((ev, t("text"), Literal(sentence)))

    for b in range(blocs_total):
        p = b % n_prov
        prov_label = f"Tỉnh Mẫu {p + 1}"
        prov = URIRef(f"{ID}province/{slug(prov_label)}")
        if b < n_prov:
            add((prov, RDF.type, t("Province")))
            add((prov, SKOS.prefLabel, Literal(prov_label, lang="vi")))
        number = b // n_prov + 1
        bloc_label = f"Khối thi đua số {number}"
        bloc = URIRef(f"{ID}bloc/{slug(prov_label)}/khoi-{number}")
        add((bloc, RDF.type, t("Bloc")))
        add((bloc, SKOS.prefLabel, Literal(bloc_label, lang="vi")))
        add((bloc, t("blocNumber"), Literal(number)))
        add((bloc, t("province"), prov))
        lookups.append((bloc_label, prov_label))
        members = []
        for name in rng.sample(AGENCY_NAMES, 8):
            agency = URIRef(f"{ID}agency/{slug(prov_label)}/{slug(name)}-{number}")
            members.append((agency, name))
            add((agency, RDF.type, t("Agency")))
            add((agency, SKOS.prefLabel, Literal(f"{name} ({number})", lang="vi")))
            add((agency, t("province"), prov))
        for year in YEARS:
            source = URIRef(f"http://bench.test/{slug(prov_label)}/khoi-{number}/{year}")
            add((source, RDF.type, URIRef(SCHEMA + "NewsArticle")))
            add((source, URIRef(SCHEMA + "headline"), Literal(f"{bloc_label} tổng kết năm {year}")))
            chair, vice = rng.sample(members, 2)
            y = Literal(str(year), datatype=XSD.gYear)
            for role, (agency, name) in (("Chair", chair), ("ViceChair", vice)):
                fact("RoleTenure", source, [(URIRef(ORG + "organization"), bloc), (URIRef(ORG + "member"), agency),
                                            (URIRef(ORG + "role"), t(role)), (t("year"), y)],
                     f"{name} giữ vai trò {role} của {bloc_label} năm {year}.")
            for kind in rng.sample(["CoThiDua", "BangKhen"], rng.randint(1, 2)):
                agency, name = rng.choice(members)
                fact("AwardFact", source, [(t("awardKind"), t(kind)), (t("awardLabel"), Literal(kind)),
                                           (t("yearRewarded"), y), (t("recipient"), agency),
                                           (t("status"), t("Proposed")), (t("bloc"), bloc)],
                     f"Đề nghị tặng {kind} cho {name} năm {year}.")
        for agency, name in members[:4]:
            fact("BlocMembership", URIRef(f"http://bench.test/{slug(prov_label)}/khoi-{number}/{YEARS[-1]}"),
                 [(URIRef(ORG + "organization"), bloc), (URIRef(ORG + "member"), agency),
                  (URIRef(ORG + "role"), t("Member"))], f"{name} là thành viên {bloc_label}.")
    return out, lookups


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def measure(store: GraphStore, lookups: list[tuple[str, str]], reps: int, rng: random.Random,
            budget: float) -> list[float]:
    """`reps` timed lookups of random blocs, or fewer (at least 3) once `budget` seconds are spent."""
    rotation(store, *lookups[0])  # warm-up (gazetteer load, caches)
    times: list[float] = []
    while len(times) < reps and (len(times) < 3 or sum(times) < budget):
        bloc, province = rng.choice(lookups)
        t0 = time.perf_counter()
        table = rotation(store, bloc, province)
        times.append(time.perf_counter() - t0)
        assert len(table.years) == len(YEARS) and all(y.chair for y in table.years), "lookup answered wrong"
    return times


def batches(triples: list[tuple], size: int = 50_000) -> Iterator[list[tuple]]:
    for i in range(0, len(triples), size):
        yield triples[i:i + size]


def main(argv: list[str]) -> int:
    reps, budget = 30, 90.0
    if "--reps" in argv:
        i = argv.index("--reps")
        reps = int(argv[i + 1])
        argv = argv[:i] + argv[i + 2:]
    sizes = [int(float(a)) for a in argv] or [10**4, 10**5, 10**6]
    print("rotation lookup latency (ms): embedded Oxigraph vs rdflib memory (baseline), same graphs, same lookups")
    print(f"{'triples':>9} {'blocs':>6} {'store':<10} {'load s':>7} {'lookups':>7} {'p50 ms':>9} {'p95 ms':>9} "
          f"{'rdflib/oxigraph p50':>20}")
    workdir = Path(tempfile.mkdtemp(prefix="bench-query-"))
    try:
        for size in sizes:
            triples, lookups = synthetic(size)
            n = len(set(triples))
            row = {}
            for name in ("oxigraph", "rdflib"):
                spec = str(workdir / f"ox-{size}") if name == "oxigraph" else "memory:"
                store = open_store(spec)
                t0 = time.perf_counter()
                for batch in batches(triples):
                    store.add(batch)
                store.flush()
                load = time.perf_counter() - t0
                print(f"  {name}: {n} triples loaded in {load:.1f}s; up to {reps} lookups or {budget:.0f}s...",
                      file=sys.stderr, flush=True)
                times = measure(store, lookups, reps, random.Random(11), budget)
                row[name] = (load, percentile(times, 0.5) * 1000, percentile(times, 0.95) * 1000, len(times))
                store.close()
            for name in ("oxigraph", "rdflib"):
                load, p50, p95, count = row[name]
                ratio = f"{row['rdflib'][1] / row['oxigraph'][1]:.1f}x" if name == "rdflib" else "1.0x"
                print(f"{n:>9} {len(lookups):>6} {name:<10} {load:>7.1f} {count:>7} {p50:>9.1f} {p95:>9.1f} {ratio:>20}",
                      flush=True)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
