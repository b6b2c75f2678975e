"""GenerationRequest: what the user asked for, checked against the catalogue, turned into the API body."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from urllib.parse import urlsplit

from videogen.catalog import Catalog, Model
from videogen.messages import Note


class InvalidRequest(ValueError):
    """One or more fields are wrong: `notes` maps each field to a code and its parameters; `problems` gives
    the words, each saying what is allowed."""

    def __init__(self, notes: dict[str, Note]):
        self.notes = notes
        super().__init__("; ".join(f"{k}: {v}" for k, v in self.problems.items()))

    @property
    def problems(self) -> dict[str, str]:
        return {name: note.text() for name, note in self.notes.items()}


def _choices(values) -> str:
    return ", ".join(str(v) for v in values)


@dataclass(frozen=True)
class GenerationRequest:
    model: str
    prompt: str
    duration: int | None = None
    aspect_ratio: str | None = None
    resolution: str | None = None
    image_urls: tuple[str, ...] = field(default_factory=tuple)

    def check(self, catalog: Catalog) -> dict[str, Note]:
        """Every invalid field, as a code with what the message needs (its value, the allowed ones)."""
        found: dict[str, Note] = {}
        model = catalog.model(self.model)
        if model is None:
            found["model"] = Note("request.model", {"value": repr(self.model), "choices": _choices(catalog.models)})
        if not (self.prompt or "").strip():
            found["prompt"] = Note("request.prompt")
        if model is None:
            return found
        if self.duration is not None:
            try:
                ok = int(self.duration) == self.duration and int(self.duration) in model.durations
            except (TypeError, ValueError):
                ok = False
            if not ok:
                found["duration"] = Note(
                    "request.duration",
                    {"value": repr(self.duration), "model": model.name, "choices": _choices(model.durations)},
                )
        if self.aspect_ratio is not None and catalog.aspect_ratio(self.aspect_ratio) is None:
            found["aspect_ratio"] = Note(
                "request.aspect_ratio",
                {"value": repr(self.aspect_ratio), "choices": _choices(catalog.aspect_ratio_names())},
            )
        if self.resolution is not None:
            if not model.resolutions:
                found["resolution"] = Note("request.resolution_none", {"model": model.name})
            elif self.resolution not in model.resolution_ids:
                found["resolution"] = Note(
                    "request.resolution",
                    {"value": repr(self.resolution), "model": model.name, "choices": _choices(model.resolution_ids)},
                )
        for url in self.image_urls:
            parts = urlsplit(url)
            if parts.scheme not in ("http", "https") or not parts.hostname:
                found["image_urls"] = Note("request.image_url", {"value": repr(url[:80])})
                break
        return found

    def problems(self, catalog: Catalog) -> dict[str, str]:
        """Every invalid field with a message naming it and its allowed values; empty when valid."""
        return {name: note.text() for name, note in self.check(catalog).items()}

    def validate(self, catalog: Catalog) -> ValidRequest:
        """The request with defaults filled in and names made canonical, with its model; the one place the
        catalogue's rules are applied. Raises InvalidRequest naming every wrong field."""
        notes = self.check(catalog)
        if notes:
            raise InvalidRequest(notes)
        model = catalog.models[self.model]
        ratio = catalog.aspect_ratio(self.aspect_ratio) if self.aspect_ratio else None
        canonical = GenerationRequest(
            model=model.id,
            prompt=self.prompt.strip(),
            duration=int(self.duration) if self.duration is not None else model.default_duration,
            aspect_ratio=ratio.id if ratio else model.default_aspect_ratio,
            resolution=(self.resolution or model.default_resolution) if model.resolutions else None,
            image_urls=tuple(u.strip() for u in self.image_urls if u.strip()),
        )
        return ValidRequest(canonical, model)


@dataclass(frozen=True)
class ValidRequest:
    """A request the catalogue accepted, in canonical form, with its model: it yields the payload and the
    estimate without checking again. Made by `GenerationRequest.validate` only."""

    request: GenerationRequest
    model: Model

    def payload(self) -> dict:
        """The exact JSON body for POST /v1/videos/generations."""
        req = self.request
        body: dict = {
            "model": req.model,
            "prompt": req.prompt,
            "duration": req.duration,
            "aspect_ratio": req.aspect_ratio,
        }
        if req.resolution is not None:
            body["resolution"] = req.resolution
        if req.image_urls:
            body["image_urls"] = list(req.image_urls)
        return body

    def estimate(self) -> float:
        return self.model.estimate(self.request.duration or self.model.default_duration, self.request.resolution)

    def with_image(self, url: str) -> ValidRequest:
        """The same request with the URL an upload returned as its reference image."""
        return ValidRequest(replace(self.request, image_urls=(url,)), self.model)
