"""Retries with exponential backoff.

Scrapy's RetryMiddleware re-queues a failed request at once; a server that answered 503
gets hammered again within milliseconds. This one waits RETRY_BACKOFF_BASE * 2**(n-1)
seconds before retry n (capped at RETRY_BACKOFF_MAX, and at least a server's Retry-After),
without blocking other downloads: the wait is an async sleep inside the middleware.
"""

from __future__ import annotations

import logging

from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.http import Request, Response
from scrapy.settings import BaseSettings
from scrapy.utils.asyncio import sleep

log = logging.getLogger("thidua.crawl")


def backoff_delay(attempt: int, base: float, cap: float, retry_after: str | None = None) -> float:
    """Seconds to wait before retry number `attempt` (1-based)."""
    delay = base * 2 ** max(attempt - 1, 0)
    if retry_after and retry_after.strip().isdigit():
        delay = max(delay, float(retry_after.strip()))
    return min(delay, cap)


class RetryBackoffMiddleware(RetryMiddleware):
    def __init__(self, settings: BaseSettings) -> None:
        super().__init__(settings)
        self.base = settings.getfloat("RETRY_BACKOFF_BASE", 1.0)
        self.cap = settings.getfloat("RETRY_BACKOFF_MAX", 60.0)

    async def _wait(self, retry: Request | None, reason: str, retry_after: str | None = None) -> None:
        if retry is None:
            return
        attempt = retry.meta.get("retry_times", 1)
        delay = backoff_delay(attempt, self.base, self.cap, retry_after)
        log.info("retry %d of %s in %.1f s (%s)", attempt, retry.url, delay, reason)
        self.crawler.stats.inc_value("thidua/retries")
        await sleep(delay)

    async def process_response(self, request: Request, response: Response) -> Request | Response:  # type: ignore[override]
        result = super().process_response(request, response)
        if isinstance(result, Request):
            retry_after = response.headers.get("Retry-After")
            await self._wait(result, f"HTTP {response.status}", retry_after.decode("latin-1") if retry_after else None)
        return result

    async def process_exception(self, request: Request, exception: Exception) -> Request | Response | None:  # type: ignore[override]
        result = super().process_exception(request, exception)
        if isinstance(result, Request):
            await self._wait(result, type(exception).__name__)
        return result
