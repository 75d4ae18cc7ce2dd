"""
Running the CMS as services: the Procfile and the systemd units start what bin/run
starts; gunicorn writes JSON lines naming each answer's request id when LOG_FORMAT=json;
long commands show their progress (cms/progress.py) as a bar on a terminal, as plain
lines elsewhere, and not at all with -v 0.
"""

from __future__ import annotations

import fcntl
import io
import json
import os
import re
import select
import shutil
import struct
import subprocess
import sys
import termios
import time
import urllib.request
from pathlib import Path

import pytest
from django.core.management import call_command

from cms.progress import Progress
from tests.postgres_cluster import free_ports
from tests.redis_server import free_port

ROOT = Path(__file__).resolve().parent.parent
UNITS = ROOT / "deploy" / "systemd"


# Procfile and systemd ---------------------------------------------------------------


def procfile() -> dict[str, str]:
    lines = (ROOT / "Procfile").read_text().splitlines()
    return dict(line.split(": ", 1) for line in lines if line.strip())


def exec_start(unit: str) -> str:
    found = re.search(r"^ExecStart=(.+)$", (UNITS / unit).read_text(), re.MULTILINE)
    assert found, unit
    return found.group(1).replace("/srv/mha/.venv/bin/", "")


def test_the_procfile_and_the_units_start_what_bin_run_starts():
    processes = procfile()
    assert processes["web"] == "gunicorn -c gunicorn.conf.py"
    assert exec_start("mha-web@.service") == processes["web"]
    run = (ROOT / "bin" / "run").read_text()
    for name, unit in (("worker", "mha-worker@.service"), ("scheduler", "mha-scheduler.service")):
        command = processes[name].removeprefix("python manage.py ")
        assert f"manage.py {command}" in run.replace("$python manage.py", "manage.py"), name
        assert exec_start(unit).startswith(processes[name]), unit
    assert "migrate --no-input" in processes["release"]


@pytest.mark.skipif(
    shutil.which("systemd-analyze") is None and not os.environ.get("CI"),
    reason="systemd-analyze is missing (apt-get install systemd); .ci/run installs it",
)
def test_the_systemd_units_are_valid(tmp_path):
    # The units name /srv/mha; verified here with this checkout in its place.
    for unit in UNITS.glob("*.service"):
        name = unit.name.replace("@.", "@1.")
        (tmp_path / name).write_text(unit.read_text().replace("/srv/mha", str(ROOT)))
    analyze = shutil.which("systemd-analyze") or "systemd-analyze"
    result = subprocess.run(
        [analyze, "verify", *sorted(str(p) for p in tmp_path.iterdir())],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0 and not result.stderr.strip(), result.stderr


# gunicorn's JSON lines ---------------------------------------------------------------


def test_gunicorn_writes_json_lines_naming_each_answers_request_id(tmp_path):
    (port,) = free_ports(1)
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "DJANGO"))},
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "SECRET_KEY": "a-long-random-secret-for-this-test-only-0123456789abcdef",
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "REDIS_URL": f"redis://127.0.0.1:{free_port()}/0",  # nothing there: degrades
        "SECURE_SSL_REDIRECT": "0",
        "LOG_FORMAT": "json",
        "GUNICORN_WORKERS": "1",
        "GUNICORN_CONTROL_SOCKET": "off",
        "HOME": str(tmp_path),
    }
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    server = subprocess.Popen(
        [gunicorn, "-c", "gunicorn.conf.py", "--bind", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        answer = wait_for(f"http://127.0.0.1:{port}/healthz/", {"X-Request-ID": "edge-access-1"})
        assert answer == "edge-access-1"
    finally:
        server.terminate()
        out, err = server.communicate(timeout=30)
    access = [json.loads(line) for line in out.splitlines() if line.strip()]
    mine = [line for line in access if line["request_id"] == "edge-access-1"]
    assert len(mine) == 1, out
    assert mine[0]["logger"] == "gunicorn.access" and mine[0]["level"] == "INFO"
    assert (mine[0]["method"], mine[0]["path"], mine[0]["status"]) == ("GET", "/healthz/", 200)
    assert mine[0]["message"] == "GET /healthz/ 200" and mine[0]["duration_ms"] >= 0
    # gunicorn's own lines (starting, booting workers, stopping) are JSON too.
    own = [line for line in err.splitlines() if "gunicorn" in line or "worker" in line.lower()]
    assert own and all(json.loads(line)["logger"].startswith("gunicorn") for line in own), err
    assert any("Booting worker" in json.loads(line)["message"] for line in own), err


def wait_for(url: str, headers: dict[str, str], seconds: float = 60) -> str:
    """Ask until the server answers; the answer's X-Request-ID."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            request = urllib.request.Request(url, headers=headers)  # noqa: S310 (loopback)
            with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310
                return response.headers["X-Request-ID"]
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


# Progress -----------------------------------------------------------------------------


def test_progress_off_a_terminal_is_plain_lines_with_counts_rate_and_time_left():
    out = io.StringIO()
    with Progress(10, "Indexing pages", stream=out, interval=0) as progress:
        for _ in range(10):
            progress.update()
    lines = out.getvalue().splitlines()
    assert len(lines) == 10  # one per update before the last, then the closing line
    assert re.fullmatch(
        r"Indexing pages: 3/10 pages \(30%\), [\d.]+ pages/s, 00:00 elapsed, about 00:00 left",
        lines[2],
    ), lines[2]
    assert re.fullmatch(r"Indexing pages: 10/10 pages in 00:00 \([\d.]+ pages/s\)", lines[-1])
    quiet = io.StringIO()
    with Progress(10, "Indexing pages", stream=quiet, interval=0, verbosity=0) as progress:
        progress.update(10)
    assert quiet.getvalue() == ""


def test_progress_lines_are_spaced_by_the_interval():
    out = io.StringIO()
    with Progress(1000, "Reading PDFs", unit="documents", stream=out, interval=3600) as progress:
        for _ in range(1000):
            progress.update()
    assert out.getvalue().splitlines() == [
        line for line in out.getvalue().splitlines() if line.startswith("Reading PDFs: 1000/1000")
    ]


def test_progress_on_a_terminal_is_a_bar():
    main, follower = os.openpty()
    # A terminal 100 columns wide (a new pseudo-terminal has none).
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
    with os.fdopen(follower, "w") as terminal:
        with Progress(10, "Indexing pages", stream=terminal) as progress:
            progress.update(4)
        terminal.flush()
        drawn = b""
        while select.select([main], [], [], 0.5)[0]:
            drawn += os.read(main, 4096)
    os.close(main)
    text = drawn.decode()
    assert "\r" in text and "Indexing pages:  40%" in text and "4/10" in text, text


@pytest.mark.django_db
def test_rebuilding_the_site_search_shows_its_progress_unless_quiet(site_tree):
    err = io.StringIO()
    call_command("rebuild_site_search", stdout=io.StringIO(), stderr=err)
    assert re.search(r"^Indexing pages: (\d+)/\1 pages in ", err.getvalue(), re.MULTILINE), err
    err = io.StringIO()
    call_command("rebuild_site_search", verbosity=0, stdout=io.StringIO(), stderr=err)
    assert err.getvalue() == ""


@pytest.mark.django_db
def test_loading_the_demo_counts_every_item(demo):
    out, err = io.StringIO(), io.StringIO()
    call_command("load_demo_content", "--no-users", stdout=out, stderr=err)
    found = re.search(r"^Loading the demo: (\d+)/(\d+) items in ", err.getvalue(), re.MULTILINE)
    assert found and found.group(1) == found.group(2) and int(found.group(1)) > 100, err
    assert "Demo content loaded" in out.getvalue()  # the summary stays on the output
