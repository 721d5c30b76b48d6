"""`sfxm build` of the synthetic 10-call repository (3,700 projects), and its first search.

    python benchmarks/bench_site.py [--calls 10] [--per-unit 10] [--no-browser]

Reports the total time and peak memory of the build (a fresh process), the time spent outside
mkdocs (checking, public data, writing pages) and inside it, the size of the search index, and,
in Debian's chromium (Playwright) with the CPU slowed 4× to stand for a mid-range phone, the
time from the first keystroke of a search to its first result.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import re
import shutil
import subprocess
import threading
import time
from pathlib import Path

from benchmarks.common import ROOT, WORK, header, machine, python
from benchmarks.synth import write


def build(repo_dir: Path) -> tuple[float, float, str]:
    for part in ("mkdocs.yml", "site"):
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, repo_dir / part, ignore=shutil.ignore_patterns("public", "docs"))
        else:
            shutil.copy(source, repo_dir / part)
    (repo_dir / "site/docs").mkdir(exist_ok=True)
    (repo_dir / "generator/site").mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "generator/site/mkdocs_hooks.py", repo_dir / "generator/site/mkdocs_hooks.py")
    import os

    start = time.perf_counter()
    proc = subprocess.Popen(
        [python(), "-m", "generator", "build", "--root", str(repo_dir)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    out = proc.stdout.read() if proc.stdout else ""
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"build failed:\n{out}")
    return seconds, usage.ru_maxrss / 1024, out


def first_search(site: Path, query: str) -> tuple[float, float] | None:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path="/usr/bin/chromium",
                args=[
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--no-first-run",
                ],
            )
            page = browser.new_page()
            session = page.context.new_cdp_session(page)
            session.send("Emulation.setCPUThrottlingRate", {"rate": 4})
            # The reader types a word in the header's box on the home page and presses Enter: the time
            # until the first result includes loading the search page, Pagefind and its index fragments.
            page.goto(f"http://127.0.0.1:{server.server_port}/", wait_until="load")
            start = time.perf_counter()
            page.fill("input[name=q]", query)
            page.press("input[name=q]", "Enter")
            page.wait_for_selector(".pagefind-ui__result-link", timeout=120000)
            from_home = time.perf_counter() - start
            # On the search page, already open, the first search of a fresh visit: loading Pagefind's
            # WebAssembly and the fragments for the word.
            page.context.clear_cookies()
            fresh = browser.new_page()
            fresh.context.new_cdp_session(fresh).send("Emulation.setCPUThrottlingRate", {"rate": 4})
            fresh.goto(f"http://127.0.0.1:{server.server_port}/search/", wait_until="load")
            fresh.wait_for_selector(".pagefind-ui__search-input")
            start = time.perf_counter()
            fresh.fill(".pagefind-ui__search-input", query)
            fresh.wait_for_selector(".pagefind-ui__result-link", timeout=120000)
            on_page = time.perf_counter() - start
            browser.close()
            return from_home, on_page
    finally:
        server.shutdown()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=10)
    parser.add_argument("--per-unit", type=int, default=10)
    parser.add_argument("--no-browser", action="store_true")
    args = parser.parse_args()
    repo_dir = WORK / "site"
    count = write(repo_dir, args.calls, args.per_unit, git=False)
    seconds, peak, out = build(repo_dir)
    site = repo_dir / "site/public"
    index = site / "pagefind"
    times = re.search(
        r"检查数据 ([\d.]+) 秒，整理公开数据 ([\d.]+) 秒，生成页面和文件 ([\d.]+) 秒，写入 ([\d.]+) 秒，mkdocs ([\d.]+) 秒",
        out,
    )
    print(f"## sfxm build: {count:,} projects\n\nMeasured {machine()}.\n")
    print("| what | value |\n|---|---|")
    print(f"| whole build (fresh process) | {seconds:.1f} s |")
    print(f"| peak memory | {peak:.0f} MB |")
    if times:
        check, collect, generate, stage, mkdocs = (float(x) for x in times.groups())
        print(
            f"| outside mkdocs: check {check:.1f} s, public data {collect:.1f} s, pages and files {generate:.1f} s, staging {stage:.1f} s | {check + collect + generate + stage:.1f} s |"
        )
        print(f"| inside mkdocs | {mkdocs:.1f} s |")
    pages = sum(1 for _ in site.rglob("*.html"))
    print(f"| HTML pages | {pages:,} |")
    files = [p for p in index.rglob("*") if p.is_file()]
    fragments = [p for p in files if p.parent.name in ("index", "fragment")]
    total = sum(p.stat().st_size for p in files)
    largest = max((p.stat().st_size for p in fragments), default=0)
    print(
        f"| search index (Pagefind) | {total / 1024 / 1024:.1f} MB in {len(files):,} files; largest chunk {largest / 1024:.0f} KB |"
    )
    if not args.no_browser and Path("/usr/bin/chromium").exists():
        measured = first_search(site, "文博")
        if measured is not None:
            print(
                f"| first search from the home page's box, incl. opening the search page (CPU 4× slower) | {measured[0]:.2f} s |"
            )
            print(f"| first search typed on the search page (CPU 4× slower) | {measured[1]:.2f} s |")
    shutil.rmtree(repo_dir)
    _ = header


if __name__ == "__main__":
    main()
