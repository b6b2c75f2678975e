"""Money up front: what the page says before a submit costs more than the account holds."""


def test_a_request_dearer_than_the_balance_is_warned_with_both_figures(app, live):
    live.state.start_balance = 1.0
    at = app()
    at.selectbox(key="model").set_value("sora-2-pro-preview").run()
    at.radio(key="duration").set_value(12).run()
    at.radio(key="resolution").set_value("high").run()
    at.text_area(key="prompt").input("a kite").run()
    warning = [w.value for w in at.warning if "left on the account" in w.value]
    assert warning and "$4.80" in warning[0] and "$1.00" in warning[0]
    at.radio(key="duration").set_value(4).run()
    at.radio(key="resolution").set_value("standard").run()
    assert not [w for w in at.warning if "left on the account" in w.value]  # $0.96 fits
