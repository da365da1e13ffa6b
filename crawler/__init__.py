"""The Scrapy project: registry-driven spider, page objects per CMS family, pipelines, demo web."""
