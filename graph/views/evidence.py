"""The sentences behind the graph: which facts mention which entities, with their source.

The NetworkX projection says *that* an agency chaired a bloc; the tooltip must say *where it
is written*. Facts are indexed by every pair of resources they mention (bloc, agency,
article, ...), so an edge u-v finds the sentences of the facts that name both.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from itertools import combinations

from rdflib import RDF, Graph, URIRef

from graph.vocab import PROV, SCHEMA, THD


@dataclass(frozen=True, order=True)
class Quote:
    """One sentence stating a fact, and the article it came from."""

    text: str
    source: str
    source_title: str
    fact: str


class EvidenceIndex:
    """Quotes by fact IRI, by entity and by pair of entities."""

    def __init__(self, graph: Graph | None) -> None:
        self.by_fact: dict[str, list[Quote]] = defaultdict(list)
        self.by_node: dict[str, list[Quote]] = defaultdict(list)
        self.by_pair: dict[frozenset[str], list[Quote]] = defaultdict(list)
        if graph is not None:
            self._index(graph)

    def _index(self, graph: Graph) -> None:
        titles = {str(a): str(t) for a, t in graph.subject_objects(SCHEMA.headline)}
        for fact, evidence in graph.subject_objects(THD.evidence):
            text = graph.value(evidence, THD.text)
            if text is None:
                continue
            sources = sorted(str(s) for s in graph.objects(fact, PROV.wasDerivedFrom)) or [""]
            source = sources[0]
            quote = Quote(str(text), source, titles.get(source, source), str(fact))
            mentioned = {str(o) for p, o in graph.predicate_objects(fact)
                         if isinstance(o, URIRef) and p not in (RDF.type, THD.evidence)
                         and not str(o).startswith(str(THD))}
            mentioned.add(str(fact))
            self.by_fact[str(fact)].append(quote)
            for node in mentioned:
                self.by_node[node].append(quote)
            for a, b in combinations(sorted(mentioned), 2):
                self.by_pair[frozenset((a, b))].append(quote)

    def for_edge(self, u: str, v: str, fact: str | None = None, source: str | None = None) -> list[Quote]:
        found = list(self.by_fact.get(fact, [])) if fact else []
        if not found:
            found = list(self.by_pair.get(frozenset((u, v)), []))
            if source:
                found = [q for q in found if q.source == source] or found
        return sorted(set(found))

    def for_node(self, node: str) -> list[Quote]:
        return sorted(set(self.by_node.get(node, [])))
