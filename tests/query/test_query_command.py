"""`thidua query` and `thidua agency` on the command line."""

from __future__ import annotations

import csv
import io
import json

from query_support import thidua

BLOCS = ("SELECT ?label WHERE { ?b a <https://w3id.org/thidua/ontology#Bloc> ; "
         "<http://www.w3.org/2004/02/skos/core#prefLabel> ?label } ORDER BY ?label")


def test_list_names_every_query():
    out = thidua("query", "--list").stdout.decode()
    for name in ("rotation", "chairs-in-year", "agency-history", "awards-by-year", "conflicting-sources",
                 "blocs-without-chair", "bloc-members"):
        assert f"thidua query --name {name}" in out


def test_formats(demo_store_dir):
    store = str(demo_store_dir)
    as_json = json.loads(thidua("query", "--store", store, "--format", "json", BLOCS).stdout)
    labels = [b["label"]["value"] for b in as_json["results"]["bindings"]]
    assert len(labels) == 4 and labels == sorted(labels)
    as_csv = list(csv.reader(io.StringIO(thidua("query", "--store", store, "--format", "csv", BLOCS).stdout.decode())))
    assert [r[0] for r in as_csv[1:]] == labels
    as_tsv = thidua("query", "--store", store, "--format", "tsv", BLOCS).stdout.decode().splitlines()
    assert as_tsv[0] == "?label" and as_tsv[1] == f'"{labels[0]}"@vi'
    table = thidua("query", "--store", store, BLOCS).stdout.decode()
    assert all(label in table for label in labels) and "(4 rows)" in table


def test_file_and_named_with_params(demo_store_dir, tmp_path):
    rq = tmp_path / "q.rq"
    rq.write_text(BLOCS, encoding="utf-8")
    out = thidua("query", "--store", str(demo_store_dir), "-f", str(rq), "--format", "csv").stdout.decode()
    assert "Khối thi đua số 5" in out
    out = thidua("query", "--store", str(demo_store_dir), "--name", "rotation", "--param", "bloc=khoi 5",
                 "--format", "json").stdout
    rows = json.loads(out)["results"]["bindings"]
    assert {(r["year"]["value"], r["agencyLabel"]["value"]) for r in rows if r["role"]["value"] == "chair"} == {
        ("2018", "Sở Mây Trắng"), ("2019", "Sở Gió Nam"), ("2021", "Sở Sóng Biếc"), ("2021", "Sở Cát Vàng")}


def test_errors_are_messages(demo_store_dir, tmp_path):
    store = str(demo_store_dir)
    cases = [
        (["query", "--store", store, "SELECT ?x WHERE { ?x }"], "SPARQL syntax error"),
        (["query", "--store", store, "--name", "nope"], "no named query 'nope'"),
        (["query", "--store", store, "--name", "chairs-in-year", "--param", "year=2020"], "needs --param province"),
        (["query", "--store", store, "--name", "blocs", "--param", "x=1"], "has no parameter x"),
        (["query", "--store", store, "-f", str(tmp_path / "missing.rq")], "cannot read"),
        (["query", "--store", store, "INSERT DATA { <http://a/b> <http://a/c> <http://a/d> }"], "read-only"),
        (["agency", "--store", store, "Sở Không Có"], "no agency matches"),
    ]
    for argv, message in cases:
        result = thidua(*argv, check=False)
        err = result.stderr.decode()
        assert result.returncode != 0 and message in err and "Traceback" not in err, (argv, err)


def test_agency_command(demo_store_dir):
    data = json.loads(thidua("agency", "--store", str(demo_store_dir), "Sở NN&PTNT", "--format", "json").stdout)
    assert data["agency"] == "Sở Nông nghiệp và Phát triển nông thôn"
    assert [(e["year"], e["what"]) for e in data["entries"]] == [(2020, "chair")]
    later = thidua("agency", "--store", str(demo_store_dir), "Sở Nông nghiệp và Môi trường").stdout.decode()
    assert "also recorded as: Sở Nông nghiệp và Phát triển nông thôn" in later and "2020  Khối trưởng" in later
