"""The fetch log: every HTTP exchange of the crawl, written to the store.

Placed next to the downloader, so it sees each exchange (redirect hops and retries too);
retries carry their attempt number. That log is what the "no URL fetched twice"
guarantee is checked against. robots.txt fetches are not logged (every worker needs them).
"""

from __future__ import annotations

from typing import Any

from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request, Response


class FetchLogMiddleware:
    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Any) -> FetchLogMiddleware:
        return cls(crawler)

    def _log(self, request: Request, status: int | None) -> None:
        spider = self.crawler.spider
        if request.url.endswith("/robots.txt") or not hasattr(spider, "store"):
            return
        spider.store.log_fetch(spider.urls.to_stable(request.url), status, spider.worker, spider.run_id,
                               request.meta.get("retry_times", 0))
        self.crawler.stats.inc_value("thidua/pages")

    def process_response(self, request: Request, response: Response) -> Response:
        self._log(request, response.status)
        return response

    def process_exception(self, request: Request, exception: Exception) -> None:
        if not isinstance(exception, IgnoreRequest):
            self._log(request, None)
        return None
