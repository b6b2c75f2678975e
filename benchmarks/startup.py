"""Cold start (`streamlit run` to the first rendered Generate page) and memory with 1,000 tasks."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

from benchmarks.measure import Figures, Row
from benchmarks.pages import seed
from devtools import browsers

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = browsers.CHROMIUM


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def startup(runs: int) -> list[Row]:
    from playwright.sync_api import sync_playwright

    samples, memory = [], []
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        seed(Path(folder), 1_000)
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
        )
        env = {**os.environ, "VIDEOGEN_DATA_DIR": folder}
        env.pop("APIMART_API_KEY", None)
        for _ in range(runs):
            port = _port()
            started = time.perf_counter()
            process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "streamlit",
                    "run",
                    "app.py",
                    "--server.headless",
                    "true",
                    "--server.port",
                    str(port),
                    "--server.address",
                    "127.0.0.1",
                    "--server.fileWatcherType",
                    "none",
                ],
                cwd=ROOT,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            try:
                while True:
                    try:
                        requests.get(f"http://127.0.0.1:{port}/_stcore/health", timeout=0.5)
                        break
                    except requests.RequestException:
                        time.sleep(0.05)
                page = browser.new_page()
                page.goto(f"http://127.0.0.1:{port}/")
                page.get_by_text("Generate a video").wait_for(timeout=60_000)
                page.get_by_role("button", name="Submit").wait_for(timeout=60_000)
                samples.append(time.perf_counter() - started)
                page.get_by_role("link", name="History").click()
                page.get_by_text("All time, estimated").wait_for(timeout=60_000)
                time.sleep(1)
                memory.append(_rss_mb(process.pid))
                page.close()
            finally:
                process.terminate()
                process.wait(timeout=20)
        browser.close()
    cold = Figures(samples)
    return [
        Row(
            "cold start: `streamlit run` to the first rendered Generate page (Chromium)",
            "-",
            cold.text(),
            "-",
            "report",
            f"server memory after both pages with 1,000 tasks: {min(memory):.0f}-{max(memory):.0f} MB RSS",
        )
    ]
