"""The mkdocs plugin ``sfxm`` (``plugins: [sfxm]`` in ``mkdocs.yml``), registered as an entry point.

It makes plain ``mkdocs build`` and ``mkdocs serve`` work on any programme repository, with sfxm
installed as a package: the pages are staged from the data before each build and indexed for
search after it (``mkdocs_hooks``), and the theme overrides come from the installed sfxm, after the
repository's own ``theme.custom_dir`` if it has one (so that an office may still override a template).
"""

from __future__ import annotations

import os
from pathlib import Path

from mkdocs.plugins import BasePlugin

from generator import kit
from generator.site import mkdocs_hooks


class SfxmPlugin(BasePlugin):
    def on_config(self, config):
        config = mkdocs_hooks.on_config(config)
        overrides = os.path.normpath(kit.overrides_dir())
        dirs = config.theme.dirs
        if overrides not in (os.path.normpath(d) for d in dirs):
            dirs.insert(1 if config.theme.custom_dir else 0, overrides)
        return config

    def on_pre_build(self, config) -> None:
        mkdocs_hooks.on_pre_build(config)

    def on_files(self, files, config):
        return mkdocs_hooks.on_files(files, config)

    def on_page_content(self, html, page, config, files):
        return mkdocs_hooks.on_page_content(html)

    def on_env(self, env, config, files):
        return mkdocs_hooks.on_env(env, config, files)

    def on_post_page(self, output, page, config):
        return mkdocs_hooks.on_post_page(output)

    def on_post_build(self, config) -> None:
        mkdocs_hooks.on_post_build(config)

    def on_serve(self, server, config, builder):
        root = Path(config.config_file_path).resolve().parent
        for folder in (root / "submissions", root / "site/pages", kit.pages_dir(), kit.overrides_dir()):
            if folder.is_dir():
                server.watch(str(folder))
        return server
