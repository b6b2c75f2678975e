"""The hostile set uploaded on Generate, in every shape the model offers with Fit on: no exception reaches the
page (each would be Streamlit's error screen)."""

import pytest

from devtools.hostile_images import hostile
from devtools.image_sweep import through_the_page

SET = hostile()
HALVES = {"first half": SET[: len(SET) // 2], "second half": SET[len(SET) // 2 :]}


@pytest.mark.long
@pytest.mark.parametrize("half", HALVES)
def test_no_hostile_upload_brings_up_an_error_screen(live, half):
    files = [(item.name, item.make(), "application/octet-stream") for item in HALVES[half]]
    assert through_the_page(files) == []


def test_the_sweep_sees_an_error_screen(live, monkeypatch):
    """The sweep can fail: a preview that raises is counted."""
    from videogen.images import reference_image

    def broken(self, frame):
        raise ValueError("y1 must be greater than or equal to y0")

    monkeypatch.setattr(reference_image.ReferenceImage, "preview", broken)
    item = next(i for i in SET if i.name == "1x1.png")
    failures = through_the_page([(item.name, item.make(), "image/png")])
    assert failures and failures[0].startswith("1x1.png: upload") and "encountered an error" in failures[0]
