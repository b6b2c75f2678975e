"""The command line as the tests run it: `python -m videogen ARGS` in a process of its own, with its own
environment, working folder, exit code, standard output and standard error, forked from a process that has
already imported the domain.

A fresh interpreter spends about 0.6 CPU-s importing the domain before a command runs (the package imports all
of it, by design); the suite runs the command line about seventy times, on two cores. A fork of a process that
has done the imports and nothing else (one thread, no store, no catalogue read, no setting read: `_check_clean`)
gives each command the same start but that: its environment, folder and streams are set before `main()` runs, and
`main()` reads every setting, the language and the catalogue when called (nothing in the domain reads them on
import; the server refuses to serve if the import started a thread, which a fork would not copy). `fresh=True` runs the real `python -m videogen` instead (the tests of
the entry point itself), as does a machine without `fork`."""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TIMEOUT = 60.0

_SERVER = r"""
import io, json, os, random, sys, threading, traceback
import videogen.cli
from videogen.cli import main

def check_clean():
    # A fork copies one thread only: the imports must not have started any, nor read a setting.
    if threading.active_count() != 1:
        raise SystemExit("the domain's import started a thread: run the command line fresh")

def child(job):
    os.chdir(job["cwd"])
    os.environ.clear()
    os.environ.update(job["env"])
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    for fd, path in ((1, job["stdout"]), (2, job["stderr"])):
        os.dup2(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), fd)
    sys.stdin = io.TextIOWrapper(io.FileIO(0, "r", closefd=False), encoding="utf-8")
    sys.stdout = io.TextIOWrapper(io.FileIO(1, "w", closefd=False), encoding="utf-8", write_through=True)
    sys.stderr = io.TextIOWrapper(
        io.FileIO(2, "w", closefd=False), encoding="utf-8", errors="backslashreplace", write_through=True
    )
    sys.argv = [os.path.join(os.path.dirname(os.path.dirname(videogen.cli.__file__)), "__main__.py"), *job["args"]]
    random.seed()
    try:
        code = main(job["args"])
    except SystemExit as exit:
        code = exit.code
    except BaseException:
        traceback.print_exc()
        code = 1
    if code is None:
        code = 0
    elif not isinstance(code, int):
        print(code, file=sys.stderr)
        code = 1
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except OSError:
        pass
    os._exit(code)

check_clean()
out = sys.stdout
out.write("ready\n")
out.flush()
for line in sys.stdin:
    job = json.loads(line)
    pid = os.fork()
    if pid == 0:
        try:
            child(job)
        finally:
            os._exit(70)
    out.write(json.dumps({"pid": pid}) + "\n")
    out.flush()
    _, status = os.waitpid(pid, 0)
    out.write(json.dumps({"code": os.waitstatus_to_exitcode(status)}) + "\n")
    out.flush()
"""


def _kill(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)


def _test_env() -> dict:
    """This process's environment without any APIMART_ or VIDEOGEN_ setting (a test gives the ones it means)."""
    return {k: v for k, v in os.environ.items() if not k.startswith(("APIMART_", "VIDEOGEN_"))}


class _Forks:
    """The process the commands are forked from (one per test process, started when first needed)."""

    def __init__(self):
        env = _test_env()
        self.process = subprocess.Popen(
            [sys.executable, "-c", _SERVER],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env={**env, "PYTHONPATH": str(ROOT)},
            cwd=ROOT,
        )
        assert self.process.stdout is not None
        if self.process.stdout.readline().strip() != "ready":
            raise RuntimeError("the command line's fork server did not start")
        atexit.register(self.close)

    def run(self, args: list[str], env: dict, cwd: Path) -> tuple[int, str, str]:
        assert self.process.stdin is not None and self.process.stdout is not None
        with tempfile.TemporaryDirectory(prefix="videogen-cli-") as folder:
            out, err = Path(folder) / "stdout", Path(folder) / "stderr"
            job = {"args": args, "env": env, "cwd": str(cwd), "stdout": str(out), "stderr": str(err)}
            self.process.stdin.write(json.dumps(job) + "\n")
            self.process.stdin.flush()
            pid = json.loads(self.process.stdout.readline())["pid"]
            started = time.monotonic()
            late = threading.Timer(TIMEOUT, _kill, args=(pid,))  # as `subprocess.run(timeout=)` does
            late.start()
            try:
                code = json.loads(self.process.stdout.readline())["code"]
            finally:
                late.cancel()
            if code == -signal.SIGKILL and time.monotonic() - started >= TIMEOUT:
                raise subprocess.TimeoutExpired(["python", "-m", "videogen", *args], TIMEOUT)
            return code, out.read_text(encoding="utf-8"), err.read_text(encoding="utf-8")

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


_forks: _Forks | None = None


def run(*args, env=None, cwd=None, fresh=False) -> tuple[int, str, str]:
    """`python -m videogen ARGS` with the test's environment (no APIMART_ or VIDEOGEN_ setting unless given, English
    unless told): its exit code, standard output and standard error."""
    global _forks
    full_env = _test_env()
    full_env["LANG"] = "C.UTF-8"  # English, whatever the machine's language (a test may say otherwise)
    full_env.update(env or {})
    full_env["PYTHONPATH"] = str(ROOT)
    args = [str(a) for a in args]
    if fresh or not hasattr(os, "fork"):
        done = subprocess.run(
            [sys.executable, "-m", "videogen", *args],
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            env=full_env,
            cwd=cwd or ROOT,
        )
        return done.returncode, done.stdout, done.stderr
    if _forks is None or _forks.process.poll() is not None:
        _forks = _Forks()
    return _forks.run(args, full_env, Path(cwd or ROOT))
