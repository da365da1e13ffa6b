"""Crawl runs shared through Redis (scrapy-redis): which run a worker joins, when it may stop.

scrapy-redis holds the frontier (queue) and the dupefilter; this adds what it leaves open:

- Runs: every worker started while a run is unfinished joins it (its persisted queue is
  where a killed worker's peers and successors carry on); after a run finished, the next
  worker starts a new one with fresh keys, so listing pages are fetched again.
- Stopping: a worker whose queue is empty does not stop while another worker is busy (that
  worker may still reveal links); each worker publishes a heartbeat key with a TTL holding
  its in-flight count, so a killed worker stops counting after WORKER_TTL seconds.
- The last worker to stop marks the run finished and drops its keys.
- Crash safety: scrapy-redis forgets a request once popped, so a killed worker would lose
  what it had in flight. InflightScheduler pops atomically into a per-worker hash (a Lua
  script) and the spider releases an entry once its outcome is committed; the in-flight
  hash of a worker whose heartbeat expired goes back to the queue (again atomically).
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
from scrapy_redis.scheduler import Scheduler
from twisted.internet import task

log = logging.getLogger("thidua.crawl")

PREFIX = "thidua"
WAKE_SECONDS = 0.3  # an idle worker polls the shared queue this often

# pop the best request and record it as in flight for this worker, in one step
_POP_INFLIGHT = """
local r = redis.call('ZRANGE', KEYS[1], 0, 0)
if #r == 0 then return false end
redis.call('ZREMRANGEBYRANK', KEYS[1], 0, 0)
local field = redis.sha1hex(r[1])
redis.call('HSET', KEYS[2], field, r[1])
return {field, r[1]}
"""
# put a dead worker's in-flight requests back on the queue, in one step
_REQUEUE = """
local vals = redis.call('HVALS', KEYS[1])
for _, v in ipairs(vals) do redis.call('ZADD', KEYS[2], 0, v) end
redis.call('DEL', KEYS[1])
return #vals
"""


def worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def run_key_of(queue_key: str) -> str:
    return queue_key.rsplit(":", 1)[0]


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


class InflightScheduler(Scheduler):
    """scrapy-redis' scheduler, with each popped request kept in this worker's in-flight hash
    until the spider releases it (see the module docstring)."""

    def open(self, spider: Any) -> None:
        super().open(spider)
        self.inflight_key = f"{run_key_of(self.queue.key)}:inflight:{worker_id()}"
        self._pop = self.server.register_script(_POP_INFLIGHT)
        self.fields: dict[str, str] = {}
        spider.inflight = self

    def next_request(self) -> Any:
        popped = self._pop(keys=[self.queue.key, self.inflight_key])
        if not popped:
            return None
        field, data = popped
        request = self.queue._decode_request(data)
        self.fields[request.meta.get("frontier_url") or request.url] = field
        if self.stats:
            self.stats.inc_value("scheduler/dequeued/redis")
        return request

    def enqueue_request(self, request: Any) -> bool:
        queued = super().enqueue_request(request)
        if request.meta.get("retry_times"):  # the retry is on the queue now: the first try is settled
            self.release(request.meta.get("frontier_url") or request.url)
        return queued

    def release(self, url: str) -> None:
        field = self.fields.pop(url, None)
        if field is not None:
            self.server.hdel(self.inflight_key, field)

    def clear_inflight(self) -> None:
        """Called when this worker is idle: nothing is in flight, so any entry left is stale."""
        self.fields.clear()
        self.server.delete(self.inflight_key)

    def close(self, reason: str) -> None:
        # what is left was dropped on purpose (an empty article) or retried elsewhere
        self.server.delete(self.inflight_key)
        super().close(reason)


class RedisRun:
    def __init__(self, crawler: Any) -> None:
        url = crawler.settings.get("THIDUA_REDIS_URL")
        if not url:
            raise NotConfigured
        self.crawler = crawler
        self.client = redis.Redis.from_url(url)
        self.run_key = run_key_of(crawler.settings.get("SCHEDULER_QUEUE_KEY"))
        self.me = f"{self.run_key}:worker:{worker_id()}"
        self.ttl = crawler.settings.getint("THIDUA_WORKER_TTL", 15)
        self._requeue = self.client.register_script(_REQUEUE)
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
        self.client.set(self.me, self._in_flight(), ex=self.ttl)

    def recover(self) -> int:
        """Requeue the in-flight requests of workers whose heartbeat expired (killed ones)."""
        moved = 0
        prefix = f"{self.run_key}:inflight:"
        for key in self.client.scan_iter(prefix + "*"):
            worker = key.decode()[len(prefix):]
            if not self.client.exists(f"{self.run_key}:worker:{worker}"):
                n = int(self._requeue(keys=[key, f"{self.run_key}:requests"]))
                if n:
                    log.warning("worker %s stopped without finishing: %d of its requests put back on the queue",
                                worker, n)
                moved += n
        return moved

    def opened(self, spider: Any) -> None:
        self.beat()
        self.recover()
        self.loop = task.LoopingCall(self.beat)
        self.loop.start(1.0, now=False)

    def _others_busy(self) -> int:
        """Requests in flight at other workers: their heartbeat counts, and the in-flight hash of
        a worker that may have died (its heartbeat not expired yet, so not recovered yet)."""
        busy = 0
        for key in self.client.scan_iter(f"{self.run_key}:worker:*"):
            if key.decode() != self.me:
                busy += int(self.client.get(key) or 0)
        mine = f"{self.run_key}:inflight:{worker_id()}"
        for key in self.client.scan_iter(f"{self.run_key}:inflight:*"):
            if key.decode() != mine:
                busy += int(self.client.hlen(key))
        return busy

    def idle(self, spider: Any) -> None:
        self.beat()
        if getattr(spider, "inflight", None) is not None:
            spider.inflight.clear_inflight()
        self.recover()
        queued = self.client.zcard(f"{self.run_key}:requests")
        busy = self._others_busy()
        if queued or busy:
            log.debug("idle, but %d queued and %d in flight at other workers: waiting", queued, busy)
            # look at the shared queue again soon, not at the engine's 5 s heartbeat
            from twisted.internet import reactor  # the running one (a module-level import would install one)

            task.deferLater(reactor, WAKE_SECONDS, self._wake).addErrback(lambda _: None)
            raise DontCloseSpider

    def _wake(self) -> None:
        slot = getattr(self.crawler.engine, "_slot", None)  # Scrapy has no public "poll now"
        if slot is not None:
            slot.nextcall.schedule()

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
