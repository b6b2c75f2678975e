"""Browser tests: the real app under `streamlit run`, driven by Debian's Chromium through Playwright."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from devtools import browsers

ROOT = Path(__file__).resolve().parents[2]
OUTPUT = ROOT / "test-output"
CHROMIUM = browsers.CHROMIUM


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class RunningApp:
    """`streamlit run app.py` in a subprocess; can be killed and started again on the same port."""

    def __init__(self, env: dict, args: tuple[str, ...] = ()):
        self.env = env
        self.args = args  # more `streamlit run` options (a secrets file, say)
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None
        self.log = OUTPUT / f"app-{self.port}.log"

    def start(self) -> RunningApp:
        OUTPUT.mkdir(exist_ok=True)
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                "app.py",
                "--server.headless",
                "true",
                "--server.port",
                str(self.port),
                "--server.address",
                "127.0.0.1",
                "--browser.gatherUsageStats",
                "false",
                "--server.fileWatcherType",
                "none",
                *self.args,
            ],
            cwd=ROOT,
            env=self.env,
            stdout=open(self.log, "ab"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if requests.get(self.url + "/_stcore/health", timeout=1).status_code == 200:
                    return self
            except requests.RequestException:
                pass
            if self.process.poll() is not None:
                raise RuntimeError(f"the app exited: see {self.log}")
            time.sleep(0.2)
        raise RuntimeError(f"the app did not become healthy in 60 s: see {self.log}")

    def stop(self, sig=signal.SIGTERM) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, sig)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:  # a server busy with twenty sessions may not stop in time
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=20)


def _env(data_dir: Path, **extra) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("APIMART_", "VIDEOGEN_"))}
    # The sandbox makes a video in 5 s here, not 15: the browser tests wait for videos, not for the clock.
    env.update({"VIDEOGEN_DATA_DIR": str(data_dir), "PYTHONPATH": str(ROOT), "VIDEOGEN_SANDBOX_SECONDS": "5", **extra})
    return env


@pytest.fixture(scope="session")
def browser_type_launch_args():
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is needed for the browser tests: run `bash tests/install.sh`.")
    return {
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-quic",
            "--no-first-run",
        ],
    }


@pytest.fixture
def start_app(tmp_path):
    apps: list[RunningApp] = []

    def start(**env) -> RunningApp:
        app = RunningApp(_env(tmp_path / "data", **env)).start()
        apps.append(app)
        return app

    yield start
    for app in apps:
        app.stop()


@pytest.fixture
def live_app(start_app, simulator):
    """The app configured against the test's simulator, so the test can count what reached the API."""
    return start_app(
        APIMART_API_KEY=simulator.state.api_key, APIMART_BASE_URL=simulator.base_url, VIDEOGEN_ALLOW_PRIVATE_URLS="1"
    )


def wait_idle(page, timeout=30_000) -> None:
    """Until Streamlit has finished the current script run."""
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=timeout)


def screenshot(page, name: str) -> Path:
    OUTPUT.mkdir(exist_ok=True)
    path = OUTPUT / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
