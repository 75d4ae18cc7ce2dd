"""
The multi-host drill: the CMS run as it runs on several hosts, every part a real process
on loopback, and what an editor does on one instance seen through the others.

- PostgreSQL: a primary and a streaming replica of the drill's own
  (tests/postgres_cluster.py); each instance reads anonymous API requests from the
  replica, through a connection pool.
- Redis of its own (tests/redis_server.py), the cache every process shares.
- SeaweedFS's S3 gateway (tests/s3_server.py): the media bucket.
- Two web instances, A and B (gunicorn with ``gunicorn.conf.py``, 2 workers each), the
  task worker and the scheduler, each started with its line of the ``Procfile``, all on
  production's settings (``tests/drill_settings.py``: production's, static files found
  without ``collectstatic``).
- Varnish with ``deploy/varnish/api.vcl`` in front of both instances (round robin), the
  CDN the outbox purges.

It checks, in this order (each step bounded, every process stopped at the end):

1. **A purge that fails is retried by the outbox until it succeeds.** Varnish refuses
   purges (a VCL that answers them 503, loaded with ``varnishadm``, the cache kept); a
   publish on A cannot purge, and Varnish serves the old answer while B serves the new
   one; once Varnish takes purges again, the worker's retry (10 s after the failure)
   purges it and Varnish serves the new answer.
2. **An image uploaded through A's admin is served by B**: the original is in the bucket,
   byte for byte; B's admin shows it, with a rendition B made from the bucket's original,
   whose URL is the bucket's and serves the rendition's bytes.
3. **A publish on A is fresh through Varnish and on B within a second** (three publishes
   through the API's page update with ``action: publish``, as a headless editor does;
   the times from the publish's answer to the first fresh answer are printed).

Ports 9600-9649. Skipped only when a program it runs is missing (``varnishd``,
``varnishadm``, SeaweedFS's ``weed``, ``redis-server``, PostgreSQL's ``initdb``,
``pg_ctl``, ``pg_basebackup``), and under CI (``CI`` set) not even then. 96 s on a 2-core
machine busy with other work (load average 6), 63 s of it setting up: migrating the new
database is the longest step (47 s), done while the other servers start.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import io
import json
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html import unescape
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import psycopg
import pytest
import requests
from PIL import Image

from tests import ports
from tests.postgres_cluster import Pair, Unavailable
from tests.redis_server import RedisServer
from tests.s3_server import BUCKET, SeaweedS3, weed_binary
from tests.varnish_server import VCL_DIR

ROOT = Path(__file__).resolve().parent.parent
FIRST_PORT, LAST_PORT = 9600, 9649
DATABASE = "mha_multi_host"
#: Every wait of the drill ends by then, whatever happens.
STEP_TIMEOUT = 40.0
#: What the issue asks of a publish: fresh through the CDN and on every instance.
FRESH_WITHIN = 1.0


def require(found: object, what: str) -> None:
    if found:
        return
    if os.environ.get("CI"):  # .ci/run installs them all: a skip there would hide a gap
        pytest.fail(f"CI must run the multi-host drill: {what} is missing")
    pytest.skip(f"{what} is not installed")


def procfile() -> dict[str, list[str]]:
    """The Procfile's commands, with this virtualenv's programs."""
    commands = {}
    for line in (ROOT / "Procfile").read_text().splitlines():
        name, _, command = line.partition(":")
        words = shlex.split(command)
        if words and words[0] in {"python", "gunicorn"} and "&&" not in words:
            program = sys.executable if words[0] == "python" else venv_program("gunicorn")
            commands[name.strip()] = [program, *words[1:]]
    return commands


def venv_program(name: str) -> str:
    return str(Path(sys.executable).parent / name)


# Processes ------------------------------------------------------------------------------


@dataclass
class Process:
    """A long-running program in a session of its own, its output in ``log``."""

    name: str
    command: list[str]
    env: dict[str, str]
    log: Path
    popen: subprocess.Popen | None = None

    def start(self) -> Process:
        with self.log.open("ab") as out:
            self.popen = subprocess.Popen(
                self.command,
                cwd=ROOT,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
        return self

    def tail(self, size: int = 3000) -> str:
        return self.log.read_text(errors="replace")[-size:] if self.log.exists() else ""

    def alive(self) -> bool:
        return self.popen is not None and self.popen.poll() is None

    def stop(self) -> None:
        if self.popen is None or self.popen.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.popen.pid, signal.SIGTERM)
        try:
            self.popen.wait(timeout=15)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.popen.pid, signal.SIGKILL)
            self.popen.wait(timeout=10)


def wait_for(
    check: Callable[[], Any], what: str, timeout: float = STEP_TIMEOUT, every: float = 0.05
) -> Any:
    """``check()``'s first true answer, polled until ``timeout``; else the drill fails."""
    deadline = time.monotonic() + timeout
    while True:
        found = check()
        if found:
            return found
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not within {timeout:.0f} s")
        time.sleep(every)


def answers(url: str) -> bool:
    try:
        return requests.get(url, timeout=2).status_code < 500
    except requests.RequestException:
        return False


class Varnish:
    """varnishd with deploy/varnish/api.vcl in front of both instances, and its CLI."""

    def __init__(self, folder: Path, port: int, admin_port: int, backends: list[int]) -> None:
        self.folder = folder
        self.url = f"http://127.0.0.1:{port}"
        self.port, self.admin_port = port, admin_port
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "secret").write_text("drill-varnish-cli-secret\n")
        (folder / "secret").chmod(0o600)
        definitions = "".join(
            f'backend instance_{n} {{ .host = "127.0.0.1"; .port = "{port}"; }}\n'
            for n, port in enumerate(backends)
        )
        added = "".join(f"    instances.add_backend(instance_{n});\n" for n in range(len(backends)))
        (folder / "backend.vcl").write_text(
            "import directors;\n"
            + definitions
            + "sub vcl_init {\n    new instances = directors.round_robin();\n"
            + added
            + "}\n"
            + "sub vcl_recv {\n    set req.backend_hint = instances.backend();\n}\n"
        )
        # The same VCL, but a purge is refused (as a CDN whose API fails would).
        (folder / "refusing.vcl").write_text(
            "vcl 4.1;\n"
            'sub vcl_recv {\n    if (req.method == "PURGE") {\n'
            '        return (synth(503, "Purges refused (the drill)"));\n    }\n}\n'
            'include "api.vcl";\n'
        )
        self.process = Process(
            "varnishd",
            [
                shutil.which("varnishd") or "varnishd",
                "-F",
                "-j",
                "none",
                "-a",
                f"127.0.0.1:{port}",
                "-T",
                f"127.0.0.1:{admin_port}",
                "-S",
                str(folder / "secret"),
                "-n",
                str(folder / "work"),
                "-s",
                "malloc,32m",
                "-p",
                f"vcl_path={folder}:{VCL_DIR}",
                "-f",
                "api.vcl",
            ],
            dict(os.environ),
            folder / "varnishd.log",
        )

    def start(self) -> None:
        self.process.start()
        wait_for(lambda: self.cli("ping", check=False), "varnishd answering its CLI", 30)

    def cli(self, *args: str, check: bool = True) -> bool:
        done = subprocess.run(
            [
                shutil.which("varnishadm") or "varnishadm",
                "-T",
                f"127.0.0.1:{self.admin_port}",
                "-S",
                str(self.folder / "secret"),
                "-t",
                "5",
                *args,
            ],
            capture_output=True,
            text=True,
            timeout=20,
            check=False,
        )
        if check and done.returncode:
            raise AssertionError(f"varnishadm {' '.join(args)}: {done.stdout}{done.stderr}")
        return done.returncode == 0

    def refuse_purges(self) -> None:
        self.cli("vcl.load", "refusing", str(self.folder / "refusing.vcl"))
        self.cli("vcl.use", "refusing")

    def take_purges(self) -> None:
        self.cli("vcl.use", "boot")  # the VCL it started with: api.vcl


# HTTP as a browser and a headless editor use it ------------------------------------------


@dataclass
class Browser:
    """Keeps its cookies whatever their Secure flag (the drill speaks HTTP on loopback)."""

    cookies: dict[str, str] = field(default_factory=dict)

    def request(self, method: str, url: str, **kwargs: Any) -> requests.Response:
        response = requests.request(
            method, url, cookies=self.cookies, allow_redirects=False, timeout=20, **kwargs
        )
        self.cookies.update(response.cookies.items())
        return response

    def form_token(self, url: str) -> tuple[str, str]:
        page = self.request("GET", url)
        assert page.status_code == 200, (url, page.status_code, page.text[:500])
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        assert token, f"no CSRF token in {url}"
        return token[1], page.text

    def log_in(self, base: str, username: str, password: str) -> None:
        token, _ = self.form_token(f"{base}/admin/login/")
        done = self.request(
            "POST",
            f"{base}/admin/login/",
            data={"csrfmiddlewaretoken": token, "username": username, "password": password},
            headers={"Referer": f"{base}/admin/login/"},
        )
        assert done.status_code == 302, ("log-in refused", done.status_code, done.text[:500])


def fetch(url: str, **headers: str) -> requests.Response:
    return requests.get(url, headers=headers, timeout=10)


def title_at(url: str) -> str:
    answer = fetch(url)
    assert answer.status_code == 200, (url, answer.status_code, answer.text[:300])
    body = answer.json()
    return body["page"]["title"] if "page" in body else body["title"]


# The drill --------------------------------------------------------------------------------


@dataclass
class Site:
    a: str
    b: str
    varnish: Varnish
    s3: SeaweedS3
    primary: Callable[[], psycopg.Connection]
    content: dict[str, Any]
    processes: dict[str, Process]

    def logs(self) -> str:
        return "\n".join(f"--- {p.name}\n{p.tail(1500)}" for p in self.processes.values())

    def query(self, sql: str, *params: object) -> list[tuple]:
        with self.primary() as connection:
            return connection.execute(sql, params).fetchall()  # type: ignore[arg-type]

    def publish_title(self, title: str) -> float:
        """Publish the report with ``title`` through A's API; the time its answer came."""
        report = self.content["report"]
        answer = requests.patch(
            f"{self.a}/api/v3/pages/{report}/",
            json={"title": title, "meta": {"action": "publish"}},
            headers={"Authorization": f"Bearer {self.content['token']}"},
            timeout=20,
        )
        answered = time.monotonic()
        assert answer.status_code == 200, (answer.status_code, answer.text[:1000])
        return answered


def run(command: list[str], env: dict[str, str], timeout: float = 180) -> str:
    done = subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    assert done.returncode == 0, f"{' '.join(command[1:3])} failed:\n{done.stdout}{done.stderr}"
    return done.stdout


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Iterator[Site]:
    require(shutil.which("varnishd") and shutil.which("varnishadm"), "Varnish (varnishd)")
    require(weed_binary(), "SeaweedFS's weed")
    require(shutil.which("redis-server"), "redis-server")
    folder = tmp_path_factory.mktemp("multi-host")
    try:
        free = ports.free_ports(FIRST_PORT, LAST_PORT, 7)
    except RuntimeError as error:
        pytest.fail(str(error))
    primary_port, replica_port, redis_port, a_port, b_port, varnish_port, admin_port = free
    # SeaweedFS: ten ports in a row, apart from those.
    s3_first = next(
        (p for p in range(FIRST_PORT, LAST_PORT - 9) if all(ports.is_free(p + i) for i in range(10))
         and not set(range(p, p + 10)) & set(free)),
        None,
    )  # fmt: skip
    assert s3_first, "no ten free ports in a row for SeaweedFS"
    started = time.monotonic()
    with contextlib.ExitStack() as stack:
        try:
            pair = Pair(ports=(primary_port, replica_port))
        except Unavailable as reason:
            require(False, str(reason))
        stack.callback(pair.remove)
        redis = RedisServer(folder / "redis", redis_port)
        (folder / "redis").mkdir()
        s3 = SeaweedS3(folder / "s3", str(weed_binary()), s3_first)
        stack.callback(s3.stop)
        stack.callback(lambda: redis.stop(save=False))
        varnish = Varnish(folder / "varnish", varnish_port, admin_port, [a_port, b_port])
        stack.callback(varnish.process.stop)
        # PostgreSQL first: the database is migrated (the longest step) while Redis,
        # SeaweedFS and Varnish start beside it.
        try:
            pair.start()
        except Unavailable as reason:
            require(False, str(reason))
        with pair.primary.connect() as connection:
            connection.execute(f'CREATE DATABASE "{DATABASE}"')
        pool = stack.enter_context(concurrent.futures.ThreadPoolExecutor(3))
        servers = [pool.submit(job) for job in (redis.start, s3.start, varnish.start)]
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "DJANGO_"))},
            "DJANGO_SETTINGS_MODULE": "tests.drill_settings",
            "SECRET_KEY": "multi-host-drill-" + "x" * 40,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DATABASE_URL": f"{pair.primary.url}/{DATABASE}",
            "DATABASE_REPLICA_URL": f"{pair.replica.url}/{DATABASE}",
            "DATABASE_POOL_MAX_SIZE": "2",
            "REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
            "SECURE_SSL_REDIRECT": "false",
            "SECURE_HSTS_SECONDS": "0",
            "TASKS_BACKEND": "database",
            "API_WRITE_ENDPOINTS": "1",
            "CDN_PURGE_BACKENDS": "varnish",
            "CDN_VARNISH_URLS": varnish.url,
            "CDN_API_URL": varnish.url,
            "CDN_FRONTEND_URL": "",
            "WAGTAILADMIN_BASE_URL": varnish.url,
            "GUNICORN_WORKERS": "2",
            "GUNICORN_CONTROL_SOCKET": "off",
            "GUNICORN_ACCESS_LOG": "/dev/null",
            "LOG_LEVEL": "WARNING",
            **s3.environ(),
        }
        env.pop("TEST_REDIS_URL", None)
        run([sys.executable, "manage.py", "migrate", "--no-input", "-v0"], env)
        migrated = time.monotonic()
        for server in servers:
            server.result(timeout=60)
        run([sys.executable, "manage.py", "media_bucket_policy", "--apply"], env, 60)
        content = json.loads(run([sys.executable, "-m", "tests.drill_content"], env, 60))
        commands = procfile()
        processes = {}
        for name, port in (("A", a_port), ("B", b_port)):
            processes[name] = Process(
                f"web {name}",
                commands["web"],
                {**env, "GUNICORN_BIND": f"127.0.0.1:{port}"},
                folder / f"web-{name}.log",
            )
        processes["worker"] = Process("worker", commands["worker"], env, folder / "worker.log")
        processes["scheduler"] = Process(
            "scheduler", commands["scheduler"], env, folder / "scheduler.log"
        )
        for process in processes.values():
            stack.callback(process.stop)
            process.start()
        a, b = f"http://127.0.0.1:{a_port}", f"http://127.0.0.1:{b_port}"
        for base in (a, b):
            wait_for(lambda base=base: answers(f"{base}/healthz/"), f"{base} starting", 60)
        ready = requests.get(f"{a}/readyz/", timeout=10)
        assert ready.status_code == 200, ready.text
        checks = ready.json()["checks"]
        assert {"database", "cache", "storage"} <= set(checks) and any(
            name.startswith("replica") for name in checks
        ), checks
        print(
            f"multi-host drill: set up in {time.monotonic() - started:.1f} s "
            f"(the servers and migrating the database {migrated - started:.1f} s of it)"
        )
        yield Site(a, b, varnish, s3, lambda: pair.primary.connect(DATABASE), content, processes)


def test_a_failed_purge_an_upload_and_publishes_across_two_instances(site: Site) -> None:
    try:
        # The upload is checked while the outbox waits to retry the purge (10 s).
        retried = purge_fails(site)
        image_uploaded_through_a_is_served_by_b(site)
        retried()
        publishes_on_a_are_fresh_through_varnish_and_on_b(site)
    except AssertionError as error:
        raise AssertionError(f"{error}\n\nProcess logs:\n{site.logs()}") from error
    for process in site.processes.values():
        assert process.alive(), f"{process.name} exited:\n{process.tail()}"


def latest_purge(site: Site) -> tuple:
    return site.query(
        "SELECT id, status, attempts, last_status_code, last_error FROM publishing_purgerequest"
        " WHERE repeat_of_id IS NULL ORDER BY created_at DESC LIMIT 1"
    )[0]


def purge_fails(site: Site) -> Callable[[], None]:
    """A purge refused by Varnish; returns the check that the outbox's retry purges it."""
    report = site.content["report"]
    through_varnish = f"{site.varnish.url}/api/v3/pages/{report}/"
    previous = latest_purge(site)[0]
    site.varnish.refuse_purges()
    # Cached once purges are refused: nothing else (the setup's own purges, repeated a few
    # seconds after they were sent) can take it out of the cache now.
    before = title_at(through_varnish)
    assert fetch(through_varnish).headers["X-Varnish-Cache"] == "HIT"
    site.publish_title("Progress Points, while purges fail")
    purge = wait_for(
        lambda: (p := latest_purge(site))[0] != previous and p[2] >= 1 and p,
        "the publish's purge attempted",
    )
    assert (purge[1], purge[3]) == ("pending", 503), purge
    failed_at = time.monotonic()
    # The CDN keeps the old answer; B, behind it, has the new one.
    stale = fetch(through_varnish)
    assert (stale.headers["X-Varnish-Cache"], stale.json()["title"]) == ("HIT", before)
    assert title_at(f"{site.b}/api/v3/pages/{report}/") == "Progress Points, while purges fail"

    site.varnish.take_purges()
    return lambda: retried_until_it_succeeds(site, purge[0], failed_at, through_varnish)


def retried_until_it_succeeds(site: Site, purge: object, failed_at: float, url: str) -> None:
    delivered = wait_for(
        lambda: (
            site.query("SELECT status, attempts FROM publishing_purgerequest WHERE id = %s", purge)[
                0
            ]
            == ("delivered", 2)
        ),
        "the outbox's retry delivered",
    )
    assert delivered
    retried_after = time.monotonic() - failed_at
    assert title_at(url) == "Progress Points, while purges fail"
    print(
        f"multi-host drill: purge refused (503), retried by the outbox {retried_after:.1f} s "
        "later, delivered; Varnish fresh"
    )


def png(width: int, height: int) -> bytes:
    picture = Image.radial_gradient("L").resize((width, height)).convert("RGB")
    out = io.BytesIO()
    picture.save(out, "PNG")
    return out.getvalue()


def image_uploaded_through_a_is_served_by_b(site: Site) -> None:
    editor = Browser()
    editor.log_in(site.a, site.content["username"], site.content["password"])
    token, form = editor.form_token(f"{site.a}/admin/images/add/")
    uploaded = png(1000, 600)
    data = {"csrfmiddlewaretoken": token, "title": "Riverfront at dusk (drill)", "tags": ""}
    collection = re.search(r'name="collection"[^>]*>\s*<option value="(\d+)"', form)
    if collection:
        data["collection"] = collection[1]
    done = editor.request(
        "POST",
        f"{site.a}/admin/images/add/",
        data=data,
        files={"file": ("riverfront.png", uploaded, "image/png")},
        headers={"Referer": f"{site.a}/admin/images/add/"},
    )
    assert done.status_code == 302, ("upload refused", done.status_code, done.text[-2000:])
    [(image_id, name)] = site.query(
        "SELECT id, file FROM wagtailimages_image WHERE title = %s", "Riverfront at dusk (drill)"
    )
    bucket = site.s3.client()
    assert bucket.get_object(Bucket=BUCKET, Key=name)["Body"].read() == uploaded
    # The worker makes its renditions from the bucket's original, into the bucket.
    made = wait_for(
        lambda: site.query(
            "SELECT file FROM wagtailimages_rendition WHERE image_id = %s", image_id
        ),
        "the worker's renditions",
    )
    assert all(site.s3.stored(file) for (file,) in made), made

    # B (another host: the session is shared) shows it, with a rendition it makes itself.
    page = editor.request("GET", f"{site.b}/admin/images/{image_id}/")
    assert page.status_code == 200, (page.status_code, page.text[:500])
    endpoint = urlsplit(site.s3.endpoint)
    shown = [
        unescape(url)
        for url in re.findall(r'<img[^>]+src="([^"]+)"', page.text)
        if urlsplit(urljoin(site.b, unescape(url))).netloc == endpoint.netloc
    ]
    assert shown, "B's admin shows no image from the bucket"
    for url in shown:
        served = requests.get(url, timeout=10)
        assert served.status_code == 200, (url, served.status_code)
        key = urlsplit(url).path.removeprefix(f"/{BUCKET}/")
        assert key.startswith("images/"), key
        assert served.content == bucket.get_object(Bucket=BUCKET, Key=key)["Body"].read()
        assert Image.open(io.BytesIO(served.content)).width <= 1000
    print(
        f"multi-host drill: image {image_id} uploaded through A, in the bucket, "
        f"{len(made)} renditions by the worker, shown by B from the bucket ({len(shown)})"
    )


def publishes_on_a_are_fresh_through_varnish_and_on_b(site: Site) -> None:
    report = site.content["report"]
    path = fetch(f"{site.b}/api/v3/pages/{report}/").json()["path"]
    urls = {
        "Varnish, detail": f"{site.varnish.url}/api/v3/pages/{report}/",
        "Varnish, route": f"{site.varnish.url}/api/v3/route/?path={path}",
        "B, detail": f"{site.b}/api/v3/pages/{report}/",
        "B, route": f"{site.b}/api/v3/route/?path={path}",
    }
    times: dict[str, list[float]] = {name: [] for name in urls}
    for n in range(1, 4):
        for url in urls.values():  # in every cache, as after any while of traffic
            fetch(url)
        # (Until the last publish's purge is repeated, a few seconds on, it may go again.)
        wait_for(
            lambda: fetch(urls["Varnish, detail"]).headers["X-Varnish-Cache"] == "HIT",
            "the detail cached by Varnish",
            10,
        )
        title = f"Progress Points, revision {n} of the drill"
        answered = site.publish_title(title)
        waiting = dict(urls)
        deadline = answered + 5
        while waiting and time.monotonic() < deadline:
            for name, url in list(waiting.items()):
                if title_at(url) == title:
                    times[name].append(time.monotonic() - answered)
                    del waiting[name]
            time.sleep(0.005)
        assert not waiting, f"still stale 5 s after the publish: {sorted(waiting)}"
    summary = ", ".join(
        f"{name} {' / '.join(f'{t * 1000:.0f}' for t in found)} ms" for name, found in times.items()
    )
    print(f"multi-host drill: publish on A to fresh: {summary}")
    slowest = max(t for found in times.values() for t in found)
    assert slowest < FRESH_WITHIN, f"slower than {FRESH_WITHIN} s: {summary}"
