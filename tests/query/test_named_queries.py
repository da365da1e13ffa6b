"""Every named query: a header that documents it, and it runs on the demo graph with its example."""

from __future__ import annotations

import shlex

import pytest

from graph import named
from graph.lookup import LookupFailed, bind
from graph.query import execute

QUERIES = sorted(named.all_queries())


def example_params(query: named.NamedQuery) -> dict[str, str]:
    """The --param values of the query's first @example line."""
    words = shlex.split(query.examples[0])
    params = {}
    for i, word in enumerate(words):
        if word == "--param":
            name, _, value = words[i + 1].partition("=")
            params[name] = value
    return params


def test_every_query_is_documented():
    assert len(QUERIES) >= 10
    for name in QUERIES:
        q = named.get(name)
        assert q.title and q.description, name
        assert q.examples and q.examples[0].startswith(f"thidua query --name {name}"), name
        declared = {p.name for p in q.params}
        assert declared == set(example_params(q)), f"{name}: the example must give every parameter"
        for p in q.params:
            assert f"?{p.name}" in q.sparql, f"{name}: parameter {p.name} is not a variable of the query"


@pytest.mark.parametrize("name", QUERIES)
def test_example_runs_on_the_demo_graph(demo_store, name):
    q = named.get(name)
    bindings = bind(demo_store, q, example_params(q))
    result = execute(demo_store, q.sparql, bindings)
    if name == "fact":
        return  # its example IRI is a placeholder; test_fact_query covers it
    assert result.rows, f"{name} found nothing on the demo graph"


def test_parameters_are_terms_not_text(demo_store):
    """A value that would break out of a pasted query stays a literal/IRI lookup."""
    q = named.get("rotation")
    with pytest.raises(LookupFailed):
        bind(demo_store, q, {"bloc": '"} } ; DROP ALL ; SELECT * { ?s ?p ?o'})
    with pytest.raises(LookupFailed, match="not an IRI"):
        bind(demo_store, named.get("fact"), {"fact": "x> } UNION { ?fact ?property ?value"})
    # a literal with quotes and braces is matched as a value, and matches nothing
    q = named.get("awards-by-year")
    with pytest.raises(LookupFailed, match="a year is a number"):
        bind(demo_store, q, {"year": '2019" } UNION { ?s ?p ?o'})


def test_fact_query(demo_store):
    q = named.get("fact")
    rows = execute(demo_store, q.sparql, bind(demo_store, q, {"fact": "id:fact/a000000000000001"})).rows
    assert {str(r["source"]) for r in rows} == {"http://demo.test/bac-kan/tong-ket-2019"}
    assert "khối trưởng năm 2019" in str(rows[0]["sentence"])


def test_specific_answers(demo_store):
    def run(name, **params):
        q = named.get(name)
        return execute(demo_store, q.sparql, bind(demo_store, q, params)).rows

    chairs = run("chairs-in-year", province="Bắc Kạn", year="2020")
    assert {(str(r["role"]), str(r["agencyLabel"])) for r in chairs} == {
        ("chair", "Sở Nông nghiệp và Phát triển nông thôn"), ("vice_chair", "Ban Quản lý dự án giao thông tỉnh")}
    empty = run("blocs-without-chair", province="Đảo Mây", year="2019")
    assert {str(r["blocLabel"]) for r in empty} == {"Khối Kinh tế", "Khối Văn hóa - Xã hội"}
    assert {str(r["blocLabel"]) for r in run("blocs-without-chair", province="Bắc Kạn", year="2021")} == {
        "Khối thi đua Kinh tế - Kỹ thuật"}
    assert run("blocs-without-chair", province="Bắc Kạn", year="2019") == []
    conflicts = run("conflicting-sources")
    assert len(conflicts) == 1 and {str(conflicts[0]["agencyLabel"]), str(conflicts[0]["otherAgencyLabel"])} == {
        "Sở Sóng Biếc", "Sở Cát Vàng"}
    members = run("bloc-members", bloc="KT-KT", year="2023")
    labels = {str(r["agencyLabel"]) for r in members}
    assert "Sở Xây dựng" in labels and "Sở Giao thông vận tải" in labels  # year not stated
    assert "Sở Công Thương" not in labels  # chaired 2019 only
    history = run("agency-history", agency="Sở Nông nghiệp và Môi trường")
    assert [(str(r["year"]), str(r["what"]), str(r["asAgency"])) for r in history] == [
        ("2020", "chair", "Sở Nông nghiệp và Phát triển nông thôn")]
    awards = run("awards-by-year", year="2019")
    assert {(str(r["recipientLabel"]), str(r["status"])) for r in awards} == {
        ("Sở Giao thông vận tải", "proposed"), ("Sở Xây dựng", "proposed")}


def test_readme_lists_every_named_query():
    from query_support import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "## Asking the graph" in readme
    section = readme.split("## Asking the graph", 1)[1].split("\n## ", 1)[0]
    for name in QUERIES:
        assert f"| `{name}` |" in section and f"--name {name}" in section, f"README lacks the named query {name}"
