"""
The checks: each a small class that looks at one page and says what it found.

A check is registered with ``@register``; ``all_checks()`` lists them in code order. A
check reads the page (its latest saved content, ``content.PageContent``) and yields a
``Found`` for each problem, with where in the page it is; ``runner`` stores them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from .models import Severity

if TYPE_CHECKING:
    from .content import PageContent


@dataclass(frozen=True)
class Found:
    """One problem: where it is in the page (``where``) and what to do about it."""

    message: str
    where: str = ""
    #: The check's severity unless this finding is worse (or milder) than usual.
    severity: str | None = None


class Check:
    """A content check. Subclasses set ``code``, ``title`` and ``severity``, and ``find``."""

    code: ClassVar[str]
    title: ClassVar[str]
    severity: ClassVar[str] = Severity.ERROR
    #: What the editor does about it, in the report and the editor's panel.
    advice: ClassVar[str] = ""
    #: Run by the page checks (on publish and nightly); a background-only check (the
    #: external links) runs in its own task and keeps its findings apart.
    in_page_run: ClassVar[bool] = True

    def find(self, content: PageContent) -> Iterator[Found]:
        raise NotImplementedError


_REGISTRY: dict[str, type[Check]] = {}


def register[C: type[Check]](check: C) -> C:
    if check.code in _REGISTRY and _REGISTRY[check.code] is not check:
        raise ValueError(f"Two content checks are called {check.code!r}")
    _REGISTRY[check.code] = check
    return check


def all_checks() -> list[Check]:
    return [check() for check in _REGISTRY.values()]


def page_run_checks() -> list[Check]:
    return [check for check in all_checks() if check.in_page_run]


def get(code: str) -> Check | None:
    check = _REGISTRY.get(code)
    return check() if check else None


def choices() -> list[tuple[str, str]]:
    return [(code, check.title) for code, check in _REGISTRY.items()]
