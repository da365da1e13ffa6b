"""What the graph commands share: the --store option and opening a store for reading."""

from __future__ import annotations

import argparse
import sys
from typing import Any


def add_store_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--store", default=None,
                        help="graph store: a directory (embedded Oxigraph, default data/graph) "
                             "or the URL of a SPARQL 1.1 endpoint")


def open_for_reading(spec: str | None) -> Any | None:
    """The store, read-only; None after printing why it cannot be opened."""
    from graph.store import StoreError, open_store

    try:
        return open_store(spec, read_only=True)
    except StoreError as error:
        print(f"thidua: {error}", file=sys.stderr)
        return None


def close(store: Any) -> None:
    """Close a store that was only read: a failure here must not turn a good answer into an error."""
    try:
        store.close()
    except (OSError, RuntimeError):
        pass


def write_stdout(data: str | bytes) -> None:
    if isinstance(data, bytes):
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        sys.stdout.write(data)
