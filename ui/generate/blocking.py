"""Why Submit is blocked, decided from what the page found, in one place and without Streamlit: the first reason
that holds, in the order a person mends them (a model this key cannot use before a field, a field before an
image, the images and videos before where else to send and the day's cap). None: Submit may be pressed."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Found:
    """What one run of the page learnt about the request (each refusal already in the reader's words)."""

    model_name: str
    usable: bool = True  # the key can use this model (the API's model list, its refusals)
    problems: Mapping[str, str] = field(default_factory=dict)  # field -> why, from the one validation
    image_refused: bool = False  # a reference image the checks refused
    media_refusal: str | None = None  # a video or sound input refused, and why
    also_refusal: str | None = None  # "Also send to" cannot go as chosen, and why
    over_budget: str | None = None  # the day's cap would be crossed, and by how much


def why_blocked(found: Found, say: Callable[..., str]) -> str | None:
    """The reason Submit is disabled (`say(code, **params)` puts a code in words), or None."""
    if not found.usable:
        return say("ui.submit.unavailable", model=found.model_name)
    if found.problems:
        return " ".join(found.problems.values())
    if found.image_refused:
        return say("ui.submit.refused_image")
    return found.media_refusal or found.also_refusal or found.over_budget
