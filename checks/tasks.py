"""The checks' background work (django-tasks: the worker in production, immediate in tests)."""

from __future__ import annotations

import logging

from django.db import transaction
from django_tasks import task

logger = logging.getLogger("checks")


@task()
def check_pages(page_ids: list[int]) -> int:
    """Run the page checks on these pages; the number of findings."""
    from . import runner

    return runner.check_pages(page_ids)


@task()
def check_external_links(page_ids: list[int]) -> int:
    """Ask every external address these pages link to (one prober: one rate per host)."""
    from . import links, runner

    if not links.enabled():
        return 0
    return runner.check_pages(page_ids, [links.ExternalLinks()])


@task()
def check_everything() -> int:
    """The nightly run: every page, then (when on) every external link."""
    from . import links, runner

    ids = runner.all_page_ids()
    found = runner.check_pages(ids)
    if links.enabled():
        found += runner.check_pages(ids, [links.ExternalLinks()])
    logger.info("Content checks of %s pages: %s findings", len(ids), found)
    return found


def enqueue_after_commit(page_ids: set[int]) -> None:
    """
    Queue the checks of these pages once the change that asked for them commits. The
    pages asked for in one transaction are checked in one task, however many changes
    asked (loading the demo content publishes some 90 pages in one): each change adds
    its pages to the connection's pending set, and the first of their callbacks to run
    queues them all; the others find nothing left. (Pages of a change rolled back may
    stay in the set and be checked with the next commit's: a check too many, no harm.)
    """
    if not page_ids:
        return
    connection = transaction.get_connection()
    pending: set[int] = connection.__dict__.setdefault("_content_checks_pending", set())
    pending |= page_ids
    transaction.on_commit(lambda: _flush(pending))


def _flush(pending: set[int]) -> None:
    from . import links

    ids = sorted(pending)
    pending.clear()
    if ids:
        check_pages.enqueue(ids)
        if links.enabled():
            check_external_links.enqueue(ids)
