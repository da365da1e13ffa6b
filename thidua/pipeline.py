"""`thidua run`: the whole flow, stage after stage, each through its own command.

Crawl (demo web by default) -> extract (inside the crawl pipeline) -> build -> export ->
the rotation table of every bloc. A stage whose package is not in this build is skipped
with a line saying so; a stage that fails stops the run with its exit status.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys

from thidua import paths


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--sites", help="site registry to crawl instead of the demo web")
    parser.add_argument("--db", default=str(paths.ARTICLES_DB), help="article store (SQLite)")
    parser.add_argument("--store", default=str(paths.GRAPH_STORE), help="graph store: directory or SPARQL URL")
    parser.add_argument("--out", default=str(paths.EXPORTS_DIR), help="exports directory")
    parser.add_argument("--redis", help="share the crawl frontier on this Redis URL")


def _available(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:
        return False


def main(args: argparse.Namespace) -> int:
    from thidua.cli import COMMANDS
    from thidua.cli import main as thidua

    crawl = ["crawl", "--db", args.db, "--jsonl", f"{args.out}/articles.jsonl"]
    crawl += ["--sites", args.sites] if args.sites else ["--demo"]
    crawl += ["--redis", args.redis] if args.redis else []
    stages = [
        crawl,
        ["build", "--db", args.db, "--store", args.store],
        ["export", "--store", args.store, "--out", args.out],
        ["rotation", "--all", "--store", args.store],
    ]
    for argv in stages:
        module = COMMANDS[argv[0]][0]
        if not _available(module):
            print(f"thidua run: stage {argv[0]!r} is not in this build yet; skipped", file=sys.stderr)
            continue
        print(f"\n== thidua {' '.join(argv)}", file=sys.stderr)
        status = thidua(argv)
        if status:
            print(f"thidua run: stage {argv[0]!r} failed (exit {status}); stopping", file=sys.stderr)
            return status
    return 0
