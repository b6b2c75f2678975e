"""Reading the catalogue: the built-in TOML files, then a user's own files over them, each checked at load
with errors that name the file and the model; a broken user copy falls back to the built-in one."""

from __future__ import annotations

import time
import tomllib
from dataclasses import replace
from fractions import Fraction
from functools import lru_cache
from pathlib import Path

from videogen.catalog.catalog import Catalog
from videogen.catalog.schema import (
    OPTION_KINDS,
    RATIO_RULES,
    ROLES,
    Extension,
    ImageRules,
    Images,
    MediaRules,
    Model,
    MultiShot,
    Option,
    Rule,
    Shape,
    Tier,
)

BUILTIN_DIR = Path(__file__).resolve().parent.parent / "models"
SHAPES_FILE = "_shapes.toml"
USER_FILE_NAME = "models.toml"  # a single file of [[models]] in the data folder
USER_DIR_NAME = "models"  # or a folder of family files, like the built-in one


class CatalogError(ValueError):
    """The catalogue data is not usable; the message names the file and the model."""


def _shapes(raw: dict, where: Path) -> dict[str, Shape]:
    shapes = {}
    for sid, s in raw.get("ratios", {}).items():
        parts = s.get("ratio", [])
        if parts and (len(parts) != 2 or min(parts) <= 0):
            raise CatalogError(f"{where}: shape {sid!r}: ratio must be two positive numbers like [16, 9]")
        aliases = tuple(str(a).lower() for a in s.get("aliases", ()))
        shapes[sid] = Shape(sid, s.get("label", sid), Fraction(*parts) if parts else None, aliases)
    return shapes


def _image_rules(raw: dict, base: ImageRules) -> ImageRules:
    known = {"formats", "max_bytes", "max_pixels", "min_side", "max_side", "min_ratio", "max_ratio"}
    values: dict = {k: (tuple(v) if k == "formats" else v) for k, v in raw.items() if k in known}
    return replace(base, **values)


def _images(raw: dict, rules: ImageRules, where: str) -> Images:
    roles = {str(k): int(v) for k, v in raw.get("roles", {}).items()}
    for role in roles:
        if role not in ROLES:
            raise CatalogError(f"{where}: images: unknown role {role!r} (roles: {', '.join(ROLES)})")
    wire = raw.get("wire", "fields" if raw.get("fields") else "image_urls")
    if wire not in ("image_urls", "fields", "roles"):
        raise CatalogError(f"{where}: images: wire must be image_urls, fields or roles")
    fields = dict(raw.get("fields", {}))
    if wire == "fields" and set(roles) - set(fields):
        raise CatalogError(
            f"{where}: images: every role needs its field ({', '.join(sorted(set(roles) - set(fields)))})"
        )
    rule = raw.get("ratio_rule", "keep")
    if rule not in RATIO_RULES:
        raise CatalogError(f"{where}: images: ratio_rule must be one of {', '.join(RATIO_RULES)}")
    return Images(
        roles=roles,
        wire=wire,
        fields=fields,
        role_names=dict(raw.get("role_names", {})),
        type_field=raw.get("type_field"),
        type_values=dict(raw.get("type_values", {})),
        ratio_rule=rule,
        required=bool(raw.get("required", False)),
        exclusive=bool(raw.get("exclusive", False)),
        only_first=bool(raw.get("only_first", False)),
        counts={k: tuple(int(n) for n in v) for k, v in raw.get("counts", {}).items()},
        rules=_image_rules(raw, rules),
    )


def _tier(raw: dict, shapes: dict[str, Shape], where: str) -> Tier:
    sizes = {}
    for sid, pair in raw.get("sizes", {}).items():
        if sid not in shapes or len(pair) != 2:
            raise CatalogError(f"{where}: tier {raw.get('id')!r}: sizes must be shape = [width, height]")
        sizes[sid] = (int(pair[0]), int(pair[1]))
    tier = Tier(
        id=str(raw["id"]),
        label=str(raw.get("label", raw["id"])),
        # Unsaid, the short side is the documented sizes' smallest (720 for 1280x720, 960x960, 1088x832): a
        # tier is known by its pixels when carried to another model or sized in an image's own shape.
        short_side=raw.get("short_side") or (min(min(pair) for pair in sizes.values()) if sizes else None),
        sizes=sizes,
        per_second=raw.get("per_second"),
        per_second_audio=raw.get("per_second_audio"),
        per_call=raw.get("per_call"),
        per_call_by_duration={int(k): float(v) for k, v in raw.get("per_call_by_duration", {}).items()},
    )
    if tier.per_second is None and tier.per_call is None and not tier.per_call_by_duration:
        raise CatalogError(f"{where}: tier {tier.id!r} has no price (per_second, per_call or per_call_by_duration)")
    return tier


def _option(raw: dict, where: str) -> Option:
    kind = raw.get("kind")
    if kind not in OPTION_KINDS:
        raise CatalogError(f"{where}: option {raw.get('field')!r}: kind must be one of {', '.join(OPTION_KINDS)}")
    option = Option(
        field=str(raw["field"]),
        kind=kind,
        label=str(raw.get("label", raw["field"])),
        default=raw.get("default"),
        choices=tuple(raw.get("choices", ())),
        labels=dict(raw.get("labels", {})),
        minimum=raw.get("min"),
        maximum=raw.get("max"),
        max_length=raw.get("max_length"),
        help=raw.get("help"),
        audio=bool(raw.get("audio", False)),
    )
    if kind == "choice" and not option.choices:
        raise CatalogError(f"{where}: option {option.field!r}: a choice needs choices")
    return option


def _listed(value) -> tuple:
    return tuple(value) if isinstance(value, list) else (value,)


def _model(raw: dict, family: dict, shapes: dict[str, Shape], rules: ImageRules, source: Path) -> Model:
    where = f"{source.name} model {raw.get('id', '?')!r}"
    duration = raw["duration"]
    if "range" in duration:
        low, high = (int(n) for n in duration["range"])
        durations, is_range = tuple(range(low, high + 1)), True
    else:
        durations, is_range = tuple(int(n) for n in duration["values"]), False
    default_duration = int(duration.get("default", durations[0]))
    if default_duration not in durations:
        raise CatalogError(f"{where}: default_duration {default_duration} is not one of its durations")
    ratio = raw.get("ratio")
    if ratio is not None:
        ratios, ratio_field = tuple(ratio["values"]), ratio.get("field", "aspect_ratio")
        default_ratio, wire = ratio.get("default", ratios[0]), dict(ratio.get("wire", {}))
    else:  # no shape field: the one shape it makes
        ratios, ratio_field, wire = (raw.get("shape", "16:9"),), None, {}
        default_ratio = ratios[0]
    unknown = [r for r in ratios if r not in shapes]
    if unknown:
        raise CatalogError(f"{where}: unknown shape(s) {', '.join(unknown)} (known: {', '.join(shapes)})")
    if default_ratio not in ratios:
        raise CatalogError(f"{where}: default ratio {default_ratio!r} is not one of its shapes")
    tiers = tuple(_tier(t, shapes, where) for t in raw["tiers"])
    resolution = raw.get("resolution")
    default_tier = (resolution or {}).get("default", tiers[0].id)
    if default_tier not in {t.id for t in tiers}:
        raise CatalogError(f"{where}: default resolution {default_tier!r} is not one of its tiers")
    prompt = raw.get("prompt", {})
    required = prompt.get("required", True)
    options = tuple(_option(o, where) for o in raw.get("options", ()))
    model = Model(
        id=str(raw["id"]),
        family=str(family.get("family", source.stem)),
        name=str(raw.get("name", raw["id"])),
        blurb=str(raw.get("blurb", "")),
        durations=durations,
        default_duration=default_duration,
        duration_is_range=is_range,
        ratios=ratios,
        default_ratio=default_ratio,
        ratio_field=ratio_field,
        ratio_wire=wire,
        tiers=tiers,
        default_tier=default_tier,
        resolution_field=(resolution or {}).get("field", "resolution") if resolution is not None else None,
        images=_images(raw.get("images", {}), rules, where),
        options=options,
        rules=tuple(
            Rule(
                {k: _listed(v) for k, v in r["when"].items()},
                {k: _listed(v) for k, v in r["allow"].items()},
                str(r.get("why", "")),
            )
            for r in raw.get("rules", ())
        ),
        prompt_required="always" if required is True else "never" if required is False else str(required),
        prompt_max=prompt.get("max"),
        status=str(raw.get("status", "active")),
        replacement=raw.get("replacement"),
        doc=raw.get("doc"),
        link_hours=int(raw.get("link_hours", 24)),
        billing=str(raw.get("billing", "second")),
        prices_taken=family.get("prices_taken"),
        source=source,
        aliases=tuple(str(a) for a in raw.get("aliases", ())),
        settled_later=bool(raw.get("settled_later", False)),
        like=raw.get("like"),
        extend=_extension(raw.get("extend"), where),
        multi_shot=_multi_shot(raw.get("shots"), where),
        videos=_media(raw.get("videos"), where, "videos"),
        sounds=_media(raw.get("sounds"), where, "sounds"),
        duration_field=None if duration.get("field", "duration") is False else str(duration.get("field", "duration")),
    )
    if model.prompt_required not in ("always", "never", "without_images", "without_first_frame"):
        raise CatalogError(f"{where}: prompt.required must be true, false, without_images or without_first_frame")
    if model.billing not in ("second", "call"):
        raise CatalogError(f"{where}: billing must be second or call")
    for name, media in (("videos", model.videos), ("sounds", model.sounds)):
        strange = sorted(set(media.rates) - {t.id for t in model.tiers}) if media else []
        strange += sorted({r for roles in media.without.values() for r in roles} - set(ROLES)) if media else []
        if strange:
            raise CatalogError(f"{where}: {name} names {', '.join(strange)}: not its tiers or image roles")
    return model


MEDIA_KEYS = {
    "roles",
    "fields",
    "required",
    "bills",
    "formats",
    "codecs",
    "seconds",
    "total_seconds",
    "sides",
    "short_side",
    "ratio",
    "fps",
    "max_bytes",
    "bills_max",
    "adds",
    "rates",
    "without",
    "needs",
    "drops",
    "items",
}


def _media(raw: dict | None, where: str, name: str) -> MediaRules | None:
    if raw is None:
        return None
    unknown = sorted(set(raw) - MEDIA_KEYS)
    if unknown or not isinstance(raw.get("roles"), dict) or not raw["roles"]:
        raise CatalogError(f"{where}: {name} needs `roles` and knows only {', '.join(sorted(MEDIA_KEYS))}")

    def pair(key: str, kind=float):
        value = raw.get(key)
        if value is None:
            return None
        if not isinstance(value, list) or len(value) != 2:
            raise CatalogError(f"{where}: {name}.{key} must be [low, high]")
        return kind(value[0]), kind(value[1])

    rules = MediaRules(
        roles={str(k): int(v) for k, v in raw["roles"].items()},
        formats=tuple(str(f) for f in raw.get("formats", ())),
        codecs=tuple(str(c) for c in raw.get("codecs", ())),
        seconds=pair("seconds"),
        total_seconds=pair("total_seconds"),
        sides=pair("sides", int),
        short_side=pair("short_side", int),
        ratio=pair("ratio"),
        fps=pair("fps"),
        max_bytes=int(raw["max_bytes"]) if raw.get("max_bytes") is not None else None,
        fields={str(k): str(v) for k, v in raw.get("fields", {}).items()},
        required=tuple(str(r) for r in raw.get("required", ())),
        bills=str(raw["bills"]) if raw.get("bills") else None,
        bills_max=float(raw["bills_max"]) if raw.get("bills_max") is not None else None,
        adds=str(raw["adds"]) if raw.get("adds") else None,
        rates={str(k): float(v) for k, v in raw.get("rates", {}).items()},
        without={str(k): tuple(str(r) for r in v) for k, v in raw.get("without", {}).items()},
        needs=tuple(str(r) for r in raw.get("needs", ())),
        drops=tuple(str(f) for f in raw.get("drops", ())),
        items={str(k): str(v) for k, v in raw.get("items", {}).items()},
    )
    named = {*rules.fields, *rules.required, *rules.items, *rules.without, *(r for r in (rules.bills, rules.adds) if r)}
    wrong = sorted(named - set(rules.roles))
    if wrong:
        raise CatalogError(f"{where}: {name} names role(s) {', '.join(wrong)} not in its roles")
    return rules


def _extension(raw: dict | None, where: str) -> Extension | None:
    if raw is None:
        return None
    if raw.get("via") != "remix":
        raise CatalogError(f"{where}: extend.via must be remix (the only native extension documented)")
    return Extension("remix", int(raw["seconds"]), {str(k): float(v) for k, v in raw.get("per_call", {}).items()})


def _multi_shot(raw: dict | None, where: str) -> MultiShot | None:
    if raw is None:
        return None
    try:
        shots = MultiShot(int(raw["max"]), int(raw["prompt_max"]), int(raw.get("min_seconds", 1)))
    except (KeyError, TypeError, ValueError):
        raise CatalogError(
            f"{where}: shots needs whole numbers `max` and `prompt_max` (and may give min_seconds)"
        ) from None
    if shots.max_shots < 2 or shots.min_seconds < 1:
        raise CatalogError(f"{where}: shots.max must be at least 2 and shots.min_seconds at least 1")
    return shots


def _read(path: Path) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise CatalogError(f"{path}: cannot be read as TOML ({exc})") from exc


def _models(raw: dict, shapes: dict[str, Shape], rules: ImageRules, source: Path) -> list[Model]:
    found = []
    for entry in raw.get("models", ()):
        try:
            found.append(_model(entry, raw, shapes, rules, source))
        except CatalogError:
            raise
        except (KeyError, TypeError, ValueError, IndexError, AttributeError) as exc:
            model_id = entry.get("id", "?") if isinstance(entry, dict) else "?"
            raise CatalogError(
                f"{source.name} model {model_id!r}: {type(exc).__name__}: {exc} (see videogen/models/README.md)"
            ) from exc
    return found


def parse_files(paths: list[Path], shapes_file: Path) -> Catalog:
    """The catalogue from a shapes file and family files; later files replace earlier models by id."""
    common = _read(shapes_file)
    shapes = _shapes(common, shapes_file)
    rules = _image_rules(common.get("images", {}), ImageRules())
    models: dict[str, Model] = {}
    default = common.get("default_model")
    for path in paths:
        raw = _read(path)
        for model in _models(raw, shapes, rules, path):
            models[model.id] = model
        default = raw.get("default_model", default)
    if not models:
        raise CatalogError(f"{shapes_file.parent}: no model is described")
    for model in models.values():
        if model.replacement and model.replacement not in models:
            raise CatalogError(f"{model.source}: model {model.id!r}: replacement {model.replacement!r} is not a model")
    if default not in models or models[default].retired:  # new forms never open on a retired model
        default = next((m.id for m in models.values() if not m.retired), next(iter(models)))
    widest = replace(
        rules,
        max_bytes=max(m.images.rules.max_bytes for m in models.values()),
        max_pixels=max(m.images.rules.max_pixels for m in models.values()),
    )
    return Catalog(models, default, shapes, widest, paths[-1] if paths else shapes_file)


@lru_cache(maxsize=4)
def _ordered(stamp: tuple[int, int]) -> tuple[Path, ...]:
    order = _read(BUILTIN_DIR / SHAPES_FILE).get("families", [])
    files = sorted(p for p in BUILTIN_DIR.glob("*.toml") if p.name != SHAPES_FILE)
    return tuple(sorted(files, key=lambda p: order.index(p.stem) if p.stem in order else len(order)))


def builtin_files() -> list[Path]:
    """The family files, in the order the shapes file names them (listed again only when the folder or
    the shapes file changes: this runs on every page run)."""
    return list(_ordered((BUILTIN_DIR.stat().st_mtime_ns, (BUILTIN_DIR / SHAPES_FILE).stat().st_mtime_ns)))


def user_files(data_dir: Path | None) -> list[Path]:
    if data_dir is None:
        return []
    files = sorted((data_dir / USER_DIR_NAME).glob("*.toml")) if (data_dir / USER_DIR_NAME).is_dir() else []
    single = data_dir / USER_FILE_NAME
    return files + ([single] if single.is_file() else [])


@lru_cache(maxsize=8)
def _load(paths: tuple[Path, ...], stamps: tuple[int, ...]) -> Catalog:
    builtin = builtin_files()
    extra = [p for p in paths if p not in builtin]
    try:
        return parse_files(builtin + extra, BUILTIN_DIR / SHAPES_FILE)
    except CatalogError as error:
        if not extra:
            raise
        fallback = parse_files(builtin, BUILTIN_DIR / SHAPES_FILE)
        return replace(fallback, warning=f"Your model catalogue was not used, the built-in one is: {error}")


RECHECK_SECONDS = 1.0  # the files are looked at again at most this often (a page run asks for the catalogue often)
_checked: dict[Path | None, tuple[float, Catalog]] = {}


def load(data_dir: Path | None = None) -> Catalog:
    """The built-in catalogue with the data folder's own files over it (`models.toml`, or a `models/`
    folder of family files): a model there replaces the built-in one of the same id or adds one. Read
    again when a file changes (seen within a second); a broken user file leaves the built-in catalogue, with a
    `warning`."""
    now = time.monotonic()
    kept = _checked.get(data_dir)
    if kept is not None and now - kept[0] < RECHECK_SECONDS:
        return kept[1]
    paths = tuple(builtin_files() + user_files(data_dir))
    stamps = tuple(p.stat().st_mtime_ns for p in paths)
    catalog = _load(paths, stamps)
    if len(_checked) > 32:
        _checked.clear()
    _checked[data_dir] = (now, catalog)
    return catalog


def builtin() -> Catalog:
    return load(None)
