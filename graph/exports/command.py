"""`thidua export`: every file a user takes away from a store, written atomically, byte-stable.

    graph.ttl  graph.nt  graph.jsonld        the RDF graph (JSON-LD with ontology/context.jsonld)
    graph.graphml  graph.gexf                graph.project's NetworkX projection (yEd, Gephi)
    facts.jsonl                              the facts, FACTS.md shape, with id and source
    rotation.csv  rotation.xlsx              the rotation table of every bloc (a sheet per province)
    views/graph.html                         the interactive graph
    views/timeline/index.html, one per bloc  the bloc timelines
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from thidua import paths


def configure(parser: argparse.ArgumentParser) -> None:
    from graph.commands._common import add_store_option

    add_store_option(parser)
    parser.add_argument("--out", default=str(paths.EXPORTS_DIR), help="the exports directory (default exports/)")


def _step(label: str, fn: Callable[[], Any]) -> Any:
    start = time.perf_counter()
    result = fn()
    print(f"  {label} ({time.perf_counter() - start:.1f} s)", file=sys.stderr)
    return result


def export(store: Any, out: Path) -> list[Path]:
    """Write every export of `store` under `out`; returns the files written, in order."""
    from graph.exports import atomic, facts, network, rdf, tables
    from graph.rotation import all_blocs, rotation_of
    from graph.views.enrich import enrich
    from graph.views.evidence import EvidenceIndex
    from graph.views.graphview import graph_page, projection
    from graph.views.page import write_page
    from graph.views.timeline import file_name, write_timelines

    written: list[Path] = []
    if out.is_dir():  # temporaries of an export that was killed before it could remove them
        for leftover in sorted(out.rglob(".*.part")):
            leftover.unlink()

    def put(name: str, data: bytes) -> None:
        written.append(atomic.write_bytes(out / name, data))

    graph = _step(f"read {len(store)} triples", store.graph)
    _step("graph.ttl", lambda: put("graph.ttl", rdf.turtle(graph)))
    _step("graph.nt", lambda: put("graph.nt", rdf.ntriples(graph)))
    _step("graph.jsonld", lambda: put("graph.jsonld", rdf.jsonld(graph)))
    _step("facts.jsonl", lambda: put("facts.jsonl", facts.to_jsonl(graph)))
    g = _step("NetworkX projection", lambda: projection(graph))
    _step("graph.graphml", lambda: put("graph.graphml", network.graphml(g)))
    _step("graph.gexf", lambda: put("graph.gexf", network.gexf(g, rdf.newest_date(graph))))
    rotations = _step("rotation tables", lambda: [rotation_of(store, bloc) for bloc in all_blocs(store)])
    as_json = [r.to_json() for r in rotations]
    _step("rotation.csv", lambda: put("rotation.csv", tables.to_csv(as_json)))
    _step("rotation.xlsx", lambda: put("rotation.xlsx", tables.to_xlsx(as_json)))
    timelines = {r.bloc_iri: f"timeline/{file_name(r)}" for r in rotations}
    view = _step("views/graph.html", lambda: graph_page(enrich(g, graph), EvidenceIndex(graph), timelines=timelines,
                                                        timeline_index="timeline/index.html"))
    written.append(write_page(out / "views" / "graph.html", view.html))
    timeline_dir = out / "views" / "timeline"
    files = _step(f"views/timeline ({len(rotations)} blocs)", lambda: write_timelines(rotations, timeline_dir))
    written += [*files.pages, files.index]
    keep = set(files.pages) | {files.index}
    for stale in sorted(timeline_dir.glob("*.html")):
        if stale not in keep:  # a bloc that is no longer in the store
            stale.unlink()
    return written


def main(args: argparse.Namespace) -> int:
    from graph.commands._common import open_for_reading

    out = Path(args.out)
    if out.exists() and not out.is_dir():
        print(f"thidua export: --out {out} is a file; give a directory", file=sys.stderr)
        return 2
    store = open_for_reading(args.store)
    if store is None:
        return 1
    try:
        if len(store) == 0:
            print(f"thidua export: the store {args.store or paths.GRAPH_STORE} is empty; run `thidua build` first",
                  file=sys.stderr)
            return 1
        print(f"thidua export: {args.store or paths.GRAPH_STORE} -> {out}/", file=sys.stderr)
        written = export(store, out)
    except OSError as error:
        where = error.filename or out
        print(f"thidua export: cannot write {where}: {error.strerror or error}; the files already written "
              f"are complete, the rest are unchanged; choose another --out or fix the permissions", file=sys.stderr)
        return 1
    finally:
        store.close()
    for path in written:
        print(path)
    print(f"thidua export: {len(written)} files in {out}/", file=sys.stderr)
    return 0
