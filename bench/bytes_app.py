"""The limit: a trivial WSGI app answering every request with the same JSON bytes."""

import os
from pathlib import Path

BODY = Path(os.environ["BENCH_BYTES_FILE"]).read_bytes()
HEADERS = [("Content-Type", "application/json"), ("Content-Length", str(len(BODY)))]


def app(environ, start_response):
    start_response("200 OK", HEADERS)
    return [BODY]
