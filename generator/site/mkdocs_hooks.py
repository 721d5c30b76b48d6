"""mkdocs hooks, so that plain ``mkdocs build`` and ``mkdocs serve`` work on this repository.

Before each build the pages are staged from the data, as ``sfxm build`` does (unless sfxm is
the one building). Findings of ``sfxm check`` are logged as warnings: ``mkdocs build
--strict`` then refuses invalid data, while ``mkdocs serve`` keeps previewing what is valid.
The site's identity (address, name, organiser, footer) comes from ``submissions/registry/site.yaml``
and goes into the config before the build (``on_config``).
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from generator.site import build as site_build

log = logging.getLogger("mkdocs.plugins.sfxm")
_LOADED: dict[str, Any] = {}  # plain mkdocs: the repository and its public data, read once per build


def on_config(config, **kwargs):
    """The site's address, name and footer from the data (mkdocs.yml keeps only defaults)."""
    ident = site_build.IDENTITY
    if not site_build.STAGED_BY_SFXM:
        from generator.load import FileSystemSource
        from generator.repository import Repository
        from generator.site.data import collect

        root = Path(config.config_file_path).resolve().parent
        repo = Repository(FileSystemSource(root))
        data = collect(repo, root)
        _LOADED.update(root=root, repo=repo, data=data)
        ident = site_build.identity(data)
    return site_build.apply_identity(config, ident) if ident is not None else config


def on_pre_build(config, **kwargs) -> None:
    if site_build.STAGED_BY_SFXM:
        return
    from generator.rules import check_repository

    repo, data, root = _LOADED["repo"], _LOADED["data"], _LOADED["root"]
    for finding in check_repository(repo):
        if finding.is_error:
            log.warning("%s:%s: %s %s", finding.path, finding.line or "", finding.code, finding.message)
    os.environ.setdefault("SOURCE_DATE_EPOCH", str(site_build.source_date(data)))
    pages = site_build.generate(data, root, site_build.official_exports(repo, data))
    report = site_build.stage(pages, Path(config.docs_dir))
    log.info("sfxm: %d 个页面更新，%d 个删除，%d 个未变", len(report.written), len(report.removed), report.unchanged)


def on_files(files, config, **kwargs):
    """Count the pages, for the progress of ``sfxm build``."""
    pages = sum(1 for f in files if f.is_documentation_page())
    site_build.PROGRESS.stage("mkdocs：渲染 Markdown", pages)
    _LOADED["pages"] = pages
    return files


def on_page_content(html, **kwargs):
    site_build.PROGRESS.advance()
    return html


def on_env(env, config, files, **kwargs):
    site_build.PROGRESS.stage("mkdocs：套用模板，写出网页", _LOADED.get("pages"))
    return env


def on_post_page(output, **kwargs):
    site_build.PROGRESS.advance()
    return output


def on_post_build(config, **kwargs) -> None:
    """Index the built site with Pagefind (Chinese word segmentation, a chunked index)."""
    from generator.site.search import index_site

    site_build.PROGRESS.stage("建立搜索索引（Pagefind）")
    index_site(Path(config.site_dir))
