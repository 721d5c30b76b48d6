"""Progress of a long build: stages and a bar on a terminal (rich), plain lines in CI and in logs.

``sfxm build`` of thousands of projects takes most of a minute; the reader of a terminal sees each
stage with a bar, a log (CI, a pipe) gets one line when a stage starts, a line at each tenth of a
long stage, and one when it ends, with its time. The site builder reports through this small
interface and never knows which one it talks to.
"""

from __future__ import annotations

import os
import time
from typing import IO, Protocol


class Progress(Protocol):
    def stage(self, label: str, total: int | None = None) -> None:
        """A new stage begins (the previous one ends); ``total`` steps when they can be counted."""

    def advance(self, steps: int = 1) -> None:
        """Steps of the current stage are done."""

    def close(self) -> None:
        """The last stage ends."""


class Silent:
    """No output (tests, library use)."""

    def stage(self, label: str, total: int | None = None) -> None:
        pass

    def advance(self, steps: int = 1) -> None:
        pass

    def close(self) -> None:
        pass


class Plain:
    """Plain lines for logs: a stage's start, each tenth of a counted stage, its end with the time."""

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream
        self.label: str | None = None
        self.total: int | None = None
        self.done = 0
        self.tenth = 0
        self.started = 0.0

    def _line(self, text: str) -> None:
        self.stream.write(f"[sfxm build] {text}\n")
        self.stream.flush()

    def _end(self) -> None:
        if self.label is not None:
            self._line(f"{self.label}：完成（{time.perf_counter() - self.started:.1f} 秒）")

    def stage(self, label: str, total: int | None = None) -> None:
        self._end()
        self.label, self.total, self.done, self.tenth = label, total, 0, 0
        self.started = time.perf_counter()
        self._line(f"{label}……" + (f"（共 {total:,} 项）" if total else ""))

    def advance(self, steps: int = 1) -> None:
        self.done += steps
        if self.total and self.total >= 1000:
            tenth = self.done * 10 // self.total
            if tenth > self.tenth and tenth < 10:
                self.tenth = tenth
                self._line(f"{self.label}：{self.done:,}/{self.total:,}")

    def close(self) -> None:
        self._end()
        self.label = None


class Bar:
    """rich's progress display on a terminal: the stage, a bar when it can be counted, the time."""

    def __init__(self, console: object) -> None:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        self.progress = Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
            transient=False,
        )
        self.task: int | None = None
        self.progress.start()

    def _finish(self) -> None:
        if self.task is not None:
            task = self.progress.tasks[-1]
            self.progress.update(
                self.task, completed=task.total if task.total is not None else 1, total=task.total or 1
            )

    def stage(self, label: str, total: int | None = None) -> None:
        self._finish()
        self.task = self.progress.add_task(label, total=total)

    def advance(self, steps: int = 1) -> None:
        if self.task is not None:
            self.progress.advance(self.task, steps)

    def close(self) -> None:
        self._finish()
        self.progress.stop()


def for_console(console: object, stream: IO[str]) -> Progress:
    """A bar on an interactive terminal; plain lines in CI (``CI`` set) or when the output is not a terminal."""
    interactive = bool(getattr(console, "is_terminal", False)) and not os.environ.get("CI")
    return Bar(console) if interactive else Plain(stream)
