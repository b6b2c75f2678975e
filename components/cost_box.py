"""The cost estimate of the request (all its videos), the rule it comes from, and what has been spent today."""

from __future__ import annotations

import streamlit as st

from videogen.catalog import Model


def show(
    model: Model,
    duration: int,
    resolution: str | None,
    today: tuple[float, float],
    *,
    simulated: bool,
    options: dict | None = None,
    count: int = 1,
    key: str,
) -> float:
    """Shows the estimate of `count` videos of this request; returns their total."""
    price = model.price(duration, resolution, options)
    total = price.amount * count
    estimated, billed = today
    st.metric(
        "Estimated cost",
        f"${total:.2f}",
        help="An estimate from the provider's price list: the amount billed is shown on each task. A task that "
        "fails is refunded.",
    )
    note = " Simulated: the sandbox charges nothing." if simulated else ""
    taken = f" (prices of {model.prices_taken})" if model.prices_taken else ""
    each = f"{count} videos x ${price.amount:.2f} each. " if count > 1 else ""
    st.caption(
        f"{each}Estimate: {price.rule}{taken}. Today so far: ${estimated:.2f} estimated, ${billed:.2f} billed.{note}"
    )
    return total
