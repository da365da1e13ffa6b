"""Downloader middlewares and extensions of the crawl: backoff retries, the fetch log,
AutoThrottle with per-site floors, live progress."""
