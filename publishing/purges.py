"""
Purging the CDN in front of the API when content changes, through the outbox the
webhooks use.

Every change that makes answers stale (the hub's ``Change.stale_tags``: the very tags the
server's response cache drops, ``cms.api.listeners``) writes one ``PurgeRequest`` per
purger in ``CDN_PURGE_BACKENDS``, in the change's own transaction: a rolled-back change
purges nothing and a committed one is never forgotten. Each names:

- the tags, as the answers' headers carry them (``cms.api.cdn.purge_tags``: short forms,
  and the coarse tag of each kind, which answers with too many tags carry instead);
- the URLs: the API's detail of each changed page and its routes (``/api/v3/route/``) at
  the public paths the change touches (``Change.paths``, before and after), and the front
  end's pages at those paths, for a CDN that serves the front end too.

The changes of one transaction share their purges: a publish (its page, the search index,
its renditions) or the deletion of a section (each page of it) is one purge per purger.
After the commit the task worker sends it (``send_purge``); the purger splits it into the
batches its CDN takes. A failure is retried with backoff and logged, the scheduler puts
back one whose task was lost (``publishing.delivery``), and site administrators see the
log under Settings → CDN purges. Each request names the request that made the change in
``X-Request-ID`` (the task carries it, ``cms.tasks``).

Once a purge has succeeded, the same tags and URLs are purged once more
``CDN_PURGE_REPEAT_SECONDS`` later (``repeat``): a request that read the database before
the change committed, or on an instance or replica that had not seen it yet, may hand
the CDN the old answer just after the purge, and the CDN would keep it for a day.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterable
from datetime import timedelta
from typing import Any, cast
from urllib.parse import quote

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from cms import request_id
from cms.api.cdn import purge_tags
from cms.core import changes
from cms.core.changes import Change

from . import delivery, purgers
from .models import PurgeRequest

logger = logging.getLogger(__name__)

PAGE_TAG = re.compile(r"page:(\d+)")
#: Events whose ``Change.paths`` are the public paths that show the change.
_EVENTS_WITH_PATHS = {
    changes.PAGE_PUBLISHED,
    changes.PAGE_UNPUBLISHED,
    changes.PAGE_MOVED,
    changes.PAGE_SLUG_CHANGED,
    changes.PAGE_DELETED,
    changes.OBJECT_SAVED,
    changes.OBJECT_DELETED,
    changes.DOCUMENT_TEXT_CHANGED,
    changes.RENDITIONS_MADE,
    changes.REDIRECT_CHANGED,
}


def urls(tags: Iterable[str], paths: Iterable[str]) -> list[str]:
    """The API's answers and the front end's pages that show a change of ``tags`` at ``paths``."""
    api = str(settings.CDN["API_URL"])
    frontend = str(settings.CDN["FRONTEND_URL"])
    found = {
        f"{api}/api/v3/pages/{match[1]}/" for tag in tags if (match := PAGE_TAG.fullmatch(tag))
    }
    for path in paths:
        found.add(f"{api}/api/v3/route/?path={quote(path, safe='')}")
        if frontend:
            found.add(frontend + path)
    return sorted(found)


def on_change(change: Change) -> None:
    if not settings.CDN_PURGERS:
        return
    tags = change.stale_tags
    if not tags:
        return
    paths = change.paths if change.event in _EVENTS_WITH_PATHS else set()
    queue(change.event, tags, paths)


#: The purges this thread's open transaction wrote, and that transaction's list of
#: on-commit callbacks (a new list once it commits or rolls back, or a savepoint of it
#: rolls back: the purges are then no longer known to be there, and are not added to).
_open = threading.local()


def queue(event: str, tags: Iterable[str], paths: Iterable[str] = ()) -> list[PurgeRequest]:
    """
    Purge ``tags`` and the URLs of ``paths`` once the transaction commits: added to the
    purges it already wrote, else one new purge per purger.
    """
    tags = set(tags)
    sent_tags, sent_urls = purge_tags(tags), urls(tags, paths)
    connection = transaction.get_connection()
    hooks: list[Any] = connection.run_on_commit
    pending = getattr(_open, "purges", None)
    if connection.in_atomic_block and pending is not None and pending[0] is hooks:
        requests: list[PurgeRequest] = pending[1]
        for request in requests:
            request.tags = sorted({*request.tags, *sent_tags})
            request.urls = sorted({*request.urls, *sent_urls})
            if request.event == changes.ANSWERS_CHANGED:  # named after what caused it
                request.event = event
        # Only while none was tried (a test runs the on-commit callbacks itself, without
        # the commit).
        if all(
            PurgeRequest.objects.filter(pk=request.pk, attempts=0).update(
                event=request.event, tags=request.tags, urls=request.urls
            )
            for request in requests
        ):
            return requests
    requests = PurgeRequest.objects.bulk_create(
        [
            PurgeRequest(backend=name, event=event, tags=sent_tags, urls=sent_urls)
            for name in settings.CDN_PURGERS
        ]
    )
    ids = [str(request.pk) for request in requests]
    transaction.on_commit(request_id.carried(lambda: delivery.enqueue(PurgeRequest, ids)))
    _open.purges = (connection.run_on_commit, requests) if connection.in_atomic_block else None
    return requests


def attempt(purge_id: str) -> str | None:
    """Try to send one purge if it is due; return its status afterwards."""
    request = delivery.claim(PurgeRequest, purge_id)
    if request is None:
        return None
    error, status_code = "", None
    if not request.can_be_sent():
        error = f"No purger is configured as {request.backend!r} (CDN_PURGE_BACKENDS)."
    else:
        try:
            status_code = purgers.get(request.backend).purge(request.tags, request.urls)
        except purgers.PurgeFailed as exc:
            error, status_code = str(exc)[:2000], exc.status_code
        except (OSError, ValueError) as exc:  # refused, timed out, a bad URL
            error = f"{type(exc).__name__}: {exc}"[:2000]
        except Exception as exc:
            logger.exception("CDN purge %s through %s failed", request.pk, request.backend)
            error = f"{type(exc).__name__}: {exc}"[:2000]
    status = delivery.record(request, status_code, error)
    if status == PurgeRequest.Status.DELIVERED:
        repeat(request)
    return status


def repeat(request: PurgeRequest) -> PurgeRequest | None:
    """
    The same purge again ``CDN_PURGE_REPEAT_SECONDS`` after ``request`` succeeded, as a
    purge of its own in the outbox (retried, logged, re-queued like any other); a repeat
    is not repeated. None when the setting is 0.
    """
    delay = cast(float, settings.CDN["PURGE_REPEAT_SECONDS"])
    if delay <= 0 or request.repeat_of_id is not None:
        return None
    with transaction.atomic():
        again = PurgeRequest.objects.create(
            backend=request.backend,
            event=request.event,
            tags=request.tags,
            urls=request.urls,
            next_attempt_at=timezone.now() + timedelta(seconds=delay),
            repeat_of=request,
        )
        delivery.schedule_retry(again)  # its task, due when the purge is
    return again


def connect() -> None:
    changes.subscribe(on_change, uid="cdn-purge")
