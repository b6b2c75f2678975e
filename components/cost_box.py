"""The cost estimate of the request, and what this session has spent so far."""

from __future__ import annotations

import streamlit as st

from videogen.catalog import Model


def show(
    model: Model, duration: int, resolution: str | None, today: tuple[float, float], *, simulated: bool, key: str
) -> float:
    price = model.price(resolution)
    estimate = model.estimate(duration, resolution)
    estimated, billed = today
    st.metric(
        "Estimated cost",
        f"${estimate:.2f}",
        help="An estimate: the provider publishes no official per-second price. A task that fails is refunded.",
    )
    note = " Simulated: the sandbox charges nothing." if simulated else ""
    st.caption(
        f"Estimate: {duration} s x ${price:.2f}/s. Today so far: ${estimated:.2f} estimated, "
        f"${billed:.2f} billed.{note}"
    )
    return estimate
