"""The namespaces of the graph (ontology/thidua.ttl and the vocabularies it reuses), and the
code lists the facts' string values map to. One place, so builder and readers agree."""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS, XSD

THD = Namespace("https://w3id.org/thidua/ontology#")
ID = Namespace("https://w3id.org/thidua/id/")
ORG = Namespace("http://www.w3.org/ns/org#")
PROV = Namespace("http://www.w3.org/ns/prov#")
SCHEMA = Namespace("http://schema.org/")

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
