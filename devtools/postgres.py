"""A throwaway PostgreSQL cluster for the tests, as pytest-postgresql's process fixture makes one: Debian's
`initdb` and `pg_ctl` in a temporary folder, on a free loopback port, with fsync off; stopped and removed
at the end. PostgreSQL refuses to run as root, so as root the server runs as the `postgres` user that
Debian's package creates. Each test gets a database of its own (`fresh()`)."""

from __future__ import annotations

import glob
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

MISSING = (
    "PostgreSQL is not installed here (no initdb on PATH or in /usr/lib/postgresql/*/bin): "
    "run `bash tests/install.sh`, which installs Debian's postgresql package."
)


def binaries() -> Path | None:
    found = shutil.which("initdb")
    if found:
        return Path(found).resolve().parent
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(versions[-1]).parent if versions else None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Cluster:
    def __init__(self) -> None:
        bin_dir = binaries()
        if bin_dir is None:
            raise RuntimeError(MISSING)
        self.bin = bin_dir
        self.folder = Path(tempfile.mkdtemp(prefix="videogen-pg-"))
        self.data = self.folder / "data"
        self.port = _free_port()
        self.user = "videogen"
        self._names = itertools.count(1)
        self._template: str | None = None  # a database with the store's schema, copied for each test
        self._as: list[str] = []
        if os.geteuid() == 0:  # the server will not run as root
            owner = pwd.getpwnam("postgres")
            os.chown(self.folder, owner.pw_uid, owner.pw_gid)
            self._as = ["runuser", "-u", "postgres", "--"]

    def _run(self, *args: str) -> None:
        subprocess.run([*self._as, *args], check=True, capture_output=True, timeout=120)

    def start(self) -> Cluster:
        self._run(
            str(self.bin / "initdb"),
            "-D", str(self.data), "-U", self.user, "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync",
        )  # fmt: skip
        options = (
            f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
        )
        self._run(
            str(self.bin / "pg_ctl"), "-D", str(self.data), "-o", options, "-l", str(self.folder / "log"), "-w", "start"
        )
        return self

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{self.user}@127.0.0.1:{self.port}/{database}"

    def fresh(self) -> str:
        """The URL of a new, empty database."""
        import psycopg

        name = f"test_{next(self._names)}"
        with psycopg.connect(self.url(), autocommit=True) as db:
            db.execute(f"CREATE DATABASE {name}")
        return self.url(name)

    def migrated(self) -> str:
        """The URL of a new database with the store's whole schema and no rows: a copy of one made once (the
        migrations run once a cluster, not once a test; CREATE DATABASE ... TEMPLATE copies the files)."""
        import psycopg

        from videogen.tasks.store import TaskStore

        if self._template is None:
            url = self.fresh()
            TaskStore(url).database.close()  # every migration, then no connection left to the copy's source
            self._template = url.rsplit("/", 1)[1]
        name = f"test_{next(self._names)}"
        with psycopg.connect(self.url(), autocommit=True) as db:
            db.execute(f"CREATE DATABASE {name} TEMPLATE {self._template}")
        return self.url(name)

    def stop(self) -> None:
        try:
            self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)
