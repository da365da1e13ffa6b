"""The WSGI app behind `thidua serve`: `/sparql` and the HTML pages.

Pages (Vietnamese labels, one narrow column that works on a phone): search, a bloc's
rotation timeline, an agency's history, one fact with its sentence and source, the named
queries (listed and runnable), and the interactive graph view where graph.views offers
one. Everything scraped is escaped by Jinja2's autoescape; source links are only made
for http(s) and file URLs. With the crawl's article store (`--db`), `/article` shows the
stored copy of a source with the fact's sentence marked, and every fact links to it.
"""

from __future__ import annotations

import mimetypes
import sys
import urllib.parse
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from rdflib import URIRef

from graph import named
from graph.lookup import LookupFailed, bind, by_iri, find
from graph.query import QueryError, execute
from graph.results import short
from graph.web import sparql
from graph.web.articles import Archive, locate, segments, split_title
from graph.web.sparql import Limits, Response

HERE = Path(__file__).resolve().parent
_ENV = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(["html", "j2"]),
                   trim_blocks=True, lstrip_blocks=True)
ROLE_LABELS = {"chair": "Khối trưởng", "vice_chair": "Khối phó", "member": "Thành viên"}
AWARD_LABELS = {"co_thi_dua": "Cờ thi đua", "bang_khen": "Bằng khen", "giay_khen": "Giấy khen", "other": "Khen thưởng khác"}
STATUS_LABELS = {"proposed": "đề nghị", "conferred": "được tặng"}


def safe_url(url: str | None) -> str | None:
    """Only http(s) and file links: never javascript: or data: from a scraped page."""
    if url and urllib.parse.urlsplit(url).scheme in ("http", "https", "file"):
        return url
    return None


_PAGES = {"https://w3id.org/thidua/id/bloc/": "/bloc", "https://w3id.org/thidua/id/agency/": "/agency",
          "https://w3id.org/thidua/id/fact/": "/fact"}


def resource_link(iri: str) -> str | None:
    """Our page for a bloc, agency or fact IRI; the IRI itself for an article; None otherwise."""
    for base, page in _PAGES.items():
        if iri.startswith(base):
            return page_url(page, iri=iri)
    return safe_url(iri)


def page_url(path: str, **params: str) -> str:
    return f"{path}?{urllib.parse.urlencode(params)}" if params else path


_ENV.globals.update(is_iri=lambda term: isinstance(term, URIRef), safe_url=safe_url, resource_link=resource_link, page_url=page_url, short=short, role_labels=ROLE_LABELS,
                    award_labels=AWARD_LABELS, status_labels=STATUS_LABELS)


STATUS_LINES = {"200": "200 OK", "404": "404 Not Found", "400": "400 Bad Request"}


def render(template: str, status: str = "200", **context: Any) -> Response:
    body = _ENV.get_template(template).render(**context)
    return Response(STATUS_LINES[status], "text/html; charset=utf-8", body.encode("utf-8"))


def _views_available() -> bool:
    """graph.views (the views engineer's pyvis page) is part of this build."""
    try:
        from graph.views import graphview  # noqa: F401
    except ImportError:
        return False
    return True


class App:
    """A WSGI callable over one open store."""

    def __init__(self, store: Any, limits: Limits | None = None, pool: Any = None,
                 archive: Archive | None = None) -> None:
        self.store = store
        self.archive = archive  # the crawl's article store (read-only), for /article; None: no stored copies
        self.pool = pool  # graph.web.workers.WorkerPool for /sparql, or None (in-thread limit)
        self.limits = limits or Limits()
        self._projection: tuple[Any, Any] | None = None
        self.routes: dict[str, Callable[[dict[str, str], dict[str, Any]], Response]] = {
            "/": self.home, "/search": self.search, "/bloc": self.bloc, "/agency": self.agency,
            "/fact": self.fact, "/queries": self.queries, "/query": self.run_named, "/graph": self.graph_view,
            "/article": self.stored_article,
        }

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        path = environ.get("PATH_INFO") or "/"
        try:
            response = self.dispatch(path, environ)
        except Exception as error:  # a page must not take the server down; say what failed
            print(f"thidua serve: {path}: {type(error).__name__}: {error}", file=sys.stderr)
            response = sparql.text("500 Internal Server Error", f"error while answering {path}: {error}")
        headers = [("Content-Type", response.content_type), ("Content-Length", str(len(response.body))),
                   ("X-Content-Type-Options", "nosniff"), *response.headers]
        start_response(response.status, headers)
        return [response.body]

    def dispatch(self, path: str, environ: dict[str, Any]) -> Response:
        if path == "/sparql":
            answer = sparql.handle(environ, self.store, self.limits, self.pool)
            return answer if answer is not None else render("sparql.html.j2", limits=self.limits,
                                                            example=named.get("rotation").sparql)
        if path.startswith("/static/"):
            return self.static(path[len("/static/"):])
        handler = self.routes.get(path)
        if handler is None:
            return sparql.text("404 Not Found", f"no page {path}; start at /")
        if environ["REQUEST_METHOD"] not in ("GET", "HEAD"):
            return sparql.text("405 Method Not Allowed", "pages answer GET only")
        params = {k: v[0] for k, v in urllib.parse.parse_qs(environ.get("QUERY_STRING", "")).items()}
        return handler(params, environ)

    def static(self, name: str) -> Response:
        target = (HERE / "static" / name).resolve()
        if target.parent != (HERE / "static").resolve() or not target.is_file():
            return sparql.text("404 Not Found", "no such file")
        ctype = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        return Response("200 OK", ctype, target.read_bytes())

    # -- pages ------------------------------------------------------------------------------

    def home(self, params: dict[str, str], environ: dict[str, Any]) -> Response:
        from graph.rotation import all_blocs

        blocs = all_blocs(self.store)
        by_province: dict[str, list[Any]] = {}
        for b in blocs:
            by_province.setdefault(b.province_label or "Không rõ tỉnh", []).append(b)
        return render("home.html.j2", by_province=by_province, queries=named.all_queries())

    def search(self, params: dict[str, str], environ: dict[str, Any]) -> Response:
        q = params.get("q", "").strip()
        results = {}
        if q:
            for kind in ("bloc", "agency"):
                found = find(self.store, kind, q)
                if found.found:
                    results[kind] = [found.found]
                elif found.ambiguous:
                    results[kind] = found.candidates
                else:
                    results[kind] = []
        return render("search.html.j2", q=q, results=results)

    def bloc(self, params: dict[str, str], environ: dict[str, Any]) -> Response:
        from graph.rotation import rotation, rotation_of

        try:
            if params.get("iri"):
                rot = rotation_of(self.store, by_iri(self.store, "bloc", params["iri"]))
            else:
                rot = rotation(self.store, params.get("name", ""), params.get("province") or None)
        except LookupFailed as error:
            return render("message.html.j2", title="Không tìm thấy khối", message=str(error), status="404")
        return render("bloc.html.j2", rot=rot, has_graph=_views_available(), copy_link=self.copy_link)

    def agency(self, params: dict[str, str], environ: dict[str, Any]) -> Response:
        from graph.agency import history, history_of

        try:
            if params.get("iri"):
                record = history_of(self.store, by_iri(self.store, "agency", params["iri"]))
            else:
                record = history(self.store, params.get("name", ""), params.get("province") or None)
        except LookupFailed as error:
            return render("message.html.j2", title="Không tìm thấy đơn vị", message=str(error), status="404")
        return render("agency.html.j2", record=record, copy_link=self.copy_link)

    def fact(self, params: dict[str, str], environ: dict[str, Any]) -> Response:
        iri = params.get("iri", "")
        rows = execute(self.store, named.get("fact").sparql, {"fact": URIRef(iri)}).rows if iri else []
        if not rows:
            return render("message.html.j2", title="Không có dữ kiện", message=f"no fact <{iri}> in this graph",
                          status="404")
        first = rows[0]
        props = [(short(r["property"]), short(r["value"])) for r in rows]
        return render("fact.html.j2", iri=iri, first=first, props=props, copy_link=self.copy_link)

    def copy_link(self, source: Any, fact: str | None = None) -> str | None:
        """`/article` for a source the article store holds (with the fact whose sentence to
        mark, and the fragment that scrolls to it); None when there is no stored copy."""
        if self.archive is None or source is None or not self.archive.has(str(source)):
            return None
        params = {"url": str(source), **({"fact": str(fact)} if fact else {})}
        return page_url("/article", **params) + "#cau"

    def stored_article(self, params: dict[str, str], environ: dict[str, Any]) -> Response:
        """The stored copy of one article, the sentence of `fact` (or `start`-`end`) marked."""
        url = params.get("url", "").strip()
        if self.archive is None:
            return render("message.html.j2", title="Không có bản lưu", status="404",
                          message="this server has no article store: start it with "
                                  "`thidua serve --db data/articles.db` to show stored copies")
        copy = self.archive.get(url) if url else None
        if copy is None:
            return render("message.html.j2", title="Không có bản lưu", status="404",
                          message=f"no stored copy of <{url}> in {self.archive.path} "
                                  "(give the canonical URL of a crawled article, as the fact pages link it)")
        article = copy.article
        full = article.full_text()
        wanted: list[tuple[int | None, int | None, str | None]] = []
        if params.get("start", "").isdigit() and params.get("end", "").isdigit():
            wanted.append((int(params["start"]), int(params["end"]), None))
        if params.get("fact"):
            for row in execute(self.store, named.get("fact").sparql, {"fact": URIRef(params["fact"])}).rows:
                if str(row.get("source")) == url and row.get("sentence") is not None:
                    wanted.append((_as_int(row.get("start")), _as_int(row.get("end")), str(row["sentence"])))
        spans = sorted({span for w in wanted if (span := locate(full, *w)) is not None})
        title, body = split_title(segments(full, spans), len(article.title))
        return render("article.html.j2", article=article, copy=copy, title_segments=title, body_segments=body,
                      asked=bool(wanted), found=bool(spans), source_link=safe_url(url))

    def queries(self, params: dict[str, str], environ: dict[str, Any]) -> Response:
        return render("queries.html.j2", queries=named.all_queries())

    def run_named(self, params: dict[str, str], environ: dict[str, Any]) -> Response:
        try:
            query = named.get(params.get("name", ""))
        except KeyError as error:
            return render("message.html.j2", title="Không có truy vấn", message=error.args[0], status="404")
        given = {p.name: params[p.name] for p in query.params if params.get(p.name, "").strip()}
        result, error = None, None
        if len(given) == len([p for p in query.params if not p.optional]) or params.get("run"):
            try:
                result = execute(self.store, query.sparql, bind(self.store, query, given),
                                 limit=self.limits.max_rows, timeout=self.limits.timeout)
            except (QueryError, LookupFailed) as exc:
                error = str(exc)
        return render("query.html.j2", query=query, given=given, result=result, error=error,
                      sparql_link=page_url("/sparql", query=query.sparql))

    def graph_view(self, params: dict[str, str], environ: dict[str, Any]) -> Response:
        """graph.views' interactive page for a selection (province, bloc, year)."""
        if not _views_available():
            return render("message.html.j2", title="Sơ đồ", status="404",
                          message="the interactive graph view is not part of this build (graph.views)")
        from graph.views.graphview import EvidenceIndex, Selection, graph_page

        if self._projection is None:  # the store is read-only while served: project it once
            rdf = self.store.graph()
            from graph.views.graphview import projection

            self._projection = (projection(rdf), EvidenceIndex(rdf))
        year = params.get("year", "")
        sel = Selection(province=params.get("province") or None, bloc=params.get("bloc") or None,
                        year=int(year) if year.isdigit() else None)
        g, index = self._projection
        html = graph_page(g, index, sel=sel).html
        return Response("200 OK", "text/html; charset=utf-8", html.encode("utf-8"))

def _as_int(term: Any) -> int | None:
    try:
        return int(str(term)) if term is not None else None
    except ValueError:
        return None


def make_app(store: Any, limits: Limits | None = None, pool: Any = None, archive: Archive | None = None) -> App:
    return App(store, limits, pool, archive)

