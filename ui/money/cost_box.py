"""The cost estimate of the request (all its videos), the rule it comes from, and what has been spent today."""

from __future__ import annotations

import streamlit as st

from ui.shell.language import current, t
from videogen import Model


def show(
    model: Model,
    duration: int,
    resolution: str | None,
    today: tuple[float, float],
    *,
    simulated: bool,
    options: dict | None = None,
    media: dict[str, float | None] | None = None,
    count: int = 1,
    others: float = 0.0,
    key: str,
) -> float:
    """Shows the estimate of `count` videos of this request (`media`: its video and sound inputs' seconds by role,
    which may be billed too) and `others` (the same request on other models); returns their total."""
    price = model.price(duration, resolution, options, media)
    total = price.amount * count + others  # the same request on other models ("Also send to") is paid too
    estimated, billed = today
    st.metric(
        t("ui.cost.metric"),
        f"${total:.2f}",
        help=t("ui.cost.help"),
    )
    note = t("ui.cost.simulated") if simulated else ""
    taken = t("ui.cost.taken", date=model.prices_taken) if model.prices_taken else ""
    each = t("ui.cost.each", count=count, each=price.amount) if count > 1 else ""
    st.caption(
        t(
            "ui.cost.line",
            each=each,
            rule=price.rule(current()),
            taken=taken,
            estimated=estimated,
            billed=billed,
            note=note,
        )
    )
    if model.settled_later:  # billed by tokens after the video: the estimate is the provider's own table
        st.caption(t("ui.cost.settled_later", model=model.name))
    return total
