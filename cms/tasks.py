"""
Background tasks carry the request id of the request that queued them
(``cms.request_id``), so a task's log lines can be followed back to the publish, upload
or sign-up that caused it.

When a task is queued in the database (django-tasks-db's ``DBTaskResult``), the id is
stored beside its arguments, in the same row and the same INSERT (``args_kwargs`` holds
``{"args": …, "kwargs": …}``, which is all the worker reads; the extra key is ignored).
When the worker starts the task, the id becomes the current one until the task
finishes, so every line logged meanwhile, the worker's own "Task … state=…" lines
included, names it, and whatever the task queues in turn (a webhook's retry) carries it
on. With the immediate backend the task runs inside the request, which already has it.
"""

from __future__ import annotations

from contextvars import ContextVar, Token
from typing import Any

from django.db.models.signals import pre_save
from django_tasks.signals import log_task_started, task_finished, task_started

from cms import request_id

KEY = "request_id"

_tokens: ContextVar[tuple[Token[str], ...]] = ContextVar("task_request_ids", default=())


def _store(sender: type, instance: Any, **kwargs: Any) -> None:
    """A task being queued: keep the current request id with its arguments."""
    current = request_id.current.get()
    if instance._state.adding and current != "-" and isinstance(instance.args_kwargs, dict):
        instance.args_kwargs[KEY] = current


def stored(task_result: Any) -> str | None:
    """The request id a queued task was stored with, if any."""
    db_result = getattr(task_result, "db_result", None)
    args_kwargs = getattr(db_result, "args_kwargs", None)
    value = args_kwargs.get(KEY) if isinstance(args_kwargs, dict) else None
    return value if isinstance(value, str) and request_id.VALID.match(value) else None


def _started(sender: type, task_result: Any, **kwargs: Any) -> None:
    found = stored(task_result)
    token = request_id.current.set(found or request_id.current.get())
    _tokens.set((*_tokens.get(), token))


def _finished(sender: type, task_result: Any, **kwargs: Any) -> None:
    tokens = _tokens.get()
    if tokens:
        _tokens.set(tokens[:-1])
        request_id.current.reset(tokens[-1])


def connect() -> None:
    from django_tasks_db.models import DBTaskResult

    pre_save.connect(_store, sender=DBTaskResult, dispatch_uid="cms-task-request-id")
    # Ahead of django-tasks' own "Task … state=RUNNING" line, so that it names the id too.
    task_started.disconnect(log_task_started)
    task_started.connect(_started, dispatch_uid="cms-task-request-id")
    task_started.connect(log_task_started)
    # After django-tasks' "finished" line (connected first), which keeps the id.
    task_finished.connect(_finished, dispatch_uid="cms-task-request-id")
