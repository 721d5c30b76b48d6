"""Page writers: each takes the public ``SiteData`` and returns {docs path: Markdown}."""
