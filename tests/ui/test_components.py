"""Each component alone, through `AppTest.from_function`: what it draws and what it returns, no page around it."""

from streamlit.testing.v1 import AppTest

from tests.app.conftest import page_text


def cost_box_page(duration, resolution, today, simulated):
    import streamlit as st

    from ui.money import cost_box
    from videogen import catalog

    model = catalog.builtin().models["sora-2-pro-preview"]
    st.session_state["estimate"] = cost_box.show(model, duration, resolution, today, simulated=simulated, key="cost")


def test_the_cost_box_shows_the_estimate_and_today(catalog):
    model = catalog.models["sora-2-pro-preview"]
    at = AppTest.from_function(cost_box_page, args=(8, "high", (1.5, 1.25), True)).run()
    expected = model.estimate(8, "high")
    assert expected == 3.2 and at.session_state["estimate"] == expected and at.metric[0].value == "$3.20"
    text = page_text(at)
    assert "8 s x $0.40/s at High" in text and "$1.50 estimated, $1.25 billed" in text and "Simulated" in text
    assert not at.exception


def request_form_page():
    import streamlit as st

    from ui.generate import request_form
    from videogen import catalog

    chosen = request_form.show(catalog.builtin(), key="request")
    st.session_state["chosen"] = (
        chosen.model.id,
        chosen.prompt,
        chosen.duration,
        chosen.aspect_ratio,
        chosen.resolution,
    )


def test_the_request_form_returns_what_is_chosen_and_resets_a_resolution_the_model_lacks():
    at = AppTest.from_function(request_form_page).run()
    assert at.session_state["chosen"][0] == "kling-v3-omni" and at.session_state["chosen"][4] == "std"
    at.selectbox(key="model").set_value("sora-2-preview").run()
    assert at.session_state["chosen"][4] is None
    at.selectbox(key="model").set_value("sora-2-pro-preview").run()
    at.radio(key="resolution").set_value("high").run()
    at.text_area(key="prompt").input("a heron at dawn").run()
    assert at.session_state["chosen"] == ("sora-2-pro-preview", "a heron at dawn", 4, "16:9", "high")
    assert "15 characters" in page_text(at)
    at.selectbox(key="model").set_value("sora-2-preview").run()
    assert at.session_state["chosen"][4] is None and at.radio(key="resolution").disabled
    assert not at.exception


def notice_page(kind, words):
    from ui.shell import notice

    notice.show((kind, words))


def test_a_notice_is_shown_in_its_kind():
    assert AppTest.from_function(notice_page, args=("error", "it broke")).run().error[0].value == "it broke"
    assert AppTest.from_function(notice_page, args=("success", "it worked")).run().success[0].value == "it worked"
    assert AppTest.from_function(notice_page, args=("info", "for you")).run().info[0].value == "for you"


def task_table_page(path):
    from ui.tasks import task_table
    from videogen.tasks.store import TaskStore

    task_table.show(TaskStore(path).listing.page(limit=10), key="tasks")


def test_the_task_table_lists_each_task_or_says_there_is_none(tmp_path, store):
    path = str(store.where)
    assert "No tasks yet." in page_text(AppTest.from_function(task_table_page, args=(path,)).run())
    store.add_task("task_01KG1Q38PBV1RJ2C033ZS9RYF7", model="sora-2-preview", prompt="a fox")
    at = AppTest.from_function(task_table_page, args=(path,)).run()
    table = at.dataframe[0].value
    assert list(table["Task id"]) == ["task_01KG1Q38PBV1RJ2C033ZS9RYF7"] and list(table["Status"]) == ["submitted"]
    assert not at.exception
