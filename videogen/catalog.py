"""The models and what they accept, as data loaded from TOML (built-in default, user-editable copy)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache
from pathlib import Path

BUILTIN_FILE = Path(__file__).with_name("models.toml")
USER_FILE_NAME = "models.toml"


class CatalogError(ValueError):
    """The catalogue file is not usable; the message names the file and the entry."""


@dataclass(frozen=True)
class AspectRatio:
    id: str
    label: str
    ratio: Fraction
    aliases: tuple[str, ...]

    @property
    def orientation(self) -> str:
        return "landscape" if self.ratio > 1 else "portrait" if self.ratio < 1 else "square"


@dataclass(frozen=True)
class Resolution:
    id: str
    label: str
    price_per_second: float
    sizes: dict[str, tuple[int, int]]


@dataclass(frozen=True)
class Model:
    id: str
    name: str
    description: str
    durations: tuple[int, ...]
    default_duration: int
    default_aspect_ratio: str
    # Empty when the API takes no `resolution` field for this model.
    resolutions: tuple[Resolution, ...]
    default_resolution: str | None
    price_per_second: float | None
    sizes: dict[str, tuple[int, int]]

    @property
    def resolution_ids(self) -> tuple[str, ...]:
        return tuple(r.id for r in self.resolutions)

    def resolution(self, resolution_id: str | None) -> Resolution | None:
        if not self.resolutions:
            return None
        wanted = resolution_id or self.default_resolution
        return next((r for r in self.resolutions if r.id == wanted), None)

    def size(self, aspect_ratio: str, resolution_id: str | None = None) -> tuple[int, int]:
        tier = self.resolution(resolution_id)
        return (tier.sizes if tier else self.sizes)[aspect_ratio]

    def price(self, resolution_id: str | None = None) -> float:
        tier = self.resolution(resolution_id)
        return tier.price_per_second if tier else float(self.price_per_second or 0.0)

    def estimate(self, duration: int, resolution_id: str | None = None) -> float:
        """Estimated cost in dollars: seconds x price per second."""
        return round(duration * self.price(resolution_id), 4)


@dataclass(frozen=True)
class ReferenceLimits:
    max_bytes: int
    max_pixels: int
    formats: tuple[str, ...]


@dataclass(frozen=True)
class Catalog:
    models: dict[str, Model]
    default_model: str
    aspect_ratios: dict[str, AspectRatio]
    reference: ReferenceLimits
    source: Path

    def model(self, model_id: str) -> Model | None:
        return self.models.get(model_id)

    def aspect_ratio(self, name: str | None) -> AspectRatio | None:
        """The canonical aspect ratio for an id or an alias (`16:9` -> landscape)."""
        if name is None:
            return None
        key = str(name).strip().lower()
        for ratio in self.aspect_ratios.values():
            if key == ratio.id or key in ratio.aliases:
                return ratio
        return None

    def default_ratio(self) -> AspectRatio:
        """The default model's default aspect ratio."""
        ratio = self.aspect_ratio(self.models[self.default_model].default_aspect_ratio)
        return ratio if ratio is not None else next(iter(self.aspect_ratios.values()))

    def aspect_ratio_for(self, orientation: str | None) -> AspectRatio | None:
        """The aspect ratio of an orientation (a portrait image gives the video Portrait 9:16)."""
        return next((r for r in self.aspect_ratios.values() if r.orientation == orientation), None)

    def aspect_ratio_names(self) -> list[str]:
        names = []
        for ratio in self.aspect_ratios.values():
            names += [ratio.id, *ratio.aliases]
        return names


def _sizes(raw: dict, where: str) -> dict[str, tuple[int, int]]:
    try:
        return {name: (int(w), int(h)) for name, (w, h) in raw.items()}
    except (TypeError, ValueError) as exc:
        raise CatalogError(f"{where}: sizes must be pairs like landscape = [1280, 720]") from exc


def parse(text: str, source: Path) -> Catalog:
    try:
        raw = tomllib.loads(text)
        ratios = {
            rid: AspectRatio(rid, r["label"], Fraction(*r["ratio"]), tuple(a.lower() for a in r.get("aliases", ())))
            for rid, r in raw["aspect_ratios"].items()
        }
        models = {}
        for m in raw["models"]:
            where = f"{source} model {m.get('id', '?')!r}"
            resolutions = tuple(
                Resolution(r["id"], r["label"], float(r["price_per_second"]), _sizes(r["sizes"], where))
                for r in m.get("resolutions", ())
            )
            model = Model(
                id=m["id"],
                name=m.get("name", m["id"]),
                description=m.get("description", ""),
                durations=tuple(int(d) for d in m["durations"]),
                default_duration=int(m.get("default_duration", m["durations"][0])),
                default_aspect_ratio=m.get("default_aspect_ratio", next(iter(ratios))),
                resolutions=resolutions,
                default_resolution=m.get("default_resolution", resolutions[0].id if resolutions else None),
                price_per_second=float(m["price_per_second"]) if "price_per_second" in m else None,
                sizes=_sizes(m.get("sizes", {}), where),
            )
            if model.default_duration not in model.durations:
                raise CatalogError(f"{where}: default_duration is not one of durations")
            if not resolutions and (model.price_per_second is None or set(model.sizes) != set(ratios)):
                raise CatalogError(f"{where}: needs price_per_second and sizes for every aspect ratio")
            if resolutions and model.default_resolution not in model.resolution_ids:
                raise CatalogError(f"{where}: default_resolution is not one of its resolutions")
            models[model.id] = model
        ref = raw["reference"]
        catalog = Catalog(
            models=models,
            default_model=raw.get("default_model", next(iter(models))),
            aspect_ratios=ratios,
            reference=ReferenceLimits(int(ref["max_bytes"]), int(ref["max_pixels"]), tuple(ref["formats"])),
            source=source,
        )
    except CatalogError:
        raise
    except (tomllib.TOMLDecodeError, KeyError, TypeError, ValueError, IndexError, StopIteration) as exc:
        raise CatalogError(f"{source}: cannot read the model catalogue ({type(exc).__name__}: {exc})") from exc
    if catalog.default_model not in models:
        raise CatalogError(f"{source}: default_model {catalog.default_model!r} is not a listed model")
    return catalog


@lru_cache(maxsize=8)
def _load_file(path: Path, mtime_ns: int) -> Catalog:
    return parse(path.read_text(encoding="utf-8"), path)


def load(data_dir: Path | None = None) -> Catalog:
    """The user's `models.toml` in the data folder when there is one, else the built-in default."""
    path = BUILTIN_FILE
    if data_dir is not None and (data_dir / USER_FILE_NAME).is_file():
        path = data_dir / USER_FILE_NAME
    return _load_file(path, path.stat().st_mtime_ns)


def builtin() -> Catalog:
    return load(None)
