"""`sfxm build` of the synthetic 10-call repository (3,700 projects), and its first search.

    python -m benchmarks.bench_site [--calls 10] [--per-unit 10] [--repeats 3] [--no-browser]

Reports the total time and peak memory of the build (a fresh process each time, from a cold docs
folder; best and median of ``--repeats``), the time spent outside mkdocs (checking, public data,
writing pages) and inside it, the size of the search index, and, in Debian's chromium (Playwright)
with the CPU slowed 4× to stand for a mid-range phone, the time from a search to its first result
(a word, and a declaration id found by its exact key), best and median of the repeats.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import re
import shutil
import statistics
import subprocess
import threading
import time
from pathlib import Path

from benchmarks.common import ROOT, WORK, header, machine, python
from benchmarks.synth import write


def prepare(repo_dir: Path) -> None:
    for part in ("mkdocs.yml", "site"):
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, repo_dir / part, ignore=shutil.ignore_patterns("public", "docs"))
        else:
            shutil.copy(source, repo_dir / part)
    (repo_dir / "generator/site").mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "generator/site/mkdocs_hooks.py", repo_dir / "generator/site/mkdocs_hooks.py")


def build(repo_dir: Path) -> tuple[float, float, str, float]:
    """One cold build in a fresh process: wall time, peak memory (MB), its output, CPU seconds (user + system,
    Pagefind included): on a shared machine the CPU time says what the build costs, the wall time what it waited."""
    import os

    shutil.rmtree(repo_dir / "site/docs", ignore_errors=True)
    (repo_dir / "site/docs").mkdir()
    start = time.perf_counter()
    proc = subprocess.Popen(
        [python(), "-m", "generator", "build", "--root", str(repo_dir)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env={**os.environ, "CI": "true"},
    )
    out = proc.stdout.read() if proc.stdout else ""
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"build failed:\n{out}")
    return seconds, usage.ru_maxrss / 1024, out, usage.ru_utime + usage.ru_stime


def first_search(site: Path, word: str, ident: str) -> tuple[float, float, float] | None:
    """Seconds to the first result, CPU 4× slower: from the home page's box (loading the search page
    too), typed on the search page, and a declaration id typed there (its exact key first)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    class Server(http.server.ThreadingHTTPServer):
        def handle_error(self, request: object, client_address: object) -> None:
            pass  # a page closed while a fetch was in flight

    handler = functools.partial(Quiet, directory=str(site))
    server = Server(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    first = "#sfxm-results-list > li"
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

            def slow_page():
                context = browser.new_context()  # a fresh visit: nothing cached
                page = context.new_page()
                context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": 4})
                return context, page

            # The reader types a word in the header's box on the home page and presses Enter: the time
            # until the first result includes loading the search page, Pagefind and its index fragments.
            context, page = slow_page()
            page.goto(base + "/", wait_until="load")
            start = time.perf_counter()
            page.fill("header input[name=q]", word)
            page.press("header input[name=q]", "Enter")
            page.wait_for_selector(first, timeout=120000)
            from_home = time.perf_counter() - start
            context.close()
            # On the search page, already open: the first search of a fresh visit (Pagefind's
            # WebAssembly, the fragments for the words), typed, results as the reader types.
            measured = [from_home]
            for query in (word, ident):
                context, page = slow_page()
                page.goto(base + "/search/", wait_until="load")
                page.wait_for_function("typeof window.sfxmSearch === 'function'")
                start = time.perf_counter()
                page.fill("#sfxm-q", query)
                page.wait_for_selector(first, timeout=120000)
                measured.append(time.perf_counter() - start)
                context.close()
            browser.close()
            return measured[0], measured[1], measured[2]
    finally:
        server.shutdown()


def best_median(values: list[float], unit: str = "s", digits: int = 1) -> str:
    return f"{min(values):.{digits}f} {unit} / {statistics.median(values):.{digits}f} {unit}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=10)
    parser.add_argument("--per-unit", type=int, default=10)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument(
        "--keep", action="store_true", help="keep the synthetic repository and its site in benchmarks/_work"
    )
    args = parser.parse_args()
    repo_dir = WORK / "site"
    count = write(repo_dir, args.calls, args.per_unit, git=False)
    prepare(repo_dir)
    runs = [build(repo_dir) for _ in range(args.repeats)]
    seconds = [r[0] for r in runs]
    cpu = [r[3] for r in runs]
    peak = max(r[1] for r in runs)
    out = min(runs)[2]  # the breakdown of the fastest build
    site = repo_dir / "site/public"
    index = site / "pagefind"
    times = re.search(
        r"检查数据 ([\d.]+) 秒，整理公开数据 ([\d.]+) 秒，生成页面和文件 ([\d.]+) 秒，写入 ([\d.]+) 秒，mkdocs ([\d.]+) 秒",
        out,
    )
    print(f"## sfxm build: {count:,} projects\n\nMeasured {machine()}.\n")
    print("| what | best / median |\n|---|---|")
    print(
        f"| whole build (fresh process, cold; {len(seconds)} runs: {', '.join(f'{s:.1f}' for s in seconds)}) | {best_median(seconds)} |"
    )
    print(f"| CPU time of the build (user + system, Pagefind included) | {best_median(cpu)} |")
    print(f"| peak memory | {peak:.0f} MB |")
    if times:
        check, collect, generate, stage, mkdocs = (float(x) for x in times.groups())
        print(
            f"| outside mkdocs (fastest run): check {check:.1f} s, public data {collect:.1f} s, pages and files {generate:.1f} s, staging {stage:.1f} s | {check + collect + generate + stage:.1f} s |"
        )
        print(f"| inside mkdocs, Pagefind included (fastest run) | {mkdocs:.1f} s |")
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
        measured = [first_search(site, "文博", "2018-110000-001") for _ in range(args.repeats)]
        measured = [m for m in measured if m is not None]
        if measured:
            for i, label in enumerate(
                (
                    "first search from the home page's box, incl. opening the search page",
                    "first search typed on the search page (a word)",
                    "first search typed on the search page (a declaration id)",
                )
            ):
                print(f"| {label}, CPU 4× slower | {best_median([m[i] for m in measured], digits=2)} |")
    if not args.keep:
        shutil.rmtree(repo_dir)
    _ = header


if __name__ == "__main__":
    main()
