"""AutoThrottle that respects each site's floor and leaves loopback alone.

Stock AutoThrottle may lower a slot's delay down to DOWNLOAD_DELAY; a registry entry can
ask for more (`delay: 3`), which the crawl writes into DOWNLOAD_SLOTS, and that value must
stay the floor. Loopback slots (the demo web) keep their zero delay.
"""

from __future__ import annotations

from scrapy.core.downloader import Slot
from scrapy.extensions.throttle import AutoThrottle
from scrapy.http import Response


class SiteThrottle(AutoThrottle):
    def _adjust_delay(self, slot: Slot, latency: float, response: Response) -> None:
        host = response.url.split("/")[2].split(":")[0] if "://" in response.url else ""
        if host in self.crawler.settings.getlist("LOOPBACK_HOSTS"):
            return
        floor = self.crawler.settings.getdict("DOWNLOAD_SLOTS").get(host, {}).get("delay", 0.0)
        super()._adjust_delay(slot, latency, response)
        slot.delay = max(slot.delay, float(floor))
