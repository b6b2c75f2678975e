"""The catalogue against the provider: which models this key can use, which listed ones are not described
here yet, and how each model's live schema differs from its description (`models` and `models --check`)."""

from __future__ import annotations

from videogen.catalog import Catalog
from videogen.catalog.input_schema import differences
from videogen.i18n import render
from videogen.provider.errors import ApiError
from videogen.studio import Studio


def listing(catalog: Catalog, studio: Studio | None) -> tuple[list[dict], list[str]]:
    """Each model with its family, price and availability (`unknown` without a key), and notes."""
    notes: list[str] = []
    if studio is not None:
        studio.availability.refresh(studio.provider, force=True)
        if studio.availability.failed:
            notes.append(render("models.list_unreadable"))
    rows = []
    for model in catalog.models.values():
        if studio is None or studio.availability.failed:
            available = "unknown"
        else:
            usable = studio.availability.usable(model.id, retired=model.retired)
            available = "yes" if usable else "not available for this key"
        rows.append(
            {
                "family": model.family,
                "id": model.id,
                "name": model.name,
                "price": model.price_words(),
                "status": {"active": "current"}.get(model.status, model.status),
                "replacement": model.replacement,
                "available": available,
                "fields": [o.field for o in model.options],
            }
        )
    if studio is not None:
        for extra in studio.availability.undescribed(catalog):
            notes.append(render("models.undescribed", {"model": extra}))
    return rows, notes


def check_models(studio: Studio, catalog: Catalog, only: str | None = None) -> tuple[int, list[str]]:
    """(number of differences, lines to print): each model's live schema compared with its description."""
    lines: list[str] = []
    found = 0
    for model in catalog.models.values():
        if only and model.id != only:
            continue
        try:
            live = studio.provider.model_schema(model.id)
        except ApiError as error:
            found += 1
            lines.append(render("models.unreadable", {"model": model.id, "reason": error.message}))
            continue
        differing = differences(model, live)
        found += len(differing)
        lines += differing or [render("models.matches", {"model": model.id})]
    lines.append(render("models.differences", {"count": found}) if found else render("models.all_match"))
    return found, lines
