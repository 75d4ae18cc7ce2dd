"""
Publishing is all or nothing.

Wagtail's publish and unpublish actions write the page, its revision and the log entry,
and through signal receivers the search index and the webhook outbox, as separate
statements with no transaction of their own; the admin's "Publish" button runs them
outside one too. A database that went away half-way would leave a page live with no
log entry, no search entries and no webhook (the outbox's promise, "a committed change
is never lost", would not hold). Here each action runs in one transaction (a savepoint
when the caller already has one, as the scheduler does), whoever calls it: the admin,
the scheduler, ``revision.publish()`` in a script.
"""

from __future__ import annotations

from functools import wraps
from typing import Any

from django.db import transaction
from wagtail.actions.publish_revision import PublishRevisionAction
from wagtail.actions.unpublish import UnpublishAction
from wagtail.actions.unpublish_page import UnpublishPageAction

#: Every action class defining its own ``execute`` (subclasses that do not inherit it).
ACTIONS = (PublishRevisionAction, UnpublishAction, UnpublishPageAction)


#: Marks an ``execute`` already wrapped, so installing twice wraps once.
MARK = "is_atomic"


def make_atomic(action: type[Any]) -> None:
    original = action.__dict__["execute"]
    if getattr(original, MARK, False):
        return

    @wraps(original)
    def execute(self: Any, *args: Any, **kwargs: Any) -> Any:
        with transaction.atomic():
            return original(self, *args, **kwargs)

    setattr(execute, MARK, True)
    action.execute = execute


def install() -> None:
    for action in ACTIONS:
        make_atomic(action)
