"""From article text to the knowledge graph: extract, resolve, build, project, query, views, exports."""
