"""The NetworkX projection: typed nodes, one edge per fact with relation/year/source, and
GraphML/GEXF files that networkx reads back and that are byte-identical run to run."""

from __future__ import annotations

import networkx as nx

from graph.build import build
from graph.project import to_networkx, write_gexf, write_graphml
from graph.store import open_store

ID = "https://w3id.org/thidua/id/"


def test_projection_types_and_edges(facts_file, tmp_path):
    with open_store("oxigraph:") as store:
        build([facts_file], store=store, judgements=False)
        g = to_networkx(store)
        assert list(to_networkx(store.graph()).edges(keys=True, data=True)) == list(g.edges(keys=True, data=True))
    assert isinstance(g, nx.MultiDiGraph)
    types = {d["type"] for _, d in g.nodes(data=True)}
    assert {"agency", "bloc", "person", "province", "event"} <= types
    bloc = ID + "bloc/thu-nghiem/khoi-5"
    assert g.nodes[bloc]["label"] == "Khối thi đua số 5"
    assert g.nodes[bloc]["province"] == ID + "province/thu-nghiem"
    chairs = sorted((g.nodes[u]["label"], d["year"], d["source"].rsplit("/", 1)[1], d.get("conflict"))
                    for u, v, d in g.in_edges(bloc, data=True) if d["relation"] == "chair")
    assert chairs == [("Sở Nội vụ", "2022", "a2.txt", "true"), ("Sở Tài chính", "2021", "a1.txt", None),
                      ("Sở Tư pháp", "2022", "a1.txt", "true")]
    relations = {d["relation"] for _, _, d in g.edges(data=True)}
    assert {"chair", "vice_chair", "member", "award", "host", "bloc", "position"} <= relations
    award = [d for u, v, d in g.edges(data=True) if d["relation"] == "award"]
    assert award == [{"relation": "award", "award": "Cờ thi đua", "status": "Proposed", "rank": "1", "year": "2021",
                      "source": (facts_file.parent / "a1.txt").resolve().as_uri()}]


def test_graphml_and_gexf_round_trip_and_are_stable(facts_file, tmp_path):
    with open_store("oxigraph:") as store:
        build([facts_file], store=store, judgements=False)
        g = to_networkx(store)
    write_graphml(g, tmp_path / "a.graphml")
    write_graphml(to_networkx(store_graph(facts_file)), tmp_path / "b.graphml")
    assert (tmp_path / "a.graphml").read_bytes() == (tmp_path / "b.graphml").read_bytes()
    back = nx.read_graphml(tmp_path / "a.graphml", force_multigraph=True)
    assert back.number_of_nodes() == g.number_of_nodes() and back.number_of_edges() == g.number_of_edges()
    write_gexf(g, tmp_path / "a.gexf")
    write_gexf(g, tmp_path / "b.gexf")
    assert (tmp_path / "a.gexf").read_bytes() == (tmp_path / "b.gexf").read_bytes()
    assert nx.read_gexf(tmp_path / "a.gexf").number_of_nodes() == g.number_of_nodes()


def store_graph(facts_file):
    with open_store("memory:") as store:
        build([facts_file], store=store, judgements=False)
        return store.graph()
