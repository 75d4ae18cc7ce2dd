"""gunicorn settings; every value can be overridden from the environment."""

import multiprocessing
import os
import re
from pathlib import Path

bind = os.environ.get("GUNICORN_BIND", f"0.0.0.0:{os.environ.get('PORT', '8000')}")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count()))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
# gunicorn's own workers, but answering an over-long request line as a problem document
# (cms/gunicorn_workers.py), at gunicorn's ceiling: every request the OpenAPI document
# allows fits in 8,190 bytes (tests/test_contract.py).
worker_class = f"cms.gunicorn_workers.{'ThreadWorker' if threads > 1 else 'SyncWorker'}"
limit_request_line = int(os.environ.get("GUNICORN_LIMIT_REQUEST_LINE", "8190"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "200"))
preload_app = os.environ.get("GUNICORN_PRELOAD", "1") == "1"
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
# With the application's LOG_FORMAT=json, gunicorn's own lines (access and error) are
# JSON too, an access line naming the answer's X-Request-ID (cms/gunicorn_logging.py).
if os.environ.get("LOG_FORMAT") == "json":
    logger_class = "cms.gunicorn_logging.JsonLogger"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
wsgi_app = "cms.wsgi:application"

# gunicorn's control socket (``gunicornc -s PATH``), one per instance: gunicorn's default
# is one path for every instance of the user (~/.gunicorn/gunicorn.ctl), which the
# instance started last takes over and the first one stopped removes. Here it is named
# after the addresses the instance listens on (known once the command line is read, so
# set as it starts), in gunicorn's own private folder or $XDG_RUNTIME_DIR.
# GUNICORN_CONTROL_SOCKET sets a path instead, or "off" turns the socket off.
_control = os.environ.get("GUNICORN_CONTROL_SOCKET", "")
control_socket_disable = _control == "off"
if _control and _control != "off":
    control_socket = _control


def control_socket_path(addresses: list[str]) -> str:
    folder = Path(os.environ.get("XDG_RUNTIME_DIR") or Path.home() / ".gunicorn")
    return str(folder / f"mha-{re.sub(r'[^A-Za-z0-9.-]+', '_', '+'.join(addresses))}.ctl")


def on_starting(server):
    if not _control:
        server.cfg.set("control_socket", control_socket_path(server.cfg.bind))
