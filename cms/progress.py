"""
Progress of long commands (loading the demo, rebuilding the site search, reading PDFs,
generating benchmark pages): how many done of how many, the rate and the time left.

On a terminal, tqdm's bar, redrawn in place. Otherwise (a log file, systemd's journal,
CI) a plain line every ``interval`` seconds and one at the end, with the same figures
in words, since a bar redrawn with carriage returns is unreadable there. Nothing under
``verbosity=0`` (``-v 0``). Progress goes to the command's error stream, so its output
proper stays what scripts read.
"""

from __future__ import annotations

import sys
import time
from types import TracebackType
from typing import IO, Any

from tqdm import tqdm

PLAIN = (
    "{desc}: {n_fmt}/{total_fmt}{unit} ({percentage:.0f}%), {rate_fmt}, "
    "{elapsed} elapsed, about {remaining} left"
)
PLAIN_DONE = "{desc}: {n_fmt}/{total_fmt}{unit} in {elapsed} ({rate_fmt})"


def _raw(stream: Any) -> IO[str]:
    """The stream under Django's ``OutputWrapper``, which ends every write with a newline."""
    raw: IO[str] = getattr(stream, "_out", stream)
    return raw


class Progress:
    """``update(n)`` as work is done; use as a context manager, or call ``close()``."""

    def __init__(
        self,
        total: int,
        description: str,
        *,
        unit: str = "pages",
        stream: Any = None,
        verbosity: int = 1,
        interval: float = 10.0,
    ) -> None:
        self.total = total
        self.description = description
        self.unit = unit
        self.stream = _raw(stream if stream is not None else sys.stderr)
        self.quiet = verbosity == 0
        self.interval = interval
        self.done = 0
        self.started = time.monotonic()
        self.printed_at = self.started
        self.bar: tqdm[Any] | None = None
        if not self.quiet and self.stream.isatty():
            self.bar = tqdm(
                total=total, desc=description, unit=f" {unit}", file=self.stream, dynamic_ncols=True
            )

    def update(self, n: int = 1) -> None:
        self.done += n
        if self.bar is not None:
            self.bar.update(n)
            return
        now = time.monotonic()
        if not self.quiet and now - self.printed_at >= self.interval and self.done < self.total:
            self.printed_at = now
            self._line(PLAIN, now)

    def update_to(self, done: int, total: int | None = None) -> None:
        """For a callback that reports the count so far (``on_batch(done, total)``)."""
        if total is not None and total != self.total:
            self.total = total
            if self.bar is not None:
                self.bar.total = total
        self.update(done - self.done)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None
        elif not self.quiet and self.total:
            self._line(PLAIN_DONE, time.monotonic())
            self.quiet = True  # once

    def _line(self, template: str, now: float) -> None:
        text = tqdm.format_meter(
            self.done,
            self.total,
            now - self.started,
            prefix=self.description,
            unit=f" {self.unit}",
            bar_format=template,
        )
        self.stream.write(text + "\n")
        self.stream.flush()

    def __enter__(self) -> Progress:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()
