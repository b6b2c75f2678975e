"""Images through the image wing and through the Generate page, the way a person would give them: every file
judged, previewed in every shape the model offers, and fitted; what raised and what the page drew as an error
screen is counted.

`python -m devtools.image_sweep DIR [--page]` sweeps a folder (a third-party decoder test suite, say) and prints a
summary as JSON: files, accepted, refused by code, exceptions, the slowest, and with `--page` the Generate page's
exceptions (AppTest, sandbox mode). The tests sweep the hostile set from `devtools.hostile_images`."""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
import tempfile
import time
import warnings
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image

from videogen.catalog import Catalog, builtin
from videogen.images.reference_image import ReferenceImage

APP = str(Path(__file__).resolve().parents[1] / "app.py")
FRAMES = ((1280, 720), (720, 1280), (1024, 1024))
FITS = (("crop", "center", "blur"), ("pad", "center", "blur"))


@dataclass
class Swept:
    """What one image got from the wing."""

    name: str
    ok: bool
    problems: list[str]
    warnings: list[str]
    seconds: float
    error: str | None = None


@dataclass
class Summary:
    files: int = 0
    accepted: int = 0
    refused: Counter = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)
    slowest: tuple[float, str] = (0.0, "")

    def add(self, swept: Swept) -> None:
        self.files += 1
        self.accepted += swept.ok
        self.refused.update(swept.problems)
        if swept.error:
            self.errors.append(f"{swept.name}: {swept.error}")
        self.slowest = max(self.slowest, (round(swept.seconds, 3), swept.name))


def through_the_wing(name: str, data: bytes, catalog: Catalog) -> Swept:
    """Judged, decoded, previewed in three frames and fitted (crop and pad) to each, as the page would."""
    started = time.perf_counter()
    try:
        image = ReferenceImage.from_bytes(data, name, catalog)
        verdict = image.complete(catalog)
        judged = image.judged(catalog, "16:9", (1280, 720))
        for frame in FRAMES:
            image.judged(catalog, None, frame)
            image.preview(frame)
            for mode, anchor, background in FITS if verdict.ok else ():
                image.fit(catalog, frame, mode, anchor, background)
        image.upload_form()
    except Exception as exc:  # noqa: BLE001 - what is counted here is exactly what escaped the wing
        return Swept(name, False, [], [], time.perf_counter() - started, f"{type(exc).__name__}: {exc}"[:200])
    return Swept(name, verdict.ok, verdict.problems, judged.warnings, time.perf_counter() - started)


def pillow_decodes_whole(data: bytes) -> bool:
    """Whether Pillow, the lenient judge, opens and decodes the picture without an error: every frame of an
    animation; a JPEG's first picture (what is sent of a multi-picture file)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            image = Image.open(io.BytesIO(data))
            frames = 1 if image.format in ("JPEG", "MPO") else getattr(image, "n_frames", 1)
            for number in range(frames):
                image.seek(number)
                image.load()
        return True
    except Exception:  # noqa: BLE001 - any failure means the same: not decoded whole
        return False


def through_the_page(files: Iterable[tuple[str, bytes, str]]) -> list[str]:
    """Each file uploaded on Generate (sandbox mode), shown in every shape the default model offers with Fit
    on: the exceptions the page met (each one would have been Streamlit's error screen)."""
    return [failure for name, data, mime in files for failure in _on_the_page(name, data, mime)]


def _on_the_page(name: str, data: bytes, mime: str) -> list[str]:
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(APP, default_timeout=60)
    failures: list[str] = []

    def step(what: str, action) -> bool:
        try:
            action()
        except Exception as exc:  # noqa: BLE001 - an exception AppTest lets through counts the same
            failures.append(f"{name}: {what}: {type(exc).__name__}: {exc}"[:300])
            return False
        failures.extend(f"{name}: {what}: {e.value}"[:300] for e in at.exception)
        return not at.exception

    if not step("upload", lambda: at.run() and at.file_uploader(key="reference_file").upload(name, data, mime)):
        return failures
    if not step("upload", at.run):
        return failures
    for shape in at.radio(key="aspect_ratio").options:
        step(shape, lambda shape=shape: at.radio(key="aspect_ratio").set_value(shape).run())
        if any(toggle.key == "reference_fit" for toggle in at.toggle):
            step(f"{shape}, fit", lambda: at.toggle(key="reference_fit").set_value(True).run())
            step(f"{shape}, fit off", lambda: at.toggle(key="reference_fit").set_value(False).run())
    return failures


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file())


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m devtools.image_sweep", description=__doc__)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--page", action="store_true", help="also upload each file on Generate (slow)")
    args = parser.parse_args(argv)
    catalog = builtin()
    summary, disagreements = Summary(), []
    for path in _files(args.folder):
        data = path.read_bytes()
        swept = through_the_wing(str(path.relative_to(args.folder)), data, catalog)
        summary.add(swept)
        signed = data[:8] == b"\x89PNG\r\n\x1a\n" or data[:2] == b"\xff\xd8" or data[8:12] == b"WEBP"
        if signed and not swept.error and not (set(swept.problems) & {"too_many_pixels", "too_complex", "too_large"}):
            whole = pillow_decodes_whole(data)
            if whole != swept.ok:
                disagreements.append(
                    f"{swept.name}: studio {'accepts' if swept.ok else swept.problems}, Pillow "
                    f"{'decodes it whole' if whole else 'cannot decode it'}"
                )
    report = {
        "files": summary.files,
        "accepted": summary.accepted,
        "refused": dict(summary.refused.most_common()),
        "exceptions": summary.errors,
        "slowest": summary.slowest,
        "disagreements_with_pillow": disagreements,
    }
    if args.page:
        os.environ.setdefault("VIDEOGEN_DATA_DIR", tempfile.mkdtemp(prefix="sweep-"))
        os.environ.pop("APIMART_API_KEY", None)
        files = [
            (str(p.relative_to(args.folder)), p.read_bytes(), "application/octet-stream") for p in _files(args.folder)
        ]
        report["page_exceptions"] = through_the_page(files)
    print(json.dumps(report, indent=1, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
