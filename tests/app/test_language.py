"""中文 / English: the sidebar switch, `?lang=`, and the pages' words from the message tables."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.app.conftest import APP, fill, page_text


def test_lang_in_the_url_opens_the_app_in_chinese_and_the_switch_goes_back(app, live):
    at = app(lang="zh")
    assert at.radio(key="lang").value == "zh" and at.radio(key="lang").label == "Language / 语言"
    at = fill(at)
    text = page_text(at)
    assert "生成视频" in text and "预估费用" in text and "视频数量" == at.number_input(key="count").label
    assert "Generate a video" not in text
    # AppTest keeps no sidebar after a rerun, so the switch is moved as its click would move it.
    at.session_state["lang"] = "en"
    at.run()
    assert "Generate a video" in page_text(at) and at.number_input(key="count").label == "Number of videos"
    assert at.text_area(key="prompt").value == "a red kite over green hills"  # nothing typed is lost


def test_the_switch_in_the_sidebar_changes_the_language(app, live):
    at = app()
    assert "Generate a video" in page_text(at)
    at.radio(key="lang").set_value("zh").run()
    assert "生成视频" in page_text(at)


def test_the_spending_page_in_chinese(app, live):
    at = app(lang="zh")
    at.switch_page("pages/spending.py")
    at.run()
    text = page_text(at)
    assert "花费" in text and "每日预算" in text and "账目" in text
    assert at.number_input(key="cap_value").label == "每日预算上限（美元）"


def test_english_is_the_default_without_a_browser_language(data_dir):
    at = AppTest.from_file(APP, default_timeout=30).run()
    assert at.radio(key="lang").value == "en" and "Generate a video" in page_text(at)
