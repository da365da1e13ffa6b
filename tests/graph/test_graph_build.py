"""The graph builder: seeds 000 + 004 (gold facts and, where the extractor runs, the articles),
resolution, conflicts, judgements, idempotence, bad input and the `thidua build` command."""

from __future__ import annotations

import json
import os
import random
import shutil
from pathlib import Path

import pytest
from graph_support import rows, validate
from rdflib import Literal, URIRef

from graph.build import build
from graph.store import open_store
from thidua import cli
from thidua.text import key

XSD_NS = "http://www.w3.org/2001/XMLSchema#"
G_YEAR, G_YEAR_MONTH, DATE, DATE_TIME = (URIRef(XSD_NS + t) for t in ("gYear", "gYearMonth", "date", "dateTime"))
BLOC = "Khối thi đua Kinh tế – Kỹ thuật"
EXPECTED = {("chair", "2019"), ("chair", "2020"), ("chair", "2023"), ("vice_chair", "2020"), ("vice_chair", "2023")}
TENURES = """
SELECT ?fact ?bloc ?role ?year ?agency ?article ?text ?start ?end WHERE {
  ?fact a thd:RoleTenure ; org:organization ?bloc ; org:role ?r ; thd:year ?year ; org:member ?agency ;
        prov:wasDerivedFrom ?article .
  ?article a schema:NewsArticle .
  BIND(IF(?r = thd:Chair, "chair", "vice_chair") AS ?role)
  OPTIONAL { ?fact thd:evidence ?e . ?e thd:text ?text ; thd:start ?start ; thd:end ?end }
}"""


def seed_files(shared: Path) -> list[Path]:
    return [next((shared / "seeds").glob(f"{n}_*.txt")) for n in ("000", "004")]


def gold_facts(shared: Path, tmp_path: Path) -> Path:
    """The gold facts of seeds 000 and 004 (a hand-made facts file: no evidence)."""
    out = tmp_path / "gold-000-004.jsonl"
    lines = [line for line in (shared / "gold" / "seeds.jsonl").read_text(encoding="utf-8").splitlines()
             if json.loads(line)["doc"][:3] in ("000", "004")]
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return out


def check_bloc(store, files: list[Path]) -> list[dict]:
    blocs = rows(store, "SELECT ?b ?label WHERE { ?b a thd:Bloc ; skos:prefLabel ?label }")
    assert len(blocs) == 1, blocs
    assert key(str(blocs[0]["label"])) == key(BLOC)
    assert str(blocs[0]["b"]).endswith("/bloc/bac-kan/khoi-kinh-te-ky-thuat")
    tenures = rows(store, TENURES)
    assert {(str(r["role"]), str(r["year"])) for r in tenures} == EXPECTED
    assert all(r["bloc"] == blocs[0]["b"] for r in tenures)
    assert all(r["year"].datatype == G_YEAR for r in tenures)
    uris = {f.resolve().as_uri(): f for f in files}
    assert {str(r["article"]) for r in tenures} <= set(uris)
    by_year = {(str(r["role"]), str(r["year"])): str(r["article"]) for r in tenures}
    assert by_year[("chair", "2019")].split("/")[-1].startswith("000_")
    assert by_year[("chair", "2023")].split("/")[-1].startswith("004_")
    return tenures


def test_seeds_from_gold_facts(shared_dir, tmp_path):
    files = seed_files(shared_dir)
    facts = gold_facts(shared_dir, tmp_path)
    store_dir = tmp_path / "graph"
    summary = build([facts], province_name="Bắc Kạn", store=store_dir, docs=[shared_dir / "seeds"])
    assert summary.skipped == 0 and summary.added > 0
    with open_store(store_dir) as store:
        check_bloc(store, files)
        first = set(store.triples())
    # gold facts carry no evidence: valid, but each role/award fact is listed as a warning
    conforms, text = validate(store_graph(store_dir), allow_warnings=True)
    assert conforms, text
    strict, text = validate(store_graph(store_dir))
    assert not strict and "evidence" in text and "Violation" not in text
    again = build([facts], province_name="Bắc Kạn", store=store_dir, docs=[shared_dir / "seeds"])
    assert again.added == 0
    with open_store(store_dir) as store:
        assert set(store.triples()) == first


def store_graph(store_dir: Path):
    with open_store(store_dir) as store:
        return store.graph()


def test_seeds_from_articles_via_the_extractor(shared_dir, tmp_path):
    pytest.importorskip("graph.extract", reason="the extractor (graph.extract) is not in this checkout")
    from graph.extract.files import read_article  # the text evidence offsets index into

    files = seed_files(shared_dir)
    store_dir = tmp_path / "graph"
    summary = build(files, province_name="Bắc Kạn", store=store_dir)
    assert summary.articles == 2
    with open_store(store_dir) as store:
        tenures = check_bloc(store, files)
        for r in tenures:   # each tenure is linked to the sentence that states it, at its offsets
            assert r.get("text"), r
            text = read_article(str(Path(URIRef(r["article"]).replace("file://", ""))))
            assert text[int(r["start"]):int(r["end"])] == str(r["text"])
        first = set(store.triples())
        headlines = rows(store, "SELECT ?h WHERE { ?a a schema:NewsArticle ; schema:headline ?h }")
        assert len(headlines) == 2
    conforms, text = validate(store_graph(store_dir))   # strict: no warning either
    assert conforms, text
    assert build(files, province_name="Bắc Kạn", store=store_dir).added == 0
    with open_store(store_dir) as store:
        assert set(store.triples()) == first


def test_blocs_agencies_and_provinces_resolve(facts_file, tmp_path):
    with open_store("oxigraph:") as store:
        build([facts_file], store=store, judgements=tmp_path / "j.jsonl")
        blocs = {str(r["b"]).split("/id/bloc/")[1]: str(r["label"]) for r in
                 rows(store, "SELECT ?b ?label WHERE { ?b a thd:Bloc ; skos:prefLabel ?label }")}
        assert blocs == {
            "thu-nghiem/khoi-5": "Khối thi đua số 5",
            "thu-nghiem/cum-2": "Cụm thi đua số 2",
            "thu-nghiem/khoi-kinh-te-ky-thuat": "Khối thi đua Kinh tế – Kỹ thuật",
            "mau-thu/khoi-5": "Khối thi đua số 5",      # same name, other province: another bloc
        }
        numbers = rows(store, "SELECT ?n WHERE { <https://w3id.org/thidua/id/bloc/thu-nghiem/cum-2> thd:blocNumber ?n }")
        assert [int(r["n"]) for r in numbers] == [2]
        # Sở Tài chính of each province is its own agency; 'tỉnh Mẫu Thử' is scope, not name
        finance = rows(store, "SELECT ?a ?p WHERE { ?a a thd:Agency ; skos:prefLabel 'Sở Tài chính'@vi ; thd:province ?p }")
        assert sorted(str(r["a"]).split("/id/agency/")[1] for r in finance) == [
            "mau-thu/so-tai-chinh", "thu-nghiem/so-tai-chinh"]
        # an abbreviation resolves to the gazetteer's full name, the form written is kept
        rural = rows(store, "SELECT ?alt WHERE { ?a skos:prefLabel 'Sở Nông nghiệp và Phát triển nông thôn'@vi ; "
                            "skos:altLabel ?alt }")
        assert [str(r["alt"]) for r in rural] == ["Sở NN&PTNT"]
        written = rows(store, "SELECT ?w WHERE { ?f a thd:BlocMembership ; thd:asWritten ?w ; org:member ?a . "
                              "?a skos:prefLabel 'Sở Nông nghiệp và Phát triển nông thôn'@vi }")
        assert [str(r["w"]) for r in written] == ["Sở NN&PTNT"]
        # one unknown agency written with and without 'tỉnh Thử Nghiệm' is one agency
        ban = rows(store, "SELECT DISTINCT ?a WHERE { ?f org:member ?a . ?a skos:prefLabel ?l . "
                          "FILTER(STRSTARTS(STR(?l), 'Ban Quản lý dự án giao thông')) }")
        assert len(ban) == 1
        assert validate(store.graph())[0]


def test_conflicting_chairs_are_both_kept_and_flagged(facts_file):
    with open_store("oxigraph:") as store:
        summary = build([facts_file], store=store, judgements=False)
        assert summary.conflicts == 1
        pairs = rows(store, """
            SELECT ?agencyA ?agencyB ?srcA ?srcB WHERE {
              ?a thd:conflictsWith ?b . ?b thd:conflictsWith ?a .
              ?a org:member/skos:prefLabel ?agencyA ; prov:wasDerivedFrom ?srcA ; thd:year ?y .
              ?b org:member/skos:prefLabel ?agencyB ; prov:wasDerivedFrom ?srcB .
              FILTER(STR(?agencyA) < STR(?agencyB))
            }""")
        assert [(str(p["agencyA"]), str(p["agencyB"])) for p in pairs] == [("Sở Nội vụ", "Sở Tư pháp")]
        assert {str(pairs[0]["srcA"]).rsplit("/", 1)[1], str(pairs[0]["srcB"]).rsplit("/", 1)[1]} == {"a1.txt", "a2.txt"}
        # vice-chairs are never conflicts, and chairs of other years are not flagged
        flagged = rows(store, "SELECT DISTINCT ?f WHERE { ?f thd:conflictsWith ?g }")
        assert len(flagged) == 2


def test_uncertain_merges_become_visible_judgements_and_user_decisions_apply(facts_file, tmp_path):
    store_dir = tmp_path / "graph"
    build([facts_file], store=store_dir)
    jfile = tmp_path / "judgements.jsonl"              # beside the store by default
    judgements = [json.loads(line) for line in jfile.read_text(encoding="utf-8").splitlines()]
    kinds = sorted((j["kind"], j["decision"]) for j in judgements)
    assert kinds == [("agency", "unsure"), ("person", "unsure")]
    person = next(j for j in judgements if j["kind"] == "person")
    assert {person["left_name"], person["right_name"]} == {"Trần Văn An", "Văn An"}
    with open_store(store_dir) as store:
        people = rows(store, "SELECT ?p WHERE { ?p a schema:Person }")
        assert len(people) == 2                       # not merged silently
        seen = rows(store, "SELECT ?j ?l ?r WHERE { ?j a thd:Judgement ; thd:decision thd:Unsure ; thd:left ?l ; thd:right ?r }")
        assert len(seen) == 2
        facts_before = rows(store, "SELECT ?f WHERE { ?f prov:wasDerivedFrom ?a }")
    # the user decides: same person; rebuild into a fresh store
    person["decision"], person["decided_by"] = "same", "user"
    jfile.write_text("".join(json.dumps(j, ensure_ascii=False) + "\n" for j in judgements), encoding="utf-8")
    assert cli.main(["build", str(facts_file), "--store", str(store_dir), "--fresh"]) == 0
    with open_store(store_dir) as store:
        people = rows(store, "SELECT ?p ?n WHERE { ?p a schema:Person ; schema:name ?n }")
        assert [str(p["n"]) for p in people] == ["Trần Văn An"]
        decided = rows(store, "SELECT ?j WHERE { ?j a thd:Judgement ; thd:decision thd:Same ; thd:decidedBy 'user' }")
        assert len(decided) == 1
        assert len(rows(store, "SELECT ?f WHERE { ?f prov:wasDerivedFrom ?a }")) == len(facts_before)
    kept = [json.loads(line) for line in jfile.read_text(encoding="utf-8").splitlines()]
    assert sorted(j["decision"] for j in kept) == ["same", "unsure"]


def test_same_input_in_any_order_gives_the_same_graph(facts_file, tmp_path):
    lines = facts_file.read_text(encoding="utf-8").splitlines()
    ordered, shuffled = tmp_path / "ordered.jsonl", tmp_path / "shuffled.jsonl"
    ordered.write_text("\n".join(lines) + "\n", encoding="utf-8")
    random.Random(7).shuffle(lines)
    shuffled.write_text("\n".join(lines) + "\n", encoding="utf-8")
    for f in (ordered, shuffled):       # 'seen' comes from the facts file's time: make it equal
        os.utime(f, (1_700_000_000, 1_700_000_000))
    for name in ("a1.txt", "a2.txt", "a3.txt"):
        shutil.copy(facts_file.parent / name, tmp_path)
    graphs = []
    for source in (ordered, shuffled):
        with open_store("oxigraph:") as store:
            build([source], store=store, judgements=False)
            graphs.append(set(store.triples()))
    assert graphs[0] == graphs[1] and len(graphs[0]) > 100


def test_statement_ids_and_dates(facts_file):
    from graph.statements import date_literal, statement_id, year_literal

    a = statement_id("file:///a.txt", "id:bloc/x", "role", '{"year":2019}')
    assert a == statement_id("file:///a.txt", "id:bloc/x", "role", '{"year":2019}')
    assert a != statement_id("file:///b.txt", "id:bloc/x", "role", '{"year":2019}')
    assert len(a) == 16
    assert year_literal(2019) == Literal("2019", datatype=G_YEAR)
    assert date_literal("2020-10") == Literal("2020-10", datatype=G_YEAR_MONTH)
    assert date_literal("2020-10-14") == Literal("2020-10-14", datatype=DATE)
    with open_store("oxigraph:") as store:
        build([facts_file], store=store, judgements=False)
        event = rows(store, "SELECT ?d ?p ?first WHERE { ?e a thd:Conference ; schema:startDate ?d ; thd:period ?p ; "
                            "thd:firstSeen ?first }")
        assert event[0]["d"].datatype == DATE and event[0]["p"].datatype == G_YEAR
        assert event[0]["first"].datatype == DATE_TIME


def test_lineage_follows_an_agency_into_its_successor(tmp_path):
    from graph.lineage import follow

    facts = tmp_path / "f.jsonl"
    facts.write_text(json.dumps({"doc": "x.txt", "type": "role", "bloc": "Khối 3", "year": 2019, "role": "chair",
                                 "agency": "Sở GTVT", "province": "Bắc Kạn"}, ensure_ascii=False) + "\n",
                     encoding="utf-8")
    with open_store("oxigraph:") as store:
        build([facts], store=store, judgements=False)
        chain = follow(store, "https://w3id.org/thidua/id/agency/bac-kan/so-giao-thong-van-tai")
        assert [c.split("/id/agency/")[1] for c in chain] == [
            "bac-kan/so-giao-thong-van-tai", "bac-kan/so-xay-dung", "thai-nguyen/so-xay-dung"]
        merged = rows(store, "SELECT ?to WHERE { <https://w3id.org/thidua/id/province/bac-kan> thd:mergedInto ?to }")
        assert [str(r["to"]) for r in merged] == ["https://w3id.org/thidua/id/province/thai-nguyen"]
        assert validate(store.graph(), allow_warnings=True)[0]


def test_shapes_reject_a_broken_graph(facts_file):
    from graph.vocab import ORG, THD

    with open_store("oxigraph:") as store:
        build([facts_file], store=store, judgements=False)
        g = store.graph()
    fact = next(g.subjects(ORG.role, THD.Chair))
    g.remove((fact, THD.year, None))
    g.add((fact, THD.year, Literal("twenty")))
    conforms, text = validate(g)
    assert not conforms and "year" in text


def test_bad_input_is_reported_and_the_rest_is_built(facts_file, tmp_path, capsys):
    bad = tmp_path / "bad.jsonl"
    good = facts_file.read_text(encoding="utf-8").splitlines()[1]
    bad.write_text("{not json\n" + json.dumps({"doc": "a1.txt", "type": "role", "bloc": "Khối 5"}) + "\n"
                   + good + "\n", encoding="utf-8")
    store_dir = tmp_path / "graph"
    assert cli.main(["build", str(bad), "--store", str(store_dir)]) == 0
    err = capsys.readouterr().err
    assert f"{bad}:1: not JSON" in err
    assert f"{bad}:2: role fact lacks" in err
    assert "1 facts (1 skipped)" in err or "2 facts (1 skipped)" in err
    with open_store(store_dir) as store:
        assert len(rows(store, "SELECT ?f WHERE { ?f a thd:RoleTenure }")) == 1
        before = len(store)
    assert cli.main(["build", str(tmp_path / "missing.jsonl"), "--store", str(store_dir)]) == 1
    err = capsys.readouterr().err
    assert "missing.jsonl: no such file" in err and "Traceback" not in err
    with open_store(store_dir) as store:
        assert len(store) == before                    # nothing stored was lost


def test_build_command_prints_nothing_on_stdout(facts_file, tmp_path, capsys):
    code = cli.main(["build", str(facts_file), "--store", str(tmp_path / "graph"), "--province", "Thử Nghiệm"])
    out, err = capsys.readouterr()
    assert code == 0 and out == ""
    assert "built 3 articles, 14 facts (0 skipped)" in err and "1 conflicting chair pairs" in err


def test_build_from_the_crawl_article_store(tmp_path, capsys):
    store_mod = pytest.importorskip("crawler.store", reason="the crawl's article store is not in this checkout")
    pytest.importorskip("graph.extract", reason="the extractor (graph.extract) is not in this checkout")
    from crawler.items import Article

    db = tmp_path / "articles.db"
    title = "Khối thi đua số 3 tỉnh Thử Nghiệm tổng kết năm 2024"
    body = ("Ngày 12/01/2025, Khối thi đua số 3 tổ chức hội nghị tổng kết năm 2024. Hội nghị đã bầu "
            "Sở Y tế làm Khối trưởng Khối thi đua số 3 năm 2025, Sở Tư pháp làm Khối phó.")
    url = "https://example.invalid/thu-nghiem/tin/khoi-3"
    given = {"doc": url, "type": "member", "bloc": "Khối thi đua số 3", "agency": "Sở Nội vụ", "year": 2024}
    with store_mod.ArticleStore(db) as articles:
        articles.save_article(Article(url, url, "demo", "Thử Nghiệm", "Sở Y tế", title, body,
                                      published="2025-01-13", fetched_at="2025-01-14T08:00:00+00:00"), [given])
        other = url + "-2"   # stored while the extractor was unavailable: extracted on the way
        articles.save_article(Article(other, other, "demo", "Thử Nghiệm", None, title + " (bản 2)", body,
                                      fetched_at="2025-01-15T08:00:00+00:00"), None)
    assert cli.main(["build", "--db", str(db), "--store", str(tmp_path / "graph")]) == 0
    assert "built 2 articles" in capsys.readouterr().err
    with open_store(tmp_path / "graph") as store:
        got = rows(store, "SELECT ?a ?h ?d ?seen WHERE { ?f prov:wasDerivedFrom ?a ; thd:firstSeen ?seen . "
                          "?a schema:headline ?h . OPTIONAL { ?a schema:datePublished ?d } }")
        assert {str(r["a"]) for r in got} == {url, other}
        first = next(r for r in got if str(r["a"]) == url)
        assert str(first["d"]) == "2025-01-13"
        assert first["seen"].toPython().isoformat() == "2025-01-14T08:00:00+00:00"   # the crawl's fetch time
        chairs = rows(store, "SELECT DISTINCT ?a WHERE { ?f org:role thd:Chair ; org:member/skos:prefLabel ?a ; "
                             "prov:wasDerivedFrom ?src }", {"src": URIRef(other)})
        assert [str(r["a"]) for r in chairs] == ["Sở Y tế"]


def test_statements_keep_first_and_last_seen_across_crawls(tmp_path):
    fact = {"doc": "https://example.invalid/tin/1", "type": "role", "bloc": "Khối 2", "year": 2024, "role": "chair",
            "agency": "Sở Y tế", "province": "Thử Nghiệm",
            "evidence": {"start": 0, "end": 10, "text": "câu mẫu 10"}}
    early, late = tmp_path / "early.jsonl", tmp_path / "late.jsonl"
    early.write_text(json.dumps({**fact, "fetched_at": "2025-01-01T00:00:00Z"}, ensure_ascii=False) + "\n", encoding="utf-8")
    late.write_text(json.dumps({**fact, "fetched_at": "2025-06-01T00:00:00Z"}, ensure_ascii=False) + "\n", encoding="utf-8")
    out = tmp_path / "statements.jsonl"
    with open_store("oxigraph:") as store:
        build([late], store=store, judgements=False, statements_out=out)
        build([early], store=store, judgements=False)      # an older copy read later
        seen = rows(store, "SELECT ?f ?first ?last WHERE { ?f thd:firstSeen ?first ; thd:lastSeen ?last }")
        assert len(seen) == 1                               # one statement, one first and one last time
        assert seen[0]["first"].toPython().month == 1 and seen[0]["last"].toPython().month == 6
    record = json.loads(out.read_text(encoding="utf-8"))
    assert record["id"] == str(seen[0]["f"]).rsplit("/", 1)[1]
    assert record["source"] == fact["doc"] and record["prop"] == "role"
    assert record["original_value"] == ["Sở Y tế"] and record["evidence"][0]["text"] == "câu mẫu 10"


def test_same_person_name_in_two_agencies_is_a_candidate_not_a_merge(tmp_path):
    facts = tmp_path / "people.jsonl"
    lines = [{"doc": "p.txt", "type": "person", "name": "Lê Thị Mai", "position": "Giám đốc", "agency": a,
              "province": "Thử Nghiệm"} for a in ("Sở Y tế", "Sở Tư pháp")]
    facts.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines), encoding="utf-8")
    with open_store("oxigraph:") as store:
        summary = build([facts], store=store, judgements=tmp_path / "j.jsonl")
        assert summary.people == 2 and summary.unsure == 1
        got = rows(store, "SELECT ?reason WHERE { ?j thd:decision thd:Unsure ; thd:reason ?reason ; thd:left ?l ; "
                          "thd:right ?r . ?l a schema:Person . ?r a schema:Person }")
        assert [str(r["reason"]) for r in got] == ["same name, different agencies"]
