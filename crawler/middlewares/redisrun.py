"""Crawl runs shared through Redis (scrapy-redis): which run a worker joins, when it may stop.

scrapy-redis holds the frontier (queue) and the dupefilter; this adds what it leaves open:

- Runs: every worker started while a run is unfinished joins it (its persisted queue is
  where a killed worker's peers and successors carry on); after a run finished, the next
  worker starts a new one with fresh keys, so listing pages are fetched again.
- Stopping: a worker whose queue is empty does not stop while another worker is busy (that
  worker may still reveal links); each worker publishes a heartbeat key with a TTL holding
  its in-flight count, so a killed worker stops counting after WORKER_TTL seconds.
- The last worker to stop marks the run finished and drops its keys.
"""

from __future__ import annotations

import logging
import os
import socket
import time
from typing import Any

import redis
from scrapy import signals
from scrapy.exceptions import DontCloseSpider, NotConfigured
from twisted.internet import task

log = logging.getLogger("thidua.crawl")

PREFIX = "thidua"
WORKER_TTL = 15


def join_run(client: redis.Redis, prefix: str = PREFIX) -> tuple[int, str]:
    """(run number, key prefix of the run) for a new worker: the current run unless it finished."""
    lock = client.lock(f"{prefix}:run-lock", timeout=10, blocking_timeout=10)
    with lock:
        current = client.get(f"{prefix}:run")
        if current is None or client.exists(f"{prefix}:run:{int(current)}:finished"):
            current = client.incr(f"{prefix}:runs")
            client.set(f"{prefix}:run", current)
        run = int(current)
    return run, f"{prefix}:run:{run}"


class RedisRun:
    def __init__(self, crawler: Any) -> None:
        url = crawler.settings.get("THIDUA_REDIS_URL")
        if not url:
            raise NotConfigured
        self.crawler = crawler
        self.client = redis.Redis.from_url(url)
        self.run_key = crawler.settings.get("SCHEDULER_QUEUE_KEY").rsplit(":", 1)[0]
        self.me = f"{self.run_key}:worker:{socket.gethostname()}:{os.getpid()}"
        self.loop: task.LoopingCall | None = None

    @classmethod
    def from_crawler(cls, crawler: Any) -> RedisRun:
        ext = cls(crawler)
        crawler.signals.connect(ext.opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.idle, signal=signals.spider_idle)
        crawler.signals.connect(ext.closed, signal=signals.spider_closed)
        return ext

    def _in_flight(self) -> int:
        engine = self.crawler.engine
        scraper = engine.scraper.slot
        return len(engine.downloader.active) + (len(scraper.active) if scraper else 0)

    def beat(self) -> None:
        self.client.set(self.me, self._in_flight(), ex=WORKER_TTL)

    def opened(self, spider: Any) -> None:
        self.beat()
        self.loop = task.LoopingCall(self.beat)
        self.loop.start(1.0, now=False)

    def _others_busy(self) -> int:
        busy = 0
        for key in self.client.scan_iter(f"{self.run_key}:worker:*"):
            if key.decode() != self.me:
                busy += int(self.client.get(key) or 0)
        return busy

    def idle(self, spider: Any) -> None:
        self.beat()
        queued = self.client.zcard(f"{self.run_key}:requests")
        busy = self._others_busy()
        if queued or busy:
            log.debug("idle, but %d queued and %d in flight at other workers: waiting", queued, busy)
            raise DontCloseSpider

    def closed(self, spider: Any, reason: str) -> None:
        if self.loop and self.loop.running:
            self.loop.stop()
        self.client.delete(self.me)
        others = [k for k in self.client.scan_iter(f"{self.run_key}:worker:*")]
        if reason == "finished" and not others and not self.client.zcard(f"{self.run_key}:requests"):
            self.client.set(f"{self.run_key}:finished", int(time.time()))
            self.client.delete(f"{self.run_key}:requests", f"{self.run_key}:dupefilter")
            log.info("crawl run %s finished (last worker); its Redis queue and dupefilter are dropped",
                     self.run_key)
