"""The Chromium the browser tests and the benchmarks drive: Debian's, as its headless shell when installed (the same
engine without the desktop browser's frame: drawing a page of this app costs it about 40 % less CPU, and twenty or
thirty browsers share two cores with the app they measure), else the full browser. `VIDEOGEN_TEST_CHROMIUM`
names another."""

from __future__ import annotations

import os
import shutil


def chromium() -> str:
    named = os.environ.get("VIDEOGEN_TEST_CHROMIUM")
    if named:
        return named
    found = (shutil.which(name) for name in ("chromium-headless-shell", "chromium"))
    return next((path for path in found if path), "/usr/bin/chromium")


CHROMIUM = chromium()
