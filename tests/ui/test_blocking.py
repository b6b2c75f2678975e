"""Why Submit is blocked: the first reason that holds, in the order a person mends them (pages/generate.py asks
`ui.generate.blocking`, a pure function)."""

from __future__ import annotations

import pytest

from ui.generate.blocking import Found, why_blocked


def say(code: str, **params) -> str:
    return f"{code}{params or ''}"


EVERY = Found(
    "Sora 2",
    usable=False,
    problems={"duration": "Duration must be 4, 8 or 12.", "prompt": "Write a prompt."},
    image_refused=True,
    media_refusal="The video is 40 s; this model takes 10 s at most.",
    also_refusal="Veo 3.1 does not take this size.",
    over_budget="This would cross today's cap by $1.20.",
)


@pytest.mark.parametrize(
    ("mended", "reason"),
    [
        ({}, "ui.submit.unavailable{'model': 'Sora 2'}"),
        ({"usable": True}, "Duration must be 4, 8 or 12. Write a prompt."),
        ({"usable": True, "problems": {}}, "ui.submit.refused_image"),
        ({"usable": True, "problems": {}, "image_refused": False}, "The video is 40 s; this model takes 10 s at most."),
        (
            {"usable": True, "problems": {}, "image_refused": False, "media_refusal": None},
            "Veo 3.1 does not take this size.",
        ),
        (
            {"usable": True, "problems": {}, "image_refused": False, "media_refusal": None, "also_refusal": None},
            "This would cross today's cap by $1.20.",
        ),
    ],
)
def test_the_first_reason_left_is_the_one_shown(mended, reason):
    from dataclasses import replace

    assert why_blocked(replace(EVERY, **mended), say) == reason


def test_nothing_left_to_mend_leaves_submit_free():
    assert why_blocked(Found("Sora 2"), say) is None
