"""A model's input as a JSON Schema (what `GET /v1/model-schema` answers), and the differences between the
catalogue and the provider's live schema, named field by field so the data can be mended."""

from __future__ import annotations

from videogen.catalog.schema import Model, Option
from videogen.i18n import render

COMPARED = ("type", "enum", "minimum", "maximum", "maxLength", "maxItems")


def _option(option: Option) -> dict:
    if option.kind == "bool":
        return {"type": "boolean", **({"default": option.default} if option.default is not None else {})}
    if option.kind == "choice":
        return {"type": "string", "enum": list(option.choices), "default": option.default}
    if option.kind == "int":
        found: dict = {"type": "integer"}
        if option.minimum is not None:
            found["minimum"] = option.minimum
        if option.maximum is not None:
            found["maximum"] = option.maximum
        return found
    if option.kind == "url":
        return {"type": "string", "format": "uri"}
    return {"type": "string", **({"maxLength": option.max_length} if option.max_length else {})}


def _images(model: Model) -> dict:
    spec = model.images
    if not spec.roles:
        return {}
    url = {"type": "string", "format": "uri"}
    total = sum(1 if role != "reference" else n for role, n in spec.roles.items())
    found: dict = {}
    if spec.type_field:
        found[spec.type_field] = {"type": "string", "enum": sorted(spec.type_values.values())}
    if spec.wire == "image_urls":
        found["image_urls"] = {"type": "array", "items": url, "maxItems": total}
    elif spec.wire == "fields":
        for role, name in spec.fields.items():
            many = spec.roles.get(role, 1) > 1
            found[name] = {"type": "array", "items": url, "maxItems": spec.roles[role]} if many else url
    else:
        roles = sorted(spec.role_names.get(r, r) for r in spec.roles)
        item = {"type": "object", "properties": {"url": url, "role": {"type": "string", "enum": roles}}}
        found["image_with_roles"] = {"type": "array", "items": item, "maxItems": total}
    return found


def input_schema(model: Model) -> dict:
    """The model's fields as the catalogue describes them, in the shape of the provider's schema endpoint."""
    properties: dict = {"model": {"type": "string", "enum": [model.id]}}
    properties["prompt"] = {"type": "string", **({"maxLength": model.prompt_max} if model.prompt_max else {})}
    if model.duration_is_range:
        properties["duration"] = {"type": "integer", "minimum": model.durations[0], "maximum": model.durations[-1]}
    else:
        properties["duration"] = {"type": "integer", "enum": list(model.durations)}
    properties["duration"]["default"] = model.default_duration
    if model.ratio_field:
        values = [model.ratio_wire.get(r, r) for r in model.ratios]
        properties[model.ratio_field] = {"type": "string", "enum": values, "default": model.default_ratio}
    if model.resolution_field:
        properties[model.resolution_field] = {
            "type": "string",
            "enum": [t.id for t in model.tiers],
            "default": model.default_tier,
        }
    properties.update(_images(model))
    for option in model.options:
        properties[option.field] = _option(option)
    required = ["model"] + (["prompt"] if model.prompt_required == "always" else [])
    return {
        "model": model.id,
        "operation": "video_generation",
        "endpoint": "/v1/videos/generations",
        "input_schema": {"type": "object", "properties": properties, "required": required},
    }


def _words(value) -> str:
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def differences(model: Model, live: dict) -> list[str]:
    """Every difference between the catalogue's description of a model and the provider's live schema:
    a field on one side only, or a type, a set of values or a limit that differs (in the process's language)."""
    ours = input_schema(model)["input_schema"]["properties"]
    schema = live.get("input_schema") if isinstance(live, dict) else None
    theirs = schema.get("properties") if isinstance(schema, dict) else None
    if not isinstance(theirs, dict):
        return [render("models.no_input_schema", {"model": model.id})]
    found = []
    for name in sorted(set(theirs) - set(ours)):
        found.append(render("models.only_theirs", {"model": model.id, "field": name}))
    for name in sorted(set(ours) - set(theirs)):
        found.append(render("models.only_ours", {"model": model.id, "field": name}))
    for name in sorted(set(ours) & set(theirs)):
        mine, live_field = ours[name], theirs[name] if isinstance(theirs[name], dict) else {}
        for key in COMPARED:
            a, b = mine.get(key), live_field.get(key)
            if key == "enum" and a is not None and b is not None and sorted(map(str, a)) == sorted(map(str, b)):
                continue
            if b is not None and a != b:
                what = render("models.values") if key == "enum" else key
                ours_said = _words(a) if a is not None else render("models.none")
                said = {"model": model.id, "field": name, "what": what, "theirs": _words(b), "ours": ours_said}
                found.append(render("models.differs", said))
    return found
