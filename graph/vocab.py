"""The namespaces of the graph (ontology/thidua.ttl and the vocabularies it reuses), and the
code lists the facts' string values map to. One place, so builder and readers agree."""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS, XSD


class _Namespace(Namespace):
    """rdflib's Namespace, remembering each term it made: the builder asks for the same
    few dozen terms millions of times, and rdflib makes a new URIRef on every access."""

    def __getattr__(self, name: str):  # type: ignore[override]
        if name.startswith("__"):
            raise AttributeError(name)
        term = self.term(name)
        self.__dict__[name] = term
        return term


THD = _Namespace("https://w3id.org/thidua/ontology#")
ID = _Namespace("https://w3id.org/thidua/id/")
ORG = _Namespace("http://www.w3.org/ns/org#")
PROV = _Namespace("http://www.w3.org/ns/prov#")
SCHEMA = _Namespace("http://schema.org/")
A = RDF.type
PREF_LABEL, ALT_LABEL = SKOS.prefLabel, SKOS.altLabel

PREFIXES = {"thd": THD, "id": ID, "org": ORG, "prov": PROV, "schema": SCHEMA, "skos": SKOS,
            "xsd": XSD, "rdf": RDF, "rdfs": RDFS, "owl": OWL, "dcterms": DCTERMS}

ROLES = {"chair": THD.Chair, "vice_chair": THD.ViceChair}
AWARD_KINDS = {"co_thi_dua": THD.CoThiDua, "bang_khen": THD.BangKhen, "giay_khen": THD.GiayKhen,
               "other": THD.OtherAward}
AWARD_LABELS = {"co_thi_dua": "Cờ thi đua", "bang_khen": "Bằng khen", "giay_khen": "Giấy khen", "other": "Khen thưởng"}
STATUSES = {"proposed": THD.Proposed, "conferred": THD.Conferred}
EVENT_KINDS = {"tong_ket": THD.TongKet, "so_ket": THD.SoKet, "ky_giao_uoc": THD.KyGiaoUoc,
               "phat_dong": THD.PhatDong, "other": THD.OtherEvent}
DECISIONS = {"same": THD.Same, "different": THD.Different, "unsure": THD.Unsure}


def sparql_prefixes() -> str:
    """PREFIX lines for every namespace above."""
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
