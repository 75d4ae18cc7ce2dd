"""Project-level guarantees: migrations complete, settings wired from the environment."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION_ENV = {
    "SECRET_KEY": "a-long-random-production-secret-key-for-the-check-0123456789",
    "ALLOWED_HOSTS": "cms.example.org",
    "DATABASE_URL": "sqlite:////tmp/mha-deploy-check.sqlite3",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
}


def run_django(
    code: str, settings: str, env: dict[str, str], setup: bool = True
) -> subprocess.CompletedProcess:
    """
    ``code`` in a new process with ``settings`` and only ``env`` of the production
    variables; ``setup=False`` for code that reads only the settings (they are loaded
    on first use, as any process does), without the second it takes to load every app.
    """
    clean = {
        k: v for k, v in os.environ.items() if k not in PRODUCTION_ENV and k != "DEEPL_AUTH_KEY"
    }
    clean.update(env, DJANGO_SETTINGS_MODULE=settings)
    prelude = "import django; django.setup(); " if setup else ""
    return subprocess.run(
        [sys.executable, "-c", f"{prelude}{code}"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.django_db
def test_migrations_are_complete():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL"])
def test_production_refuses_to_start_without_required_variables(missing):
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != missing}
    result = run_django(
        "from django.conf import settings; settings.DEBUG", "cms.settings.production", env, False
    )
    assert result.returncode != 0
    assert f"The environment variable {missing} is required" in result.stderr


@pytest.mark.parametrize(
    "optional",
    [
        {},
        {
            "FRONTEND_URL": "https://www.example.org",
            "CSRF_TRUSTED_ORIGINS": "https://cms.example.org",
            "NUM_PROXIES": "2",
            "MEDIA_URL": "https://media.example.org/",
        },
    ],
    ids=["required-only", "with-optional"],
)
def test_production_passes_the_deploy_check(optional):
    result = run_django(
        "from django.core.management import call_command; "
        "call_command('check', '--deploy', '--fail-level', 'WARNING')",
        "cms.settings.production",
        {**PRODUCTION_ENV, **optional},
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_without_redis_the_server_worker_and_scheduler_share_one_cache(tmp_path):
    # A change made by the worker (a PDF's text indexed) or the scheduler (a page gone
    # live) makes stale what the server cached: they are separate processes.
    env = {"CACHE_DIR": str(tmp_path)}
    write = "from django.core.cache import cache; cache.set('api:generation', 'from-worker')"
    run_django(write, "cms.settings.dev", env, setup=False)
    read = "from django.core.cache import cache; print(cache.get('api:generation'))"
    assert run_django(read, "cms.settings.dev", env, setup=False).stdout.split() == ["from-worker"]


def test_database_and_cache_follow_the_environment():
    code = (
        "from django.conf import settings; "
        "print(settings.DATABASES['default']['ENGINE']); "
        "print(settings.CACHES['default']['BACKEND'])"
    )
    default = run_django(code, "cms.settings.dev", {}, setup=False).stdout.split()
    assert default == [
        "django.db.backends.sqlite3",
        "django.core.cache.backends.filebased.FileBasedCache",
    ]
    configured = run_django(
        code,
        "cms.settings.dev",
        {
            "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/mha",
            "REDIS_URL": "redis://127.0.0.1:6379/1",
        },
        setup=False,
    ).stdout.split()
    assert configured == [
        "django.db.backends.postgresql",
        "cms.redis_cache.ResilientRedisCache",
    ]


def test_machine_translation_is_off_unless_a_deepl_key_is_given():
    code = "from django.conf import settings; print(settings.WAGTAILLOCALIZE_MACHINE_TRANSLATOR)"
    assert run_django(code, "cms.settings.dev", {}, setup=False).stdout.strip() == "None"
    configured = run_django(
        "from django.conf import settings; "
        "c = settings.WAGTAILLOCALIZE_MACHINE_TRANSLATOR; "
        "print(c['CLASS'], c['OPTIONS']['AUTH_KEY'])",
        "cms.settings.dev",
        {"DEEPL_AUTH_KEY": "key:fx"},
        setup=False,
    )
    assert configured.stdout.split() == [
        "wagtail_localize.machine_translators.deepl.DeepLTranslator",
        "key:fx",
    ]


def load_gunicorn_conf(monkeypatch, tmp_path, control: str | None = None) -> dict:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("XDG_RUNTIME_DIR", raising=False)
    if control is None:
        monkeypatch.delenv("GUNICORN_CONTROL_SOCKET", raising=False)
    else:
        monkeypatch.setenv("GUNICORN_CONTROL_SOCKET", control)
    config: dict = {}
    exec((ROOT / "gunicorn.conf.py").read_text(), config)  # noqa: S102 (our own settings file)
    return config


def started(config: dict, *addresses: str):
    """gunicorn's own configuration, as ``config``'s on_starting leaves it."""
    from types import SimpleNamespace

    from gunicorn.config import Config

    cfg = Config()
    for name, value in config.items():
        if name in cfg.settings:
            cfg.set(name, value)
    cfg.set("bind", list(addresses))
    config["on_starting"](SimpleNamespace(cfg=cfg))
    return cfg


def test_each_gunicorn_instance_has_its_own_control_socket(monkeypatch, tmp_path):
    # gunicorn's default, one socket per user, is taken over by the instance started last.
    config = load_gunicorn_conf(monkeypatch, tmp_path)
    one = started(config, "127.0.0.1:8000")
    two = started(config, "127.0.0.1:8001")
    unix = started(config, "unix:/run/mha/cms.sock")
    paths = {one.control_socket, two.control_socket, unix.control_socket}
    assert len(paths) == 3
    assert all(path.startswith(f"{tmp_path}/.gunicorn/mha-") for path in paths)
    assert one.control_socket == f"{tmp_path}/.gunicorn/mha-127.0.0.1_8000.ctl"
    assert not one.control_socket_disable


def test_the_control_socket_can_be_named_or_turned_off(monkeypatch, tmp_path):
    named = started(load_gunicorn_conf(monkeypatch, tmp_path, "/run/mha/a.ctl"), "127.0.0.1:1")
    assert named.control_socket == "/run/mha/a.ctl"
    assert started(load_gunicorn_conf(monkeypatch, tmp_path, "off"), "h:1").control_socket_disable


def test_the_application_gunicorn_preloads_has_its_urls_loaded_and_no_connection_open():
    # gunicorn forks its workers from a master that imported cms.wsgi (preload_app): what
    # it loaded, each worker's first request does not load again; a connection it left
    # open would be shared by every worker.
    code = (
        "import sys, cms.wsgi; from django.db import connections; "
        "print('cms.urls' in sys.modules, 'cms.api.mount' in sys.modules, "
        "any(c.connection is not None for c in connections.all()))"
    )
    result = run_django(code, "cms.settings.dev", {}, setup=False)
    assert result.stdout.split() == ["True", "True", "False"], result.stderr


def test_log_format_json_writes_json_lines_and_anything_else_is_refused():
    code = (
        "import logging.config; from django.conf import settings; "
        "logging.config.dictConfig(settings.LOGGING); "
        "logging.getLogger('cms').warning('hello')"
    )
    result = run_django(code, "cms.settings.dev", {"LOG_FORMAT": "json"}, setup=False)
    line = json.loads(result.stderr.strip().splitlines()[-1])
    assert {k: line[k] for k in ("level", "logger", "message", "request_id")} == {
        "level": "WARNING",
        "logger": "cms",
        "message": "hello",
        "request_id": "-",
    }
    assert "time" in line
    read = "from django.conf import settings; settings.DEBUG"
    refused = run_django(read, "cms.settings.dev", {"LOG_FORMAT": "xml"}, setup=False)
    assert "LOG_FORMAT is 'text' or 'json'" in refused.stderr


BENCH_SCRIPTS = sorted(
    path.name for path in (ROOT / "bench").glob("*.py") if "argparse" in path.read_text()
)


@pytest.mark.parametrize("script", BENCH_SCRIPTS)
def test_each_benchmark_script_starts_as_its_docstring_runs_it(script):
    """Each is run from the project's root as a file; ``--help`` loads its imports."""
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    done = subprocess.run(
        [sys.executable, f"bench/{script}", "--help"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "usage:" in done.stdout
