"""Serve the demo web on 127.0.0.1 (a free port by default) from a background thread.

    with DemoServer(port=0) as server:
        server.base_url            # e.g. http://127.0.0.1:41233
        server.manifest()          # the articles a correct crawl stores
        server.hits                # {path: number of requests}, for tests of the crawl

`python -m crawler.demo.server [--port N]` (or `thidua demo-sites`) serves it for a person.
"""

from __future__ import annotations

import argparse
import sys
import threading
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

from .web import DemoWeb, ExpectedArticle


class _Handler(BaseHTTPRequestHandler):
    server_version = "thidua-demo/1.0"
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        self._answer(send_body=True)

    def do_HEAD(self) -> None:  # noqa: N802
        self._answer(send_body=False)

    def _answer(self, send_body: bool) -> None:
        demo: DemoServer = self.server.demo  # type: ignore[attr-defined]
        path = urlsplit(self.path).path
        if not path.startswith("/"):
            path = "/" + path
        key = path + ("?" + urlsplit(self.path).query if urlsplit(self.path).query else "")
        status, headers, body = demo.respond(key if key in demo.web.routes else path)
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if send_body and body:
            try:
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        if self.server.verbose:  # type: ignore[attr-defined]
            sys.stderr.write("demo-web: " + (format % args) + "\n")


class DemoServer:
    """The demo web on 127.0.0.1; a context manager that starts and stops the server thread."""

    def __init__(self, port: int = 0, host: str = "127.0.0.1", verbose: bool = False):
        self.host, self.port, self.verbose = host, port, verbose
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self.hits: Counter[str] = Counter()
        self.web: DemoWeb

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def start(self) -> DemoServer:
        self._httpd = ThreadingHTTPServer((self.host, self.port), _Handler)
        self._httpd.daemon_threads = True
        self.port = self._httpd.server_address[1]
        self.web = DemoWeb(self.base_url)  # URLs in pages need the port, so build after binding
        self._httpd.demo = self  # type: ignore[attr-defined]
        self._httpd.verbose = self.verbose  # type: ignore[attr-defined]
        self._thread = threading.Thread(target=self._httpd.serve_forever, name="demo-web", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._httpd:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None
        if self._thread:
            self._thread.join(timeout=5)

    def __enter__(self) -> DemoServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def respond(self, path: str) -> tuple[int, dict[str, str], bytes]:
        """(status, headers, body) for a path; counts hits and plays the fail-once trap."""
        with self._lock:
            self.hits[path] += 1
            count = self.hits[path]
        route = self.web.routes.get(path)
        if route is None:
            body = (f"<html><head><meta charset='utf-8'><title>404</title></head><body><h1>404 – Không tìm thấy"
                    f"</h1><p>{path}</p></body></html>").encode()
            return 404, {"Content-Type": "text/html; charset=utf-8"}, body
        if count <= route.fail_first:
            return 500, {"Content-Type": "text/html; charset=utf-8"}, b"<html><body>Temporary error</body></html>"
        return route.status, route.headers, route.body

    def manifest(self) -> list[ExpectedArticle]:
        return self.web.manifest()


def serve(port: int = 0, verbose: bool = True) -> int:
    """Serve until Ctrl-C, printing the URL (stdout) and the sites (stderr)."""
    with DemoServer(port=port, verbose=verbose) as server:
        print(server.base_url + "/", flush=True)
        for site in server.web.sites.values():
            print(f"  {server.base_url}/{site['prefix']}/  {site['name']} ({site['family']})", file=sys.stderr)
        print("serving the demo web; Ctrl-C stops", file=sys.stderr, flush=True)
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            print("stopped", file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m crawler.demo.server", description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (default: a free one)")
    args = parser.parse_args(argv)
    return serve(args.port)


if __name__ == "__main__":
    sys.exit(main())
