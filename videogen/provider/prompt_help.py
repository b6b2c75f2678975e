"""The prompt helper on the endpoint: MiniMax-H3-Context-IR takes a prompt (with the video's length and shape,
which set the pacing of what it writes) and makes a better one, `result.prompt`, no video, in 20-40 s; billed
$0.08 a call by the price list of 2026-09-21 (its page says tokens). Its body, and the API's checks of it."""

from __future__ import annotations

MODEL = "MiniMax-H3-Context-IR"
PRICE = 0.08  # dollars a call
PROMPT_MAX = 7000
SHAPES = ("21:9", "16:9", "4:3", "1:1", "3:4", "9:16")  # `adaptive` is refused for text alone
DURATIONS = range(4, 16)
FIELDS = {"model", "prompt", "duration", "aspect_ratio", "nsfw_check"}


def body_for(prompt: str, duration: int | None, shape: str | None) -> dict:
    """The call for a prompt about a video of this length and shape (brought within what the helper takes)."""
    seconds = min(max(int(duration or 5), DURATIONS.start), DURATIONS.stop - 1)
    return {
        "model": MODEL,
        "prompt": prompt.strip()[:PROMPT_MAX],
        "duration": seconds,
        "aspect_ratio": shape if shape in SHAPES else "16:9",
    }


def refused(body: dict) -> tuple[str, str, str] | None:
    """What the API refuses in a helper call, as (code, words, field); None when it is taken."""
    unknown = sorted(set(body) - FIELDS)
    if unknown:
        return "unknown_parameter", f"Unknown field(s) for {MODEL}: {', '.join(unknown)}.", unknown[0]
    prompt = body.get("prompt")
    if not isinstance(prompt, str) or not prompt.strip() or len(prompt) > PROMPT_MAX:
        return "invalid_prompt", f"prompt is required, at most {PROMPT_MAX} characters.", "prompt"
    if "duration" in body and (type(body["duration"]) is not int or body["duration"] not in DURATIONS):
        return "invalid_duration", "duration must be 4-15.", "duration"
    if body.get("aspect_ratio") not in SHAPES:
        return "invalid_aspect_ratio", f"aspect_ratio is required for text alone: {', '.join(SHAPES)}.", "aspect_ratio"
    return None
