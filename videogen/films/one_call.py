"""A storyboard made in one call: Kling v3's multi-shot takes up to six shots, each its own words and seconds,
and makes them as one video (the model carries faces, light and place across its cuts; nothing to join). A
storyboard fits when its shots are all on such a model, share the call's shape, resolution and options, take no
image after the first shot, are cuts or continues (not extensions), and add up to a length the model makes."""

from __future__ import annotations

from dataclasses import dataclass

from videogen.catalog import Catalog
from videogen.films.storyboard import EXTEND, Storyboard
from videogen.i18n import Note
from videogen.request import GenerationRequest, InvalidRequest, ValidRequest


@dataclass(frozen=True)
class OneCall:
    """Whether a storyboard can go as one call: the call's valid request, or why not (`reasons`)."""

    valid: ValidRequest | None
    reasons: tuple[Note, ...] = ()

    @property
    def fits(self) -> bool:
        return self.valid is not None


def fit(board: Storyboard, catalog: Catalog) -> OneCall:
    """The one call a storyboard's shots make, or the reasons they do not fit one."""
    shots = board.shots
    if len(shots) < 2:
        return OneCall(None, (Note("film.one_call.few"),))
    first = shots[0].request
    model = catalog.model(first.model)
    if model is None or model.multi_shot is None:
        return OneCall(None, (Note("film.one_call.model", {"model": first.model}),))
    reasons: list[Note] = []
    if len(shots) > model.multi_shot.max_shots:
        reasons.append(Note("film.one_call.many", {"model": model.name, "limit": model.multi_shot.max_shots}))
    for number, shot in enumerate(shots[1:], start=2):
        request = shot.request
        other = catalog.model(request.model)
        if other is None or other.id != model.id:
            reasons.append(Note("film.one_call.other_model", {"shot": number, "model": model.name}))
        elif shot.join == EXTEND:
            reasons.append(Note("film.one_call.extend", {"shot": number}))
        elif (request.aspect_ratio, request.resolution, dict(request.options)) != (
            first.aspect_ratio,
            first.resolution,
            dict(first.options),
        ):
            reasons.append(Note("film.one_call.settings", {"shot": number}))
        elif request.images():
            reasons.append(Note("film.one_call.images", {"shot": number}))
    if reasons:
        return OneCall(None, tuple(reasons))
    request = GenerationRequest(
        model=model.id,
        prompt="",
        aspect_ratio=first.aspect_ratio,
        resolution=first.resolution,
        image_urls=first.image_urls,
        first_frame=first.first_frame,
        last_frame=first.last_frame,
        options=first.options,
        shots=tuple((s.request.prompt, s.request.duration or model.default_duration) for s in shots),
    )
    try:
        return OneCall(request.validate(catalog, uploads_allowed=True))
    except InvalidRequest as refused:
        return OneCall(None, tuple(refused.notes.values()))
