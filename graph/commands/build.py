"""`thidua build [FILE ...] [--db ARTICLES.db] [--province P] [--store PATH|URL]`:
facts files (.jsonl), article files (.txt/.html, extracted on the way) and the crawl's
article store -> the knowledge graph. Progress and the summary go to stderr; stdout stays empty."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from graph.build import BuildError, build
from graph.store import StoreError, open_store
from thidua import paths


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="*", metavar="FILE",
                        help="facts (.jsonl, as `thidua extract` writes) or articles (.txt, .html)")
    parser.add_argument("--db", metavar="ARTICLES.db",
                        help=f"the crawl's article store (default when no FILE is given: {paths.ARTICLES_DB})")
    parser.add_argument("--province", metavar="P", help="the province of inputs that name none")
    parser.add_argument("--store", metavar="PATH|URL",
                        help=f"an Oxigraph directory or a SPARQL endpoint URL (default {paths.GRAPH_STORE})")
    parser.add_argument("--update-url", metavar="URL",
                        help="the endpoint's SPARQL Update URL (default: the sibling /update of --store)")
    parser.add_argument("--docs", metavar="DIR", action="append", default=[],
                        help="where the article files named by the facts' `doc` live (repeatable)")
    parser.add_argument("--judgements", metavar="FILE", type=Path,
                        help="resolution judgements (JSON Lines; default: judgements.jsonl beside the store)")
    parser.add_argument("--statements", metavar="FILE", type=Path,
                        help="also write every statement (source, subject, property, value, as written, "
                             "first/last seen, evidence) as JSON Lines")
    parser.add_argument("--fresh", action="store_true",
                        help="empty the store first (after editing judgements, so merged entities lose their old IRIs)")


def main(args: argparse.Namespace) -> int:
    db = args.db
    if not args.files and not db:
        if not paths.ARTICLES_DB.exists():
            print(f"thidua build: nothing to build: give facts/article files, or --db (no {paths.ARTICLES_DB})",
                  file=sys.stderr)
            return 2
        db = paths.ARTICLES_DB

    def progress(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    try:
        store = open_store(args.store, update_url=args.update_url)
    except StoreError as error:
        print(f"thidua build: {error}", file=sys.stderr)
        return 1
    try:
        if args.fresh:
            store.update("DROP ALL" if store.spec.startswith("http") else "CLEAR ALL")
        summary = build(args.files, province_name=args.province, store=store, db=db, docs=args.docs,
                        judgements=args.judgements if args.judgements else True,
                        statements_out=args.statements, progress=progress)
    except (BuildError, StoreError) as error:
        print(f"thidua build: {error}", file=sys.stderr)
        return 1
    finally:
        store.close()
    print(f"thidua build: {summary.line()} [{store.spec}]", file=sys.stderr)
    return 1 if summary.problems and not summary.statements else 0
