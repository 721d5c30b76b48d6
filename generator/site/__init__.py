"""The public site: Markdown pages and open data written from the repository, then mkdocs."""
