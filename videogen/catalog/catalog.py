"""The whole catalogue: every model, the shapes, the widest image rules, and where it was read from."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from videogen.catalog.schema import ImageRules, Model, Shape


@dataclass(frozen=True)
class Catalog:
    models: dict[str, Model]
    default_model: str
    shapes: dict[str, Shape]
    reference: ImageRules  # the widest rules of all models: what is worth reading at all
    source: Path
    warning: str | None = None  # set when a user's copy was refused and the built-in one is used

    @property
    def aspect_ratios(self) -> dict[str, Shape]:
        return self.shapes

    def model(self, model_id: str | None) -> Model | None:
        """The model of an id, or of an id it was sent under before (`doubao-seedance-1-5-pro`)."""
        found = self.models.get(model_id or "")
        if found is None and model_id:
            found = next((m for m in self.models.values() if model_id in m.aliases), None)
        return found

    def families(self) -> dict[str, list[Model]]:
        """The models by family, in the catalogue's order."""
        grouped: dict[str, list[Model]] = {}
        for model in self.models.values():
            grouped.setdefault(model.family, []).append(model)
        return grouped

    def words(self) -> list[str]:
        """Every word of the catalogue a person reads (shapes, blurbs, tiers, fields, their help and choices,
        rule reasons), once each: what a translation must cover."""
        found: dict[str, None] = dict.fromkeys(s.label for s in self.shapes.values())
        for model in self.models.values():
            found.update(dict.fromkeys([model.blurb, *(t.label for t in model.tiers), *(r.why for r in model.rules)]))
            for option in model.options:
                found.update(dict.fromkeys([option.label, option.help or "", *option.labels.values()]))
        return [word for word in found if word]

    def aspect_ratio(self, name: str | None) -> Shape | None:
        """The shape for an id or an alias (`landscape` -> 16:9)."""
        if name is None:
            return None
        key = str(name).strip().lower()
        for shape in self.shapes.values():
            if key == shape.id or key in shape.aliases:
                return shape
        return None

    def default_ratio(self) -> Shape:
        """The default model's default shape."""
        return self.shapes[self.models[self.default_model].default_ratio]

    def aspect_ratio_for(self, orientation: str | None, model: Model | None = None) -> Shape | None:
        """The shape an image of this orientation gives a video: among the model's shapes when given,
        the one whose orientation matches (16:9 before 4:3, in the model's order)."""
        ids = model.ratios if model is not None else tuple(self.shapes)
        return next((self.shapes[i] for i in ids if self.shapes[i].orientation == orientation), None)

    def nearest_shape(self, width: int, height: int, model: Model) -> Shape | None:
        """The shape closest to a picture's own ratio (what an image-led video will look like): among every shape
        when the image sets the video's shape (the model's listed ratios are then only its field's values: a
        portrait picture on Hailuo is "about Portrait 9:16", not "about Landscape 16:9"), else among the model's."""
        ratio = width / height
        ids = self.shapes if model.images.ratio_rule == "image" else model.ratios
        shapes = [self.shapes[i] for i in ids if self.shapes[i].ratio is not None]
        return min(shapes, key=lambda s: abs(float(s.ratio or 1) / ratio - 1), default=None)

    def frame(self, model: Model, aspect_ratio: str | None, resolution: str | None) -> tuple[int, int] | None:
        """The video's pixel size for a shape and a resolution (None when the shape is adaptive)."""
        shape = self.aspect_ratio(aspect_ratio) or self.shapes[model.default_ratio]
        return model.tier(resolution).size(shape)

    def aspect_ratio_names(self) -> list[str]:
        names: list[str] = []
        for shape in self.shapes.values():
            names += [shape.id, *shape.aliases]
        return names
