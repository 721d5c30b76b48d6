"""Build the public site: write the pages as plain Markdown, then run mkdocs on them.

The pages are plain files in ``site/docs`` (git-ignored), so any tool that reads ``mkdocs.yml``
and a docs folder (mkdocs today, Zensical tomorrow) builds the same site; nothing is generated
inside mkdocs' own build. Staging writes only files whose bytes changed and removes the ones
no longer generated, so ``mkdocs serve`` settles after one rebuild.
"""

from __future__ import annotations

import logging
import os
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC
from pathlib import Path
from typing import Any

from generator.load import gc_paused
from generator.repository import Repository
from generator.site import text
from generator.site.data import SiteData, collect
from generator.site.progress import Progress, Silent

DOCS_DIR = Path("site/docs")
PAGES_DIR = Path("site/pages")
DEFAULT_OUT = Path("site/public")
# Set while sfxm itself stages and builds, so the mkdocs hook does not stage a second time.
STAGED_BY_SFXM = False
# The site's identity for the theme (see ``identity``), set by sfxm for the build it runs.
IDENTITY: dict[str, Any] | None = None
# Where the mkdocs hook reports rendered pages, while sfxm builds (``progress``).
PROGRESS: Progress = Silent()

Content = str | bytes


@dataclass
class StageReport:
    written: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0


def _writers() -> list[Callable[[SiteData], dict[str, Content]]]:
    from generator.site.pages import calls, cases, directions, home, notices, projects, reference, stats, units

    return [
        home.write,
        calls.write,
        projects.write,
        units.write,
        directions.write,
        notices.write,
        cases.write,
        stats.write,
        reference.write,
    ]


def handwritten(root: Path) -> dict[str, Content]:
    """The hand-written pages and assets, by docs path: sfxm's own, then the repository's ``site/pages``.

    A programme repository made by ``sfxm init`` has no ``site/pages`` of its own: sfxm's pages and
    assets come with the installed package (``generator.kit``); a page of the repository's replaces
    sfxm's page at the same path.
    """
    from generator import kit

    out: dict[str, Content] = {}
    for base in (kit.pages_dir(), root / PAGES_DIR):
        if base.is_dir():
            for path in sorted(base.rglob("*")):
                if path.is_file() and not path.name.startswith("."):
                    out[path.relative_to(base).as_posix()] = path.read_bytes()
    return out


def official_exports(repo: Repository, data: SiteData, progress: Progress | None = None) -> dict[str, dict[str, bytes]]:
    """The official DOCX/CSV/JSON exports of each call, as files by name."""
    import tempfile

    from generator.exports import export_call

    out: dict[str, dict[str, bytes]] = {}
    with source_date_epoch(source_date(data)):
        for call in data.calls:
            with tempfile.TemporaryDirectory() as tmp:
                out[call.id] = {p.name: p.read_bytes() for p in export_call(repo, call.id, Path(tmp))}
            if progress is not None:
                progress.advance()
    return out


def generate(
    data: SiteData,
    root: Path,
    official: dict[str, dict[str, bytes]] | None = None,
    progress: Progress | None = None,
) -> dict[str, Content]:
    """Every page and file of the site: hand-written ones first, generated ones may not replace them.

    Documents made by pandoc carry the data's latest date as their timestamp (SOURCE_DATE_EPOCH), so
    that the same data gives the same bytes.
    """
    from generator.site.pages import opendata

    pages: dict[str, Content] = dict(handwritten(root))

    def add(generated: dict[str, Content]) -> None:
        for path, content in generated.items():
            if path in pages:
                raise ValueError(f"generated page {path} would replace a hand-written one")
            pages[path] = content

    writers = _writers()
    progress = progress or Silent()
    progress.stage("生成页面和文件", len(writers) + 1)
    with source_date_epoch(source_date(data)):
        for writer in writers:
            add(writer(data))
            progress.advance()
        add(opendata.exports(data, official or {}))
        progress.advance()
    add({"data/index.md": text.front_matter("开放数据") + opendata.index_page(data, pages)})
    return pages


@contextmanager
def source_date_epoch(epoch: int) -> Iterator[None]:
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous


def stage(pages: dict[str, Content], docs_dir: Path, progress: Progress | None = None) -> StageReport:
    """Make ``docs_dir`` hold exactly ``pages`` (plus its .gitignore), touching only what changed."""
    report = StageReport()
    progress = progress or Silent()
    progress.stage("写入页面", len(pages))
    docs_dir.mkdir(parents=True, exist_ok=True)
    for rel, content in sorted(pages.items()):
        data = content.encode("utf-8") if isinstance(content, str) else content
        target = docs_dir / rel
        progress.advance()
        if target.is_file() and target.read_bytes() == data:
            report.unchanged += 1
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        report.written.append(rel)
    for existing in sorted(docs_dir.rglob("*"), reverse=True):
        rel = existing.relative_to(docs_dir).as_posix()
        if existing.is_file() and rel not in pages and not existing.name.startswith("."):
            existing.unlink()
            report.removed.append(rel)
        elif existing.is_dir() and not any(existing.iterdir()):
            existing.rmdir()
    return report


def identity(data: SiteData) -> dict[str, Any]:
    """What the theme needs to know about the site: its address, name and description for mkdocs,
    and for the templates (``config.extra.sfxm``) the organiser, contact, record numbers, footer,
    the feed's title and the date of the latest data. Empty values when registry/site.yaml is absent."""
    from generator.site.pages.common import day
    from generator.site.pages.notices import feed_title

    updated = data.latest_date.date()
    extra: dict[str, Any] = {
        "updated": day(updated),
        "updated_iso": updated.isoformat(),
        "feed_title": feed_title(data),
    }
    out: dict[str, Any] = {"extra": extra}
    site = data.site
    if site is not None:
        out |= {"site_url": site.site_url, "site_name": site.name, "site_description": site.description}
        extra |= {
            "sample": site.sample,
            "organiser": site.organiser,
            "operator": site.operator,
            "contact": site.contact.model_dump(),
            "icp": site.icp,
            "police_record": site.police_record,
            "site_code": site.site_code,
            "footer": site.footer,
            "image": site.site_url + site.image if site.image else None,
        }
    return out


def apply_identity(config: Any, ident: dict[str, Any]) -> Any:
    """Put the site's identity into a loaded mkdocs config (from the mkdocs hook's ``on_config``)."""
    for key in ("site_url", "site_name", "site_description"):
        if ident.get(key):
            config[key] = ident[key]
    config["extra"]["sfxm"] = ident["extra"]
    return config


def source_date(data: SiteData) -> int:
    """A build timestamp taken from the data, so the same data gives the same bytes."""
    return int(data.latest_date.replace(tzinfo=UTC).timestamp())


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@dataclass
class BuildResult:
    out: Path
    pages: int
    stage: StageReport
    warnings: list[str]
    seconds: dict[str, float] = field(default_factory=dict)  # collect, generate, stage, mkdocs


def run_mkdocs(
    root: Path,
    out: Path,
    *,
    strict: bool = True,
    epoch: int | None = None,
    ident: dict[str, Any] | None = None,
    progress: Progress | None = None,
) -> list[str]:
    """``mkdocs build`` on the staged docs into ``out``; the warnings it logged."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    global STAGED_BY_SFXM, IDENTITY, PROGRESS
    handler = _Collect()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is not None:
        os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    STAGED_BY_SFXM, IDENTITY, PROGRESS = True, ident, progress or Silent()
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # mkdocs 1.6's notice about 2.0; mkdocs is pinned to 1.6
    try:
        config = load_config(str(root / "mkdocs.yml"), site_dir=str(out), strict=strict)
        build(config)
    finally:
        STAGED_BY_SFXM, IDENTITY, PROGRESS = False, None, Silent()
        logger.removeHandler(handler)
        if epoch is not None:
            if previous is None:
                os.environ.pop("SOURCE_DATE_EPOCH", None)
            else:
                os.environ["SOURCE_DATE_EPOCH"] = previous
    return handler.messages


def build_site(
    repo: Repository, root: Path, out: Path | None = None, *, strict: bool = True, progress: Progress | None = None
) -> BuildResult:
    """Collect the public data, write the pages, stage them and run mkdocs (and Pagefind) into ``out``."""
    target = (out or root / DEFAULT_OUT).resolve()
    if target.exists() and not (target / "sitemap.xml").exists() and any(target.iterdir()):
        raise ValueError(f"输出目录 {target} 已有其他内容，不是 sfxm 生成的网站；请换一个目录或先清空它")
    seconds: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        seconds[name] = now - clock
        clock = now

    progress = progress or Silent()
    progress.stage("整理公开数据")
    with gc_paused():
        data = collect(repo, root)
    lap("collect")
    progress.stage("生成正式文件（Word、CSV、JSON）", len(data.calls))
    official = official_exports(repo, data, progress)
    pages = generate(data, root, official, progress)
    lap("generate")
    report = stage(pages, root / DOCS_DIR, progress)
    if target.exists():
        shutil.rmtree(target)
    lap("stage")
    progress.stage("mkdocs：读取配置和页面")
    warnings = run_mkdocs(root, target, strict=strict, epoch=source_date(data), ident=identity(data), progress=progress)
    progress.close()
    lap("mkdocs")
    return BuildResult(target, sum(1 for p in pages if p.endswith(".md")), report, warnings, seconds)
