"""The site registry: loading, demo substitution, and refusals that name file, entry and reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from crawler.registry import DEFAULT_PATH, RegistryError, demo_sites, load_sites, site_for_url

GOOD_SITE = """
  - id: {id}
    province: Tỉnh Thử
    agency: Sở Thử
    base_url: https://so.example.gov.vn/
    start_urls: [https://so.example.gov.vn/tin-tuc/]
"""


def write(tmp_path: Path, body: str, defaults: str = "defaults:\n  relevance: [thi đua]\n") -> Path:
    path = tmp_path / "sites.yaml"
    path.write_text(defaults + "sites:\n" + body, encoding="utf-8")
    return path


def test_default_registry_has_real_sites_of_three_provinces_unverified():
    sites = load_sites()
    provinces = {s.province for s in sites}
    assert {"Bắc Kạn", "Lạng Sơn"} <= provinces and len(provinces) >= 3
    assert all(not s.demo and not s.verified for s in sites)
    hosts = {s.allowed_domains[0] for s in sites}
    assert {"socongthuong.backan.gov.vn", "sokhcn.langson.gov.vn"} <= hosts
    assert all(s.delay >= 1 for s in sites)


def test_demo_sites_substitute_the_base_and_share_the_host():
    sites = demo_sites("http://127.0.0.1:8123/")
    assert len(sites) >= 4 and all(s.demo for s in sites)
    assert len({s.province for s in sites}) >= 3 and len({s.cms for s in sites}) >= 2
    for site in sites:
        assert site.base_url.startswith("http://127.0.0.1:8123/") and "{demo}" not in site.base_url
        assert all(u.startswith(site.base_url) for u in site.start_urls + site.sitemaps + site.rss)
        assert site.allowed_domains == ["127.0.0.1"]
        assert site.relevance, "defaults.relevance applies"
    assert site_for_url(sites, "http://127.0.0.1:8123/langson-khcn/tin-tuc/x.html").id == "demo-langson-khcn"
    assert site_for_url(sites, "http://127.0.0.1:8123/elsewhere/") is None


def test_demo_entries_are_left_out_without_a_base_unless_asked():
    assert not [s for s in load_sites() if s.demo]
    kept = [s for s in load_sites(include_demo=True) if s.demo]
    assert kept and all(s.base_url.startswith("{demo}") for s in kept)


def test_a_good_file_loads_with_defaults(tmp_path):
    sites = load_sites(write(tmp_path, GOOD_SITE.format(id="so-thu")))
    assert sites[0].relevance == ["thi đua"] and sites[0].cms == "generic"
    assert sites[0].allowed_domains == ["so.example.gov.vn"]


BAD_ENTRIES = [
    ("missing province", "  - id: a\n    agency: X\n    base_url: https://a.example/\n    start_urls: [https://a.example/]\n",
     "missing required key(s): province"),
    ("relative url", "  - id: a\n    province: P\n    agency: X\n    base_url: /tin-tuc/\n    start_urls: [https://a.example/]\n",
     "not an absolute http(s) URL"),
    ("unknown key", GOOD_SITE.format(id="a") + "    start_url: [x]\n", "unknown key(s) start_url"),
    ("no way in", "  - id: a\n    province: P\n    agency: X\n    base_url: https://a.example/\n",
     "no way in"),
    ("too fast", GOOD_SITE.format(id="a") + "    delay: 0.2\n", "below the 1 second minimum"),
    ("placeholder outside demo", "  - id: a\n    province: P\n    agency: X\n    base_url: '{demo}/a/'\n    start_urls: ['{demo}/a/']\n",
     "not marked demo: true"),
    ("bad max_pages", GOOD_SITE.format(id="a") + "    max_pages: lots\n", "max_pages must be an integer"),
    ("bad id", GOOD_SITE.format(id="'a b'"), "must be letters, digits"),
    ("unknown cms", GOOD_SITE.format(id="a") + "    cms: joomla\n", "cms 'joomla' is not a page-object family"),
    ("unknown selector field", GOOD_SITE.format(id="a") + "    selectors: {headline: h1}\n",
     "selectors for unknown field(s) headline"),
]


@pytest.mark.parametrize("label,body,reason", BAD_ENTRIES, ids=[b[0] for b in BAD_ENTRIES])
def test_a_bad_entry_is_refused_naming_file_entry_and_reason(tmp_path, label, body, reason):
    path = write(tmp_path, GOOD_SITE.format(id="fine") + body)
    with pytest.raises(RegistryError) as error:
        load_sites(path)
    message = str(error.value)
    assert str(path) in message
    assert "sites[1]" in message
    assert reason in message


def test_duplicate_id_names_both_entries(tmp_path):
    path = write(tmp_path, GOOD_SITE.format(id="twice") + GOOD_SITE.format(id="twice"))
    with pytest.raises(RegistryError, match=r"sites\[1\] \(id 'twice'\): duplicate id \(first used by sites\[0\]\)"):
        load_sites(path)


def test_empty_relevance_without_defaults_is_refused(tmp_path):
    path = write(tmp_path, GOOD_SITE.format(id="a"), defaults="")
    with pytest.raises(RegistryError, match="relevance keywords are empty"):
        load_sites(path)


@pytest.mark.parametrize("content,reason", [
    ("sites: [oops", "not valid YAML"),
    ("- just a list\n", "expected a mapping with a 'sites' list"),
])
def test_a_broken_file_is_refused(tmp_path, content, reason):
    path = tmp_path / "broken.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(RegistryError, match=reason) as error:
        load_sites(path)
    assert str(path) in str(error.value)


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(RegistryError, match="no such registry file"):
        load_sites(tmp_path / "none.yaml")


def test_default_path_is_the_packaged_registry():
    assert DEFAULT_PATH.name == "sites.yaml" and DEFAULT_PATH.parent.name == "crawler"


def test_site_for_url_ignores_scheme_and_www_but_not_the_path():
    sites = load_sites()
    assert site_for_url(sites, "http://www.socongthuong.backan.gov.vn/2020/10/bai/").id == "backan-socongthuong"
    demo = demo_sites("http://127.0.0.1:8123")
    assert site_for_url(demo, "http://127.0.0.1:8123/backan-sct-other/") is None
    assert site_for_url(demo, "http://127.0.0.1:9999/backan-sct/") is None
