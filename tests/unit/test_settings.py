import os
import time
from pathlib import Path

from videogen import settings


def test_environment_wins_and_a_missing_secrets_file_is_normal(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(settings, "SECRETS_FILES", (tmp_path / ".streamlit/secrets.toml",))
    monkeypatch.delenv("APIMART_API_KEY", raising=False)
    assert settings.api_key() is None and settings.base_url() == "https://api.apimart.ai"
    (tmp_path / ".streamlit").mkdir()
    secrets = tmp_path / ".streamlit/secrets.toml"
    secrets.write_text('APIMART_API_KEY = "from-file"\nAPIMART_BASE_URL = "http://127.0.0.1:9/"\n')
    assert settings.api_key() == "from-file" and settings.base_url() == "http://127.0.0.1:9"
    monkeypatch.setenv("APIMART_API_KEY", "from-env")
    assert settings.api_key() == "from-env"


def test_an_edited_secrets_file_is_read_again(tmp_path, monkeypatch):
    secrets = tmp_path / "secrets.toml"
    monkeypatch.setattr(settings, "SECRETS_FILES", (secrets,))
    monkeypatch.delenv("VIDEOGEN_ALLOW_PRIVATE_URLS", raising=False)
    secrets.write_text('VIDEOGEN_ALLOW_PRIVATE_URLS = "0"\n')
    assert settings.allow_private_urls() is False
    secrets.write_text('VIDEOGEN_ALLOW_PRIVATE_URLS = "1"\n')
    os.utime(secrets, ns=(1, 10**18))  # a new modification time, as an edit gives
    assert settings.allow_private_urls() is True


class Counted(type(Path())):  # a path that counts how often it is looked at
    looks = 0

    def stat(self, *args, **kwargs):
        Counted.looks += 1
        return super().stat(*args, **kwargs)


def test_a_running_app_looks_at_the_secrets_files_at_most_once_a_second(tmp_path, monkeypatch):
    secrets = Counted(tmp_path / "secrets.toml")
    secrets.write_text('APIMART_BASE_URL = "http://127.0.0.1:9"\n')
    monkeypatch.setattr(settings, "SECRETS_FILES", (secrets,))
    monkeypatch.setattr(settings, "LOOK_AGAIN", 0.3)
    monkeypatch.delenv("APIMART_BASE_URL", raising=False)
    Counted.looks = 0
    assert all(settings.base_url() == "http://127.0.0.1:9" for _ in range(30))  # a page run's settings
    assert Counted.looks == 1
    secrets.write_text('APIMART_BASE_URL = "http://127.0.0.1:8"\n')
    os.utime(secrets, ns=(1, 10**18))
    time.sleep(0.35)
    assert settings.base_url() == "http://127.0.0.1:8" and Counted.looks == 2  # an edit is seen a moment later


def test_broken_secrets_file_contributes_nothing(tmp_path, monkeypatch):
    secrets = tmp_path / "secrets.toml"
    secrets.write_text("this is [not toml")
    monkeypatch.setattr(settings, "SECRETS_FILES", (secrets,))
    monkeypatch.delenv("APIMART_API_KEY", raising=False)
    assert settings.api_key() is None


def test_the_sandbox_takes_as_long_as_configured_within_bounds(monkeypatch):
    monkeypatch.delenv("VIDEOGEN_SANDBOX_SECONDS", raising=False)
    assert settings.sandbox_seconds() == 15.0
    for given, expected in (("4", 4.0), ("0", 1.0), ("99999", 600.0), ("fast", 15.0)):
        monkeypatch.setenv("VIDEOGEN_SANDBOX_SECONDS", given)
        assert settings.sandbox_seconds() == expected
