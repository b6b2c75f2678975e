"""python -m benchmarks [--runs N] [--only NAME]: the project's way against the naive way, in one run."""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time

from benchmarks.measure import table


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (
        f"{os.cpu_count()} cores ({cpu}), {memory:.0f} GiB, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--runs", type=int, default=5, help="runs of each measurement (median and range shown)")
    parser.add_argument(
        "--only",
        choices=[
            "images",
            "hostile",
            "tracking",
            "pages",
            "startup",
            "batch",
            "replicas",
            "store",
            "videos",
            "sessions",
            "sessions-repeated",
        ],
        action="append",
    )
    args = parser.parse_args()
    from benchmarks import batches, hostile, images, pages, replicas, sessions, startup, store, tracking, videos

    chosen = args.only or ["images", "hostile", "tracking", "pages", "startup", "batch", "replicas", "store", "videos"]
    rows = []
    started = time.perf_counter()
    if "images" in chosen:
        rows += (
            images.remote(args.runs)
            + images.remote_webp(args.runs)
            + images.local(args.runs)
            + images.full_check(args.runs)
            + images.preview_memory()
        )
    if "hostile" in chosen:
        rows += hostile.hostile_set()
    if "tracking" in chosen:
        rows += tracking.refresh(args.runs)
    if "replicas" in chosen:
        rows += replicas.follow(args.runs)
    if "pages" in chosen:
        rows += pages.pages(args.runs * 4)
    if "batch" in chosen:
        rows += batches.batch(args.runs)
    if "store" in chosen:
        rows += store.calls(args.runs)
    if "videos" in chosen:
        rows += videos.videos(args.runs)
    if "sessions" in chosen:  # not by default: minutes of browsers (python -m benchmarks --only sessions)
        rows += sessions.sessions()
    if "sessions-repeated" in chosen:  # issue 30: 30 sessions, 10 loads in a row (--runs sets how many)
        rows += sessions.repeated(30, max(args.runs, 10))
    if "startup" in chosen:
        rows += startup.startup(max(3, args.runs // 2))
    print(f"Machine: {machine()}")
    print(
        f"Runs: {args.runs} per measurement (page runs x4); median (min-max). Took {time.perf_counter() - started:.0f} s.\n"
    )
    print(table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
