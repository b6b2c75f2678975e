"""The hostile image set: the worst file's time and memory for the verdict, the previews and the fits together,
each file in a fresh process; and the files the issue named, the naive way (Pillow's whole decode, then a resize
to cover the frame before cropping), in a process capped at 3 GB."""

from __future__ import annotations

import json
import subprocess
import sys

from benchmarks.measure import Row
from devtools.hostile_images import hostile

ONE_FILE = """
import json, resource, sys, time
from devtools.hostile_images import hostile
item = next(h for h in hostile() if h.name == sys.argv[1])
data = item.make()
def status(field):
    return int(next(l for l in open("/proc/self/status") if l.startswith(field)).split()[1]) / 1024
if sys.argv[2] == "naive":
    import io
    from PIL import Image, ImageOps
    Image.MAX_IMAGE_PIXELS = None
    resource.setrlimit(resource.RLIMIT_AS, (3 * 2**30, 3 * 2**30))
    def work():
        image = ImageOps.exif_transpose(Image.open(io.BytesIO(data))).convert("RGB")
        image.copy().thumbnail((480, 480))
        for width, height in ((1280, 720), (720, 1280)):
            scale = max(width / image.width, height / image.height)
            image.resize((max(width, round(image.width * scale)), max(height, round(image.height * scale))))
else:
    from devtools.image_sweep import through_the_wing
    from videogen.catalog import builtin
    catalog = builtin()
    through_the_wing("warm-up", hostile()[0].make(), catalog)
    def work():
        swept = through_the_wing(item.name, data, catalog)
        assert swept.error is None, swept.error
open("/proc/self/clear_refs", "w").write("5")
base = status("VmRSS:")
started = time.perf_counter()
try:
    work()
    outcome = "done"
except MemoryError:
    outcome = "out of memory at the 3 GB cap"
except Exception as exc:
    outcome = type(exc).__name__
print(json.dumps({"seconds": time.perf_counter() - started, "mb": status("VmHWM:") - base, "outcome": outcome}))
"""

NAMED = ("4000x2.png", "1x4000.png", "20x4000.png", "chunk-soup-9.9mb.png", "animated-6000x6000.webp")


def _measure(name: str, way: str, timeout: float = 60) -> dict:
    try:
        done = subprocess.run(
            [sys.executable, "-c", ONE_FILE, name, way], capture_output=True, text=True, timeout=timeout, check=False
        )
        return json.loads(done.stdout.strip().splitlines()[-1])
    except subprocess.TimeoutExpired:
        return {"seconds": timeout, "mb": float("nan"), "outcome": f"stopped after {timeout:.0f} s"}
    except (json.JSONDecodeError, IndexError):
        return {"seconds": float("nan"), "mb": float("nan"), "outcome": "the process died"}


def hostile_set() -> list[Row]:
    ours = {item.name: _measure(item.name, "ours") for item in hostile()}
    slowest = max(ours, key=lambda name: ours[name]["seconds"])
    hungriest = max(ours, key=lambda name: ours[name]["mb"])
    rows = [
        Row(
            f"hostile set ({len(ours)} files): the slowest, verdict + 3 previews + 6 fits",
            "",
            f"{ours[slowest]['seconds'] * 1000:,.0f} ms ({slowest})",
            "",
            "<= 2 s for what the size rule accepts",
            f"all {sum(r['outcome'] == 'done' for r in ours.values())} done, no exception",
        ),
        Row(
            "hostile set: the most memory above the process's own",
            "",
            f"{ours[hungriest]['mb']:,.0f} MB ({hungriest})",
            "",
            "<= 256 MB",
        ),
    ]
    large = [name for name in ours if name.endswith(("49mb.png", "49mb.jpg"))]
    rows.append(
        Row(
            "refused over the size rule (" + ", ".join(large) + ")",
            "16.6 s, 1.17 GB and 12.9 s, 935 MB before this issue",
            " and ".join(f"{ours[n]['seconds'] * 1000:,.0f} ms, {ours[n]['mb']:,.0f} MB" for n in large),
            "",
            "<= 0.5 s",
        )
    )
    for name in NAMED:
        naive = _measure(name, "naive", timeout=30)
        rows.append(
            Row(
                f"{name}: verdict, preview and fits",
                f"{naive['seconds']:,.1f} s, {naive['mb']:,.0f} MB ({naive['outcome']})",
                f"{ours[name]['seconds'] * 1000:,.0f} ms, {ours[name]['mb']:,.0f} MB",
                f"{naive['mb'] / max(ours[name]['mb'], 1):,.0f}x less memory",
                "<= 256 MB",
            )
        )
    return rows
