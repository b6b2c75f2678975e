"""A database that cannot be reached is said plainly, with what to do, and its password never shown."""

import socket


def test_a_database_that_cannot_be_reached_is_said_plainly_on_the_page_and_the_command_line(data_dir, monkeypatch):
    from streamlit.testing.v1 import AppTest

    from tests.app.conftest import APP
    from tests.cli_runner import run

    with socket.socket() as probe:  # a loopback port where nothing listens
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"postgresql://studio:s3cret-pw@127.0.0.1:{port}/videos"
    monkeypatch.setenv("VIDEOGEN_DATABASE_URL", url)
    at = AppTest.from_file(APP, default_timeout=30).run()
    assert not at.exception
    shown = " ".join(e.value for e in at.error)
    assert "cannot be opened" in shown and "VIDEOGEN_DATABASE_URL" in shown and "s3cret-pw" not in shown
    rc, out, err = run("history", env={"VIDEOGEN_DATABASE_URL": url})
    assert rc != 0 and "Traceback" not in err and "cannot be opened" in err and "s3cret-pw" not in out + err
