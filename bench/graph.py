"""Graph build benchmark: embedded Oxigraph against rdflib's in-memory graph (the baseline).

    make bench-graph                      # 1,000 / 10,000 / 100,000 articles
    python -m bench.graph --sizes 1000,10000 --stores memory,oxigraph

Facts are generated (deterministic seed) for N articles, about 8 facts each, written to a
JSON Lines file, and each (store, size) is built by `graph.build.build` in a fresh
subprocess, so its peak memory (ru_maxrss, which also counts Oxigraph's native memory) is
its own. Printed per run: seconds, triples, triples/s, peak RSS, and the ratios against the
rdflib memory store of the same size. A run whose projected time or memory (linear from the
previous size) exceeds the budget is skipped and reported as such.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BASELINE = "memory"
STORES = {"memory": "memory:", "oxigraph": None}   # None: an Oxigraph directory in the temp dir


def generate(n_articles: int, path: Path, seed: int = 2026) -> int:
    """Write the facts of `n_articles` synthetic articles; returns the number of facts."""
    from graph.gazetteer import load

    gaz = load()
    provinces = [p.name for p in gaz.provinces(new=True)]
    agencies = sorted({e.name for e in gaz.entries.values() if e.kind in ("so", "office", "board", "mass", "fund")})
    surnames = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ"]
    middles = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Quang", "Thu", "Ngọc"]
    givens = ["An", "Bình", "Chi", "Dũng", "Hà", "Hải", "Hương", "Lan", "Long", "Mai", "Nam", "Phương", "Sơn", "Tâm"]
    rng = random.Random(seed)
    count = 0
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(n_articles):
            province = provinces[i % len(provinces)]
            bloc = f"Khối thi đua số {rng.randint(1, 12)}"
            year = rng.randint(2015, 2025)
            picked = rng.sample(agencies, 6)
            doc = f"https://bench.invalid/{i:07d}"
            sentence = f"Bài sinh tự động {i}: {bloc} năm {year}, {picked[0]} làm Khối trưởng."
            evidence = {"start": 0, "end": len(sentence), "text": sentence}
            person = f"{rng.choice(surnames)} {rng.choice(middles)} {rng.choice(givens)}"
            facts = [
                {"type": "event", "kind": "tong_ket", "date": f"{year + 1}-01-{rng.randint(10, 28)}", "period": year,
                 "bloc": bloc, "host": picked[0]},
                {"type": "role", "bloc": bloc, "year": year + 1, "role": "chair", "agency": picked[1]},
                {"type": "role", "bloc": bloc, "year": year + 1, "role": "vice_chair", "agency": picked[2]},
                *({"type": "member", "bloc": bloc, "agency": a, "year": year} for a in picked[3:6]),
                {"type": "award", "award": rng.choice(["co_thi_dua", "bang_khen"]), "year": year,
                 "recipient": picked[rng.randint(0, 5)], "status": rng.choice(["proposed", "conferred"]),
                 "rank": rng.choice([None, 1, 2, 3]), "conferrer": "Ủy ban nhân dân tỉnh", "bloc": bloc},
                {"type": "person", "name": person, "position": "Giám đốc", "agency": picked[0]},
            ]
            for fact in facts:
                fact.update(doc=doc, province=province, evidence=evidence, confidence=0.9,
                            fetched_at="2026-01-01T00:00:00+00:00")
                fh.write(json.dumps(fact, ensure_ascii=False) + "\n")
                count += 1
    return count


def run_one(store: str, facts: Path, workdir: Path) -> dict:
    """One build in this process (called in a fresh subprocess by `main`)."""
    from graph.build import build
    from graph.store import open_store

    spec = STORES[store] or str(workdir / f"oxigraph-{facts.stem}")
    started = time.perf_counter()
    with open_store(spec) as target:
        summary = build([facts], store=target, judgements=False)
        built = time.perf_counter() - started
        q0 = time.perf_counter()
        target.query("PREFIX thd: <https://w3id.org/thidua/ontology#> PREFIX org: <http://www.w3.org/ns/org#> "
                     "SELECT ?b ?y ?a WHERE { ?f a thd:RoleTenure ; org:role thd:Chair ; org:organization ?b ; "
                     "thd:year ?y ; org:member ?a }")
        query = time.perf_counter() - q0
    return {"store": store, "facts": summary.facts, "triples": summary.triples_after, "seconds": built,
            "query_seconds": query, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def _available_mb() -> float:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("inf")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.graph", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000", help="article counts, comma-separated")
    parser.add_argument("--stores", default="memory,oxigraph", help="stores to measure (memory is the baseline)")
    parser.add_argument("--max-seconds", type=float, default=900.0, help="skip a run projected to take longer")
    parser.add_argument("--max-memory-share", type=float, default=0.4,
                        help="skip a run projected to need more than this share of the available memory")
    parser.add_argument("--one", nargs=3, metavar=("STORE", "FACTS", "WORKDIR"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(run_one(args.one[0], Path(args.one[1]), Path(args.one[2]))))
        return 0
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    stores = [s for s in args.stores.split(",") if s in STORES]
    results: dict[tuple[str, int], dict] = {}
    skipped: list[str] = []
    with tempfile.TemporaryDirectory(prefix="bench-graph-") as tmp:
        workdir = Path(tmp)
        for size in sizes:
            facts = workdir / f"facts-{size}.jsonl"
            t0 = time.perf_counter()
            n_facts = generate(size, facts)
            print(f"bench-graph: {size} articles -> {n_facts} facts generated in {time.perf_counter() - t0:.1f}s",
                  file=sys.stderr, flush=True)
            for store in stores:
                previous = [(s, r) for (st, s), r in results.items() if st == store]
                if previous:
                    last_size, last = max(previous)
                    factor = size / last_size
                    if last["seconds"] * factor > args.max_seconds:
                        skipped.append(f"{store} at {size}: projected {last['seconds'] * factor:.0f}s "
                                       f"> {args.max_seconds:.0f}s budget")
                        continue
                    if last["peak_mb"] * factor > args.max_memory_share * _available_mb():
                        skipped.append(f"{store} at {size}: projected {last['peak_mb'] * factor:.0f} MB peak "
                                       f"> {args.max_memory_share:.0%} of {_available_mb():.0f} MB available")
                        continue
                print(f"bench-graph: building {size} articles into {store} ...", file=sys.stderr, flush=True)
                proc = subprocess.run([sys.executable, "-m", "bench.graph", "--one", store, str(facts), tmp],
                                      capture_output=True, text=True)
                if proc.returncode != 0:
                    skipped.append(f"{store} at {size}: failed ({proc.stderr.strip().splitlines()[-1:]})")
                    continue
                results[(store, size)] = json.loads(proc.stdout.strip().splitlines()[-1])
            facts.unlink()
    print(f"{'articles':>9} {'store':>9} {'facts':>9} {'triples':>10} {'seconds':>8} {'triples/s':>10} "
          f"{'peak MB':>8} {'time x':>7} {'tps x':>6} {'mem x':>6} {'query s':>8}")
    for size in sizes:
        base = results.get((BASELINE, size))
        for store in stores:
            r = results.get((store, size))
            if r is None:
                continue
            tps = r["triples"] / r["seconds"] if r["seconds"] else 0.0
            if base:
                base_tps = base["triples"] / base["seconds"]
                ratios = (f"{r['seconds'] / base['seconds']:>7.2f} {tps / base_tps:>6.2f} "
                          f"{r['peak_mb'] / base['peak_mb']:>6.2f}")
            else:
                ratios = f"{'-':>7} {'-':>6} {'-':>6}"
            print(f"{size:>9} {store:>9} {r['facts']:>9} {r['triples']:>10} {r['seconds']:>8.1f} {tps:>10.0f} "
                  f"{r['peak_mb']:>8.0f} {ratios} {r['query_seconds']:>8.3f}")
    print("(ratios: against rdflib's memory store at the same size; x < 1 time/memory = cheaper)")
    for line in skipped:
        print(f"skipped: {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
