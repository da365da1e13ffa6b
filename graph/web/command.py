"""`thidua serve`: the SPARQL endpoint and the HTML pages on 127.0.0.1 (threaded wsgiref)."""

from __future__ import annotations

import argparse
import signal
import sys
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from graph.commands._common import add_store_option, close, open_for_reading
from thidua import paths


class ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class QuietHandler(WSGIRequestHandler):
    """One short line per request on stderr."""

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (stdlib signature)
        sys.stderr.write(f"thidua serve: {self.address_string()} {format % args}\n")


def configure(parser: argparse.ArgumentParser) -> None:
    add_store_option(parser)
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8765, help="port (default 8765; 0 picks a free one)")
    parser.add_argument("--timeout", type=float, default=10.0, help="per-query time limit in seconds")
    parser.add_argument("--max-rows", type=int, default=10_000, help="result cap per query (rows)")
    parser.add_argument("--workers", type=int, default=2,
                        help="processes answering /sparql on an on-disk store (0: in-process threads)")
    parser.add_argument("--db", metavar="ARTICLES.db",
                        help="the crawl's article store, opened read-only: /article shows stored copies of the "
                             f"sources (default {paths.ARTICLES_DB} when it exists)")


def serve(app, host: str, port: int):
    """A started-to-be server object (call serve_forever); port 0 picks a free one."""
    return make_server(host, port, app, server_class=ThreadingWSGIServer, handler_class=QuietHandler)


def main(args: argparse.Namespace) -> int:
    from graph.web.app import make_app
    from graph.web.articles import Archive, ArchiveError
    from graph.web.sparql import Limits

    archive = None
    db = args.db or (paths.ARTICLES_DB if paths.ARTICLES_DB.is_file() else None)
    if db is not None:
        try:
            archive = Archive(db)
        except ArchiveError as error:
            print(f"thidua serve: --db {error}", file=sys.stderr)
            return 1
    store = open_for_reading(args.store)
    if store is None:
        if archive is not None:
            archive.close()
        return 1
    from graph.store import OxigraphStore

    pool = None
    if args.workers > 0 and isinstance(store, OxigraphStore) and store.spec != "oxigraph:":
        from graph.web.workers import WorkerPool

        pool = WorkerPool(store.spec, size=args.workers)
    app = make_app(store, Limits(timeout=args.timeout, max_rows=args.max_rows), pool, archive)
    try:
        server = serve(app, args.host, args.port)
    except OSError as error:
        print(f"thidua serve: cannot listen on {args.host}:{args.port}: {error.strerror} "
              "(pick another --port)", file=sys.stderr)
        if pool is not None:
            pool.close()
        if archive is not None:
            archive.close()
        close(store)
        return 1
    host, port = server.server_address[:2]
    if archive is not None:
        print(f"thidua serve: stored copies of {archive.count()} articles from {archive.path} (read-only)",
              file=sys.stderr)
    print(f"thidua serve: http://{host}:{port}/  (SPARQL at http://{host}:{port}/sparql; Ctrl-C stops)",
          file=sys.stderr, flush=True)
    def stop(signum: int, frame: object) -> None:  # SIGTERM (service managers) stops like Ctrl-C
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        print("thidua serve: stopped", file=sys.stderr)
    finally:
        server.server_close()
        if pool is not None:
            pool.close()
        if archive is not None:
            archive.close()
        close(store)
    return 0
