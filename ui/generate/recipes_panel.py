"""Recipes on Generate: the request as it stands saved under a name; the saved ones listed, each to use again,
export as a file, or remove; and a recipe file, or a video made here (its MP4 carries its recipe), opened to fill
the form again. A damaged file, one from a newer version, or a video without a recipe is named, and nothing is
applied; a recipe whose model was retired offers its replacement.

Owns `{key}_open` (the folded section: opened, the book is read), `{key}_name`, `{key}_chosen`, `{key}_file` and
`{key}_toast`."""

from __future__ import annotations

import json
import re

import streamlit as st

from ui.shell import resources
from ui.shell.language import current, t
from ui.tasks import task_detail
from videogen import Attached, Catalog, Recipe, RecipeError, Studio, ValidRequest, comment_of, in_comment, read_recipe


def apply(studio: Studio, catalog: Catalog, recipe: Recipe, *, model: str | None = None) -> None:
    """Fill the form with the recipe (on `model` instead of its own: a retired model's replacement) and draw the
    page again (the form's widgets take values only before they are drawn)."""
    studio.keep_pictures(recipe)
    values = task_detail.settings_from_body(
        recipe.model, recipe.prompt, json.dumps(recipe.body), catalog, studio.kept_images, {}
    )
    if model is not None:
        values["model"] = model
    st.session_state[task_detail.NEXT_SHOT] = values
    st.session_state.pop(task_detail.REDO, None)
    st.rerun()


def _offer(studio: Studio, catalog: Catalog, recipe: Recipe, *, key: str) -> None:
    """One recipe's line and what can be done with it (its model retired: its replacement offered)."""
    model = catalog.model(recipe.model)
    if model is None:
        st.error(t("ui.recipe.unknown_model", model=recipe.model), icon=":material/block:")
        return
    st.caption(t("ui.recipe.line", model=model.name, prompt=recipe.prompt[:80]))
    if model.retired:
        replacement = catalog.model(model.replacement or "")
        if replacement is None:
            st.warning(t("ui.recipe.retired", model=model.name), icon=":material/warning:")
            return
        st.warning(
            t("ui.recipe.retired_use", model=model.name, replacement=replacement.name), icon=":material/warning:"
        )
        if st.button(t("ui.recipe.use_on", model=replacement.name), key=f"{key}_replaced"):
            apply(studio, catalog, recipe, model=replacement.id)
        return
    if st.button(t("ui.recipe.use"), key=f"{key}_use", type="primary"):
        apply(studio, catalog, recipe)


def _opened(data: bytes, name: str) -> Recipe:
    """The recipe in a dropped file: a recipe file, or a video made here."""
    if name.lower().endswith((".mp4", ".mov", ".m4v")):
        return in_comment(comment_of(data))
    return read_recipe(data)


def show(studio: Studio, catalog: Catalog, valid: ValidRequest | None, attached: Attached, *, key: str) -> None:
    book_of = resources.desk(studio).recipes
    toast = st.session_state.pop(f"{key}_toast", None)
    if toast:
        st.toast(toast, icon=":material/bookmark:")
    section = st.expander(t("ui.recipe.title"), icon=":material/bookmarks:", key=f"{key}_open", on_change="rerun")
    if not section.open:  # folded: the book is not read, nothing in it is drawn
        return
    with section:
        name = st.text_input(t("ui.recipe.name"), key=f"{key}_name", placeholder=t("ui.recipe.name_hint"))
        if st.button(t("ui.recipe.save"), key=f"{key}_save", disabled=valid is None or not name.strip()):
            assert valid is not None
            book_of.save(studio.recipe_of(name, valid, attached))
            st.session_state[f"{key}_toast"] = t("ui.recipe.saved", name=name.strip())
            st.rerun()
        if valid is None:
            st.caption(t("ui.recipe.incomplete"))
        book = {r.name: r for r in book_of.listed()}
        if book:
            chosen = st.selectbox(t("ui.recipe.list"), list(book), key=f"{key}_chosen")
            recipe = book.get(str(chosen))
            if recipe is not None:
                _offer(studio, catalog, recipe, key=f"{key}_book")
                left, right = st.columns(2)
                left.download_button(
                    t("ui.recipe.export"),
                    recipe.to_json(),
                    file_name=re.sub(r"[^\w-]+", "-", recipe.name).strip("-")[:60] + ".videogen.json",
                    mime="application/json",
                    key=f"{key}_export",
                )
                if right.button(t("ui.recipe.remove"), key=f"{key}_remove"):
                    book_of.remove(recipe.name)
                    st.rerun()
        dropped = st.file_uploader(t("ui.recipe.open"), type=["json", "mp4", "mov", "m4v"], key=f"{key}_file")
        if dropped is not None:
            try:
                found = _opened(dropped.getvalue(), dropped.name)
            except RecipeError as refused:
                st.error(
                    t("ui.recipe.refused", name=dropped.name, why=refused.note.text(current())), icon=":material/block:"
                )
                return
            _offer(studio, catalog, found, key=f"{key}_dropped")
            if st.button(t("ui.recipe.keep", name=found.name), key=f"{key}_keep"):
                studio.keep_pictures(found)
                book_of.save(found)
                st.session_state[f"{key}_toast"] = t("ui.recipe.saved", name=found.name)
                st.rerun()
