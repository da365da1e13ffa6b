"""The site registry (crawler/sites.yaml): which sites to crawl and how.

One entry per site; the spider is driven by these entries rather than by code per site.
Demo entries write their URLs with a `{demo}` placeholder (the demo web's base URL, known
only once its server is listening) and are kept out of a load unless a base is given.
A bad entry is refused at load with the file, the entry and the reason, never half-loaded.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

DEFAULT_PATH = Path(__file__).with_name("sites.yaml")
FAMILIES_PATH = Path(__file__).parent / "pages" / "families.yaml"
SELECTOR_FIELDS = ("title", "date", "author", "body", "article_links", "next", "remove")
DEMO_PLACEHOLDER = "{demo}"

_REQUIRED = ("id", "province", "agency", "base_url")
_KNOWN = {
    "id", "province", "agency", "base_url", "start_urls", "sitemaps", "rss", "cms", "selectors",
    "verified", "relevance", "max_pages", "delay", "allowed_domains", "demo", "notes",
}
_LIST_FIELDS = ("start_urls", "sitemaps", "rss", "relevance", "allowed_domains")
# Used where neither the entry nor the file's `defaults` says otherwise.
_BUILTIN_DEFAULTS: dict[str, Any] = {"max_pages": 500, "delay": 2.0, "cms": "generic", "verified": False}


class RegistryError(ValueError):
    """A registry file or entry that cannot be used; the message says where and why."""


@dataclass
class Site:
    id: str
    province: str
    agency: str
    base_url: str
    start_urls: list[str] = field(default_factory=list)
    sitemaps: list[str] = field(default_factory=list)
    rss: list[str] = field(default_factory=list)
    cms: str = "generic"
    selectors: dict[str, Any] = field(default_factory=dict)
    verified: bool = False
    relevance: list[str] = field(default_factory=list)
    max_pages: int = 500
    delay: float = 2.0
    allowed_domains: list[str] = field(default_factory=list)
    demo: bool = False

    def owns(self, url: str) -> bool:
        """True when `url` lies under this site's base URL: same host (http or https, with or
        without "www."), same port, and under the base path. Demo sites share one host and
        differ by path, so the host alone does not tell them apart."""
        base, other = urlsplit(self.base_url), urlsplit(url)
        if _bare_host(base.netloc) != _bare_host(other.netloc):
            return False
        prefix = base.path.rstrip("/")
        return other.path == prefix or other.path.startswith(prefix + "/")


@lru_cache(maxsize=1)
def _families() -> tuple[str, ...]:
    """Family names of crawler/pages/families.yaml (read here so the registry needs no page code)."""
    return tuple(yaml.safe_load(FAMILIES_PATH.read_text(encoding="utf-8"))["families"])


def _bare_host(netloc: str) -> str:
    netloc = netloc.lower()
    return netloc[4:] if netloc.startswith("www.") else netloc


def _where(path: Path, index: int, raw: Any) -> str:
    name = raw.get("id") if isinstance(raw, dict) else None
    return f"{path}: sites[{index}]" + (f" (id {name!r})" if name else "")


def _fail(path: Path, index: int, raw: Any, reason: str) -> RegistryError:
    return RegistryError(f"{_where(path, index, raw)}: {reason}")


def _check_url(value: Any, what: str, demo: bool) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{what} must be a non-empty string, got {value!r}")
    value = value.strip()
    if demo:
        if not value.startswith(DEMO_PLACEHOLDER):
            raise ValueError(f"{what} {value!r} of a demo site must start with {DEMO_PLACEHOLDER}")
        return value
    if DEMO_PLACEHOLDER in value:
        raise ValueError(f"{what} {value!r} uses {DEMO_PLACEHOLDER} but the site is not marked demo: true")
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"{what} {value!r} is not an absolute http(s) URL")
    return value


def _build(raw: dict[str, Any], defaults: dict[str, Any]) -> Site:
    unknown = sorted(set(raw) - _KNOWN)
    if unknown:
        raise ValueError(f"unknown key(s) {', '.join(unknown)} (known: {', '.join(sorted(_KNOWN))})")
    missing = [k for k in _REQUIRED if not raw.get(k)]
    if missing:
        raise ValueError(f"missing required key(s): {', '.join(missing)}")
    if not isinstance(raw["id"], str) or not raw["id"].replace("-", "").replace("_", "").isalnum():
        raise ValueError(f"id {raw['id']!r} must be letters, digits, '-' or '_'")
    demo = bool(raw.get("demo", False))
    values: dict[str, Any] = {**_BUILTIN_DEFAULTS, **defaults, **raw}
    for key in _LIST_FIELDS:
        value = values.get(key, [])
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            raise ValueError(f"{key} must be a list, got {type(value).__name__}")
        values[key] = list(value)
    base = _check_url(values["base_url"], "base_url", demo)
    if not base.endswith("/"):
        base += "/"
    values["base_url"] = base
    for key in ("start_urls", "sitemaps", "rss"):
        values[key] = [_check_url(u, key, demo) for u in values[key]]
    if not values["start_urls"] and not values["sitemaps"] and not values["rss"]:
        raise ValueError("no way in: give at least one of start_urls, sitemaps, rss")
    if not values["relevance"]:
        raise ValueError("relevance keywords are empty (and the registry has no defaults.relevance)")
    try:
        values["max_pages"] = int(values["max_pages"])
        values["delay"] = float(values["delay"])
    except (TypeError, ValueError):
        raise ValueError(f"max_pages must be an integer and delay a number, got {values['max_pages']!r}, "
                         f"{values['delay']!r}") from None
    if values["max_pages"] < 1:
        raise ValueError(f"max_pages must be >= 1, got {values['max_pages']}")
    if values["delay"] < 0:
        raise ValueError(f"delay must be >= 0, got {values['delay']}")
    if not demo and values["delay"] < 1.0:
        raise ValueError(f"delay {values['delay']} is below the 1 second minimum for a real site")
    selectors = values.get("selectors") or {}
    if not isinstance(selectors, dict):
        raise ValueError("selectors must be a mapping of field -> CSS selector")
    unknown_fields = sorted(set(selectors) - set(SELECTOR_FIELDS))
    if unknown_fields:
        raise ValueError(f"selectors for unknown field(s) {', '.join(unknown_fields)} "
                         f"(known: {', '.join(SELECTOR_FIELDS)})")
    families = _families()
    if values.get("cms") not in families:
        raise ValueError(f"cms {values.get('cms')!r} is not a page-object family ({', '.join(families)})")
    return Site(
        id=values["id"], province=str(values["province"]), agency=str(values["agency"]), base_url=base,
        start_urls=values["start_urls"], sitemaps=values["sitemaps"], rss=values["rss"],
        cms=values.get("cms") or "generic", selectors=dict(values.get("selectors") or {}),
        verified=bool(values.get("verified", False)), relevance=[str(k) for k in values["relevance"]],
        max_pages=values["max_pages"], delay=values["delay"],
        allowed_domains=[str(d) for d in values["allowed_domains"]], demo=demo,
    )


def _substitute(site: Site, demo_base: str) -> Site:
    base = demo_base.rstrip("/")

    def sub(url: str) -> str:
        return url.replace(DEMO_PLACEHOLDER, base)

    site.base_url = sub(site.base_url)
    site.start_urls = [sub(u) for u in site.start_urls]
    site.sitemaps = [sub(u) for u in site.sitemaps]
    site.rss = [sub(u) for u in site.rss]
    site.allowed_domains = [urlsplit(base).hostname or "127.0.0.1"]
    return site


def _read(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise RegistryError(f"{path}: no such registry file") from None
    except yaml.YAMLError as error:
        raise RegistryError(f"{path}: not valid YAML ({error})") from None
    if not isinstance(data, dict) or not isinstance(data.get("sites"), list):
        raise RegistryError(f"{path}: expected a mapping with a 'sites' list (and optional 'defaults')")
    defaults = data.get("defaults") or {}
    if not isinstance(defaults, dict):
        raise RegistryError(f"{path}: 'defaults' must be a mapping")
    return data


def load_sites(path: str | Path | None = None, *, demo_base: str | None = None,
               include_demo: bool = False) -> list[Site]:
    """All sites of a registry file (default crawler/sites.yaml).

    Demo entries get their `{demo}` placeholder replaced by `demo_base`; without a base they
    are left out, unless `include_demo` asks for them as written (placeholder kept).
    """
    path = Path(path) if path is not None else DEFAULT_PATH
    data = _read(path)
    defaults = {k: v for k, v in (data.get("defaults") or {}).items()}
    sites: list[Site] = []
    seen: dict[str, int] = {}
    for index, raw in enumerate(data["sites"]):
        if not isinstance(raw, dict):
            raise _fail(path, index, raw, f"an entry must be a mapping, got {type(raw).__name__}")
        try:
            site = _build(raw, defaults)
        except ValueError as error:
            raise _fail(path, index, raw, str(error)) from None
        if site.id in seen:
            raise _fail(path, index, raw, f"duplicate id (first used by sites[{seen[site.id]}])")
        seen[site.id] = index
        if site.demo:
            if demo_base is not None:
                site = _substitute(site, demo_base)
            elif not include_demo:
                continue
        elif not site.allowed_domains:
            site.allowed_domains = [urlsplit(site.base_url).hostname or ""]
        sites.append(site)
    return sites


def demo_sites(demo_base: str, path: str | Path | None = None) -> list[Site]:
    """Only the demo web's sites, with URLs under `demo_base` (e.g. DemoServer.base_url)."""
    return [s for s in load_sites(path, demo_base=demo_base) if s.demo]


def site_for_url(sites: list[Site], url: str) -> Site | None:
    """The site whose base URL is the longest prefix of `url` (demo sites share one host)."""
    best: Site | None = None
    for site in sites:
        if site.owns(url) and (best is None or len(site.base_url) > len(best.base_url)):
            best = site
    return best
