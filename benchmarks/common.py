"""Timing helpers for the benchmarks: wall time and peak memory of a command, machine facts."""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "benchmarks" / "_work"


@dataclass
class Measure:
    label: str
    seconds: list[float]
    peak_mb: float
    returncode: int

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def best(self) -> float:
        return min(self.seconds)

    def row(self) -> str:
        runs = ", ".join(f"{s:.2f}" for s in self.seconds)
        return f"| {self.label} | {self.best:.2f} s | {self.median:.2f} s | {self.peak_mb:.0f} MB | {runs} |"


def run(label: str, cmd: list[str], *, repeats: int = 3, cwd: Path | None = None, env: dict | None = None) -> Measure:
    """Run ``cmd`` ``repeats`` times; wall time of each run and the largest peak RSS."""
    seconds, peak, code = [], 0.0, 0
    for _ in range(repeats):
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds.append(time.perf_counter() - start)
        peak = max(peak, usage.ru_maxrss / 1024)
        code = os.waitstatus_to_exitcode(status)
        proc.returncode = code
    return Measure(label, seconds, peak, code)


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f", {kb / 1024 / 1024:.0f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    return f"{date.today().isoformat()}, {os.cpu_count()} cores ({cpu}){mem}, Python {platform.python_version()}"


def header(title: str) -> None:
    print(f"## {title}\n\nMeasured {machine()}.\n")
    # The machine is shared: wall times vary by ±50 % between runs. The best run is the cost of the
    # work itself; the median shows what a user may see.
    print("| what | best | median | peak memory | runs |\n|---|---|---|---|---|")


def python() -> str:
    return sys.executable
