"""Crawl defaults: the one place where politeness, resilience and speed are decided.

`thidua crawl` and `scrapy crawl sites` (scrapy.cfg) both use this module; the command only
adds what a run decides (the store path, the sites, Redis). The values and why:

- Politeness toward real sites: robots.txt obeyed, one request at a time per domain, at
  least 1 s between requests (a site entry may ask for more with `delay`: the crawl puts
  it in DOWNLOAD_SLOTS), AutoThrottle on top so a slow server gets slower requests, never
  faster than that floor (middlewares/throttle.py).
- The demo web on 127.0.0.1 is ours, so its slot gets 8 parallel requests and no delay;
  AutoThrottle leaves loopback slots alone (see spiders/sites.py).
- Resilience: retries with exponential backoff (RetryBackoffMiddleware; Retry-After is
  honoured), a 30 s timeout, a 10 MiB response cap (larger pages are cut off and counted,
  never half-parsed), at most 5 redirects.
- Crash safety is NOT Scrapy's JOBDIR: the frontier and seen-set live in the SQLite store,
  committed response by response (crawler/store.py).
"""

from __future__ import annotations

BOT_NAME = "thidua"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

# An honest identity: the site owner can see who crawls and why.
USER_AGENT = "thidua/0.1 (+research crawler of emulation-bloc news; obeys robots.txt)"
ROBOTSTXT_OBEY = True

# ---------------------------------------------------------------- politeness
CONCURRENT_REQUESTS = 16                 # over all domains
CONCURRENT_REQUESTS_PER_DOMAIN = 1       # one request at a time per real domain
DOWNLOAD_DELAY = 1.0                     # floor between requests to one domain (seconds)
DOWNLOAD_DELAY_JITTER = 0.5              # 0.5x..1.5x of the delay, so requests do not tick like a clock
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 2.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
# Loopback hosts serve the demo web (and test servers): ours, so no politeness delay.
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")
LOOPBACK_SLOT = {"concurrency": 8, "delay": 0.0, "jitter": 0.0}
DOWNLOAD_SLOTS = {host: dict(LOOPBACK_SLOT) for host in LOOPBACK_HOSTS}

# ---------------------------------------------------------------- resilience
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 10 * 1024 * 1024      # a news article is < 1 MiB; larger is a trap or a file
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024
REDIRECT_MAX_TIMES = 5
RETRY_ENABLED = True
RETRY_TIMES = 3
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
RETRY_BACKOFF_BASE = 1.0                 # seconds before the first retry; doubles per retry
RETRY_BACKOFF_MAX = 60.0                 # never wait longer (Retry-After included)
HTTPERROR_ALLOW_ALL = False              # 4xx/5xx reach the spider's errback, where they are counted

DOWNLOADER_MIDDLEWARES = {
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "crawler.middlewares.robots.RobotsTxtMiddleware": 100,     # every waiter obeys robots.txt
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "crawler.middlewares.retry.RetryBackoffMiddleware": 550,
    "crawler.middlewares.fetchlog.FetchLogMiddleware": 950,
}
ITEM_PIPELINES = {
    "crawler.pipelines.clean.CleanPipeline": 100,
    "crawler.pipelines.dedupe.DedupePipeline": 200,
    "crawler.pipelines.facts.FactsPipeline": 300,
    "crawler.pipelines.store.StorePipeline": 400,
}
EXTENSIONS = {
    "scrapy.extensions.telnet.TelnetConsole": None,
    "scrapy.extensions.throttle.AutoThrottle": None,       # replaced by the one that keeps site floors
    "crawler.middlewares.throttle.SiteThrottle": 0,
    "crawler.middlewares.progress.Progress": 500,
}

# ---------------------------------------------------------------- thidua's own
THIDUA_DB = "data/articles.db"           # the article store (crawler/store.py)
THIDUA_SITES = None                      # registry file; None = crawler/sites.yaml
THIDUA_SITE_IDS: list[str] = []          # only these sites (empty = all)
THIDUA_DEMO_BASE = None                  # live base URL of the demo web, when crawling it
# Articles of the demo web are stored under this origin instead of 127.0.0.1:<random port>,
# so a resumed crawl (new port) finds its frontier and the graph's IRIs do not change per run.
THIDUA_DEMO_ORIGIN = "http://demo.thidua.invalid"
THIDUA_PROGRESS_INTERVAL = 2.0           # seconds between progress lines on stderr
THIDUA_REDIS_URL = None                  # set by --redis: scrapy-redis scheduler + dupefilter
THIDUA_WORKER_TTL = 15                   # seconds without a heartbeat before a Redis worker counts as dead

# ---------------------------------------------------------------- Scrapy housekeeping
REQUEST_FINGERPRINTER_IMPLEMENTATION = "2.7"
FEED_EXPORT_ENCODING = "utf-8"
LOG_LEVEL = "INFO"
LOG_FORMAT = "%(levelname)s %(name)s: %(message)s"
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False


def redis_settings(url: str, run_key: str) -> dict[str, object]:
    """scrapy-redis: the frontier (queue) and the dupefilter on Redis, keys per crawl run.

    SCHEDULER_PERSIST keeps both when a worker stops, so other workers (and a restarted one)
    carry on; keys are per run so a new run revisits the listing pages."""
    return {
        "SCHEDULER": "crawler.middlewares.redisrun.InflightScheduler",  # scrapy_redis.scheduler.Scheduler + in-flight
        "DUPEFILTER_CLASS": "scrapy_redis.dupefilter.RFPDupeFilter",
        "SCHEDULER_PERSIST": True,
        "SCHEDULER_QUEUE_CLASS": "scrapy_redis.queue.PriorityQueue",
        "SCHEDULER_QUEUE_KEY": f"{run_key}:requests",
        "SCHEDULER_DUPEFILTER_KEY": f"{run_key}:dupefilter",
        "REDIS_URL": url,
        "THIDUA_REDIS_URL": url,
    }
