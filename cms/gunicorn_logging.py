"""
gunicorn's own log lines as JSON, when the application's are (``LOG_FORMAT=json``;
``gunicorn.conf.py`` picks this class).

Every line is one JSON object with the fields the application's JSON lines have
(``time``, ``level``, ``logger``, ``message``; python-json-logger, as in
``cms.settings.base``). An access line adds the request's fields one by one, rather than
as Apache's combined format in a string: ``method``, ``path``, ``query``, ``status``,
``bytes``, ``duration_ms``, ``remote_addr``, ``user_agent``, ``referer`` and
``request_id``, the ``X-Request-ID`` the answer carries (``cms.request_id``), so an access
line and the application's lines for the same request share it.
"""

from __future__ import annotations

import logging
from collections.abc import MutableMapping
from datetime import timedelta
from typing import Any

from gunicorn.glogging import Logger
from pythonjsonlogger.json import JsonFormatter

FORMAT = "%(asctime)s %(levelname)s %(name)s %(message)s"
RENAMED = {"asctime": "time", "levelname": "level", "name": "logger"}


class JsonLogger(Logger):
    """gunicorn's logger, writing JSON lines (see the module docstring)."""

    def setup(self, cfg: Any) -> None:
        super().setup(cfg)
        formatter = JsonFormatter(FORMAT, rename_fields=RENAMED)
        for log in (self.error_log, self.access_log):
            for handler in log.handlers:
                handler.setFormatter(formatter)

    def access(
        self, resp: Any, req: Any, environ: MutableMapping[str, Any], request_time: timedelta
    ) -> None:
        if not self.access_log_enabled:
            return
        status = resp.status
        if isinstance(status, str):
            status = status.split(None, 1)[0]
        answered = {str(name).lower(): value for name, value in resp.headers}
        fields = {
            "method": environ.get("REQUEST_METHOD"),
            "path": environ.get("PATH_INFO"),
            "query": environ.get("QUERY_STRING", ""),
            "status": int(status),
            "bytes": getattr(resp, "sent", None),
            "duration_ms": round(request_time.total_seconds() * 1000, 1),
            "remote_addr": environ.get("REMOTE_ADDR", "-"),
            "user_agent": environ.get("HTTP_USER_AGENT", ""),
            "referer": environ.get("HTTP_REFERER", ""),
            "request_id": answered.get("x-request-id", "-"),
        }
        self.access_log.log(
            logging.INFO,
            "%s %s %s",
            fields["method"],
            environ.get("RAW_URI", fields["path"]),
            fields["status"],
            extra=fields,
        )
