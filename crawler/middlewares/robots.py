"""robots.txt, obeyed by every request, including those that wait for robots.txt to arrive.

Scrapy 2.19's RobotsTxtMiddleware parks the requests that come while robots.txt is being
downloaded on one shared Deferred; under the asyncio reactor each waiter turns it into a
Future, and the first waiter's callback hands None down the chain, so every later waiter
reads "no robots.txt" and is let through. Seen here: a resumed crawl yields its pending
URLs at once, and a page under `Disallow` was fetched. The parser is stored before the
Deferred fires, so reading it back after the wait gives every waiter the real answer.
"""

from __future__ import annotations

from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware as ScrapyRobotsTxtMiddleware
from scrapy.http import Request
from scrapy.robotstxt import RobotParser
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.defer import Deferred


class RobotsTxtMiddleware(ScrapyRobotsTxtMiddleware):
    async def robot_parser(self, request: Request) -> RobotParser | None:
        result = await super().robot_parser(request)
        settled = self._parsers.get(urlparse_cached(request).netloc)
        return result if isinstance(settled, Deferred) else settled
