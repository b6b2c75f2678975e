"""A storyboard being composed: its shots, each with its model, prompt, length, shape and how it joins the shot
before; moved, duplicated, removed, added; the whole film priced and checked against the balance and the day's
cap, then run. Every change is kept as a draft at once (a reload keeps it).

Owns `{key}_{film}_name`, `{key}_{uid}_<field>` per shot, `{key}_add`, `{key}_run`, `{key}_budget_*`."""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from ui.money import budget_panel
from ui.shell import balance, language, people
from ui.shell.language import t, term
from videogen import (
    CONTINUE,
    CUT,
    EXTEND,
    Catalog,
    Film,
    FilmCheck,
    FilmNotReady,
    GenerationRequest,
    Model,
    Origin,
    OverBudget,
    Shot,
    Storyboard,
    Studio,
    one_call,
)


def first_shot(catalog: Catalog) -> Shot:
    model = catalog.models[catalog.default_model]
    return Shot(GenerationRequest(model.id, "", model.default_duration, model.default_ratio))


def show(studio: Studio, film: Film, *, session_id: str, key: str) -> bool:
    """Draws the editor; returns True when the film was started (the page shows its progress next)."""
    catalog = studio.catalog
    models = [m for m in catalog.models.values() if not m.retired]
    names = {m.id: m.name for m in models}
    joins = {CUT: t("ui.storyboard.join.cut"), CONTINUE: t("ui.storyboard.join.continue")}
    board = film.storyboard
    name = st.text_input(t("ui.storyboard.name"), value=board.name, key=f"{key}_{film.id}_name", max_chars=120)
    shots: list[Shot] = []
    feedback = []
    for index, shot in enumerate(board.shots):
        with st.container(border=True, key=f"{key}_{shot.uid}_shot"):  # a class browser tests find it by
            edited, action = _shot(catalog, shot, index, len(board.shots), names, joins, key=f"{key}_{shot.uid}")
            shots.append(edited)
            feedback.append(st.empty())
        if action is not None:
            whole = Storyboard(name, tuple(shots) + board.shots[index + 1 :], board.one_call)
            _apply(studio, film, whole, index, action)
    if st.button(t("ui.storyboard.add"), key=f"{key}_add", icon=":material/add:"):
        last = shots[-1] if shots else None
        added = (
            Shot(replace(last.request, prompt=""), CONTINUE)
            if last and _takes_first_frame(catalog, last.request.model)
            else None
        )
        _save(studio, film, Storyboard(name, (*shots, added or first_shot(catalog)), board.one_call))
    edited_board = Storyboard(name.strip() or t("ui.storyboard.untitled"), tuple(shots))
    call = one_call.fit(edited_board, catalog)
    edited_board = replace(edited_board, one_call=_one_call(catalog, edited_board, call, board.one_call, key=key))
    if edited_board != board:
        studio.films.table.save_draft(edited_board, _origin(studio, session_id), film.id)
    check = edited_board.check(catalog)
    for place, shot_check in zip(feedback, check.shots, strict=True):
        with place.container():
            _feedback(shot_check)
    if edited_board.one_call and not call.fits:  # the film cannot go as it is asked to: said, and not run
        check = replace(check, problems=check.problems + call.reasons)
    return _run(studio, film, check, session_id=session_id, key=key)


def _one_call(catalog: Catalog, board: Storyboard, call: one_call.OneCall, on: bool, *, key: str) -> bool:
    """Offered when the first shot's model makes several shots in one call: the switch, and what it does or why
    the shots do not fit it. Returns whether the film goes as one call."""
    model = catalog.model(board.shots[0].request.model) if board.shots else None
    if model is None or model.multi_shot is None or len(board.shots) < 2:
        return False
    chosen = st.toggle(
        t("ui.storyboard.one_call", model=model.name),
        value=on,
        key=f"{key}_one_call",
        help=t("ui.storyboard.one_call.help", limit=model.multi_shot.max_shots),
    )
    if call.valid is not None:
        seconds = call.valid.request.duration
        st.caption(t("ui.storyboard.one_call.fits", shots=len(board.shots), seconds=seconds))
    else:
        reasons = "  \n".join(note.text(language.current()) for note in call.reasons)
        (st.warning if chosen else st.caption)(t("ui.storyboard.one_call.not_fit", reasons=reasons))
    return bool(chosen)


def _takes_first_frame(catalog: Catalog, model_id: str) -> bool:
    model = catalog.model(model_id)
    return bool(model and model.images.takes("first_frame"))


def _shot(
    catalog: Catalog, shot: Shot, index: int, count: int, names: dict, joins: dict, *, key: str
) -> tuple[Shot, str | None]:
    """One shot's fields; returns the shot as edited and the button pressed (up, down, duplicate, remove)."""
    st.markdown(f"**{t('ui.storyboard.shot', n=index + 1)}**")
    request = shot.request
    model_id = request.model if request.model in names else next(iter(names))
    chosen = st.selectbox(
        t("ui.storyboard.model"),
        list(names),
        index=list(names).index(model_id),
        format_func=lambda i: names[i],
        key=f"{key}_model",
    )
    chosen = str(chosen)
    model = catalog.model(chosen)
    assert model is not None
    prompt = st.text_area(t("ui.storyboard.prompt"), value=request.prompt, key=f"{key}_prompt", height=80)
    join = CUT
    if index > 0:
        offered = [CUT, CONTINUE] + ([EXTEND] if model.extend is not None else [])
        words = dict(joins)
        if model.extend is not None:
            words[EXTEND] = t("ui.storyboard.join.extend", seconds=model.extend.seconds)
        if st.session_state.get(f"{key}_join", CUT) not in offered:  # another model: extend may be gone
            del st.session_state[f"{key}_join"]
        join = st.radio(
            t("ui.storyboard.join"),
            offered,
            index=offered.index(shot.join) if shot.join in offered else 0,
            format_func=lambda j: words[j],
            horizontal=True,
            key=f"{key}_join",
        )
    columns = st.columns(3)
    with columns[0]:
        if join == EXTEND and model.extend is not None:  # an extension's length is the model's own
            st.caption(t("ui.storyboard.join.extend", seconds=model.extend.seconds))
            duration = request.duration
        else:
            duration = _choice(
                t("ui.storyboard.duration"),
                _durations(model),
                request.duration,
                model.default_duration,
                key=f"{key}_duration",
            )
    with columns[1]:
        shape = (
            _choice(
                t("ui.storyboard.shape"), model.ratios, request.aspect_ratio, model.default_ratio, key=f"{key}_shape"
            )
            if model.available_shapes
            else None
        )
    with columns[2]:
        resolution = (
            _choice(
                t("ui.storyboard.resolution"),
                model.resolution_ids,
                request.resolution,
                model.default_resolution,
                key=f"{key}_resolution",
                words={tier.id: term(tier.label) for tier in model.resolutions},  # "Standard 720p", not "std"
            )
            if model.resolutions
            else None
        )
    options = request.options if chosen == request.model else ()
    edited = Shot(
        GenerationRequest(chosen, prompt, duration, shape, resolution, options=options, image_urls=request.image_urls),
        join,
        shot.uid,
    )
    action = None
    with st.container(horizontal=True):
        if st.button(t("ui.storyboard.up"), key=f"{key}_up", icon=":material/arrow_upward:", disabled=index == 0):
            action = "up"
        if st.button(
            t("ui.storyboard.down"), key=f"{key}_down", icon=":material/arrow_downward:", disabled=index == count - 1
        ):
            action = "down"
        if st.button(t("ui.storyboard.duplicate"), key=f"{key}_duplicate", icon=":material/content_copy:"):
            action = "duplicate"
        if st.button(t("ui.storyboard.remove"), key=f"{key}_remove", icon=":material/delete:"):
            action = "remove"
    return edited, action


def _durations(model: Model) -> list[int]:
    if model.duration_is_range and len(model.durations) == 2:
        low, high = model.durations
        return list(range(low, high + 1))
    return list(model.durations)


def _choice(label: str, options, current, default, *, key: str, words: dict | None = None):
    """A selectbox whose remembered value is dropped when the model no longer offers it (another model chosen);
    `words`: what each value is shown as (this run's language)."""
    options = list(options)
    if key in st.session_state and st.session_state[key] not in options:
        del st.session_state[key]
    value = current if current in options else default if default in options else options[0]
    shown = dict(words or {})
    return st.selectbox(label, options, index=options.index(value), key=key, format_func=lambda v: shown.get(v, str(v)))


def _apply(studio: Studio, film: Film, board: Storyboard, index: int, action: str) -> None:
    edits = {
        "up": lambda: board.moved(index, -1),
        "down": lambda: board.moved(index, 1),
        "duplicate": lambda: board.duplicated(index),
        "remove": lambda: board.removed(index),
    }
    _save(studio, film, edits[action]())


def _save(studio: Studio, film: Film, board: Storyboard) -> None:
    studio.films.table.save_draft(board, _origin(studio, None), film.id)
    st.rerun()


def _origin(studio: Studio, session_id: str | None) -> Origin:
    return Origin(session_id, "app", studio.sandbox, language.current(), people.current())


def _feedback(check) -> None:
    problems = [note.text(language.current()) for note in check.problems]
    if problems:
        st.error("\n\n".join(problems), icon=":material/block:")
    for note in check.notes:
        st.info(note.text(language.current()), icon=":material/aspect_ratio:")
    if check.valid is not None:
        st.caption(t("ui.storyboard.price", amount=check.estimate))


def _run(studio: Studio, film: Film, check: FilmCheck, *, session_id: str, key: str) -> bool:
    count = len(check.shots)
    st.subheader(t("ui.storyboard.total", shots=count, seconds=check.seconds, amount=check.total))
    blocked = budget_panel.show(studio, check.total, key=f"{key}_budget")
    left = balance.remaining(studio.base_url, studio.provider)
    if left is not None and check.total > left + 1e-9:
        st.error(
            t("ui.storyboard.over_balance", asked=check.total, left=left), icon=":material/account_balance_wallet:"
        )
        blocked = blocked or t("ui.storyboard.over_balance", asked=check.total, left=left)
    if not check.ready:
        st.caption(t("ui.storyboard.not_ready"))
    run = st.button(
        t("ui.storyboard.run"),
        key=f"{key}_run",
        type="primary",
        icon=":material/movie:",
        disabled=not check.ready or bool(blocked),
    )
    if not run:
        return False
    try:
        studio.films.start(film.id, budget=studio.budget(), origin=_origin(studio, session_id))
    except OverBudget as over:
        st.error(over.note.text(language.current()), icon=":material/block:")
        return False
    except FilmNotReady:
        st.error(t("ui.storyboard.not_ready"), icon=":material/block:")
        return False
    balance.refresh()
    return True
