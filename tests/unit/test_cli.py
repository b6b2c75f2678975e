import json
from pathlib import Path

import pytest

from tests import images
from tests.cli_runner import run
from tests.faultserver import serve_bytes

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    "fmt,size,ratio,code,warnings",
    [
        ("JPEG", (1280, 720), "landscape", 0, []),
        ("PNG", (720, 1280), "landscape", 0, ["aspect_override"]),
        ("WEBP", (1000, 1000), "9:16", 0, ["aspect_override"]),  # the default model makes square videos
        ("JPEG", (1600, 1200), "16:9", 0, ["ratio_not_exact"]),
        ("GIF", (1280, 720), None, 1, []),
    ],
)
def test_check_image_file(tmp_path, fmt, size, ratio, code, warnings):
    path = tmp_path / "img"
    path.write_bytes(images.make(fmt, size))
    args = ["check-image", str(path)] + (["--aspect-ratio", ratio] if ratio else [])
    rc, out, _ = run(*args)
    verdict = json.loads(out)
    assert rc == code and verdict["ok"] is (code == 0) and verdict["warnings"] == warnings
    assert {"ok", "format", "width", "height", "bytes", "orientation", "problems", "warnings"} <= set(verdict)


def test_check_image_exif_rotated(tmp_path):
    path = tmp_path / "rotated.jpg"
    path.write_bytes(images.make("JPEG", (1280, 720), orientation=6))
    verdict = json.loads(run("check-image", str(path))[1])
    assert (verdict["width"], verdict["height"], verdict["orientation"]) == (720, 1280, "portrait")


def test_check_image_renamed_bmp_and_truncated(tmp_path):
    bmp = tmp_path / "photo.png"
    bmp.write_bytes(images.make("BMP", (64, 36)))
    assert json.loads(run("check-image", str(bmp))[1])["problems"] == ["unsupported_format"]
    cut = tmp_path / "cut.png"
    cut.write_bytes(images.truncated(images.make("PNG", (640, 360), color="white")))
    rc, out, _ = run("check-image", str(cut))
    assert rc == 1 and json.loads(out)["problems"] == ["corrupt"]


def test_check_image_huge_and_animated(tmp_path):
    huge = tmp_path / "huge.png"
    huge.write_bytes(images.png_declaring(50_000, 50_000))
    assert json.loads(run("check-image", str(huge))[1])["problems"] == ["too_many_pixels"]
    anim = tmp_path / "anim.webp"
    anim.write_bytes(images.animated())
    assert "animated" in json.loads(run("check-image", str(anim))[1])["warnings"]


def test_check_image_url_blocked_then_allowed(faults):
    url = faults.route("/p.jpg", serve_bytes(images.make("JPEG", (720, 1280))))
    rc, out, _ = run("check-image", url)
    assert rc == 1 and json.loads(out)["problems"] == ["blocked_address"] and faults.hits == []
    rc, out, _ = run("check-image", url, "--aspect-ratio", "landscape", env={"VIDEOGEN_ALLOW_PRIVATE_URLS": "1"})
    assert rc == 0 and json.loads(out)["warnings"] == ["aspect_override"]


def test_check_image_usage_errors(tmp_path):
    assert run("check-image", str(tmp_path / "missing.jpg"))[0] == 2
    assert run("check-image", "x.jpg", "--aspect-ratio", "1:1")[0] == 2
    assert run()[0] == 2


def test_submit_status_history_against_the_simulator(simulator, tmp_path):
    env = {
        "APIMART_BASE_URL": simulator.base_url,
        "APIMART_API_KEY": simulator.state.api_key,
        "VIDEOGEN_DATA_DIR": str(tmp_path),
    }
    rc, out, _ = run("submit", "--prompt", "a paper boat", "--duration", "4", env=env)
    result = json.loads(out)
    assert rc == 0 and result["state"] == "submitted" and result["task_id"].startswith("task_")
    rc, out, err = run("status", result["task_id"], "--wait", "--timeout", "10", env=env)
    status = json.loads(out)
    assert rc == 0 and status["status"] == "completed" and Path(status["video_path"]).is_file()
    assert f"{result['task_id']}: completed 100%" in err  # progress as it goes, on stderr
    assert status["created_at"].endswith("Z") and "T" in status["created_at"]  # ISO 8601, not a Unix float
    rc, out, _ = run("history", "--json", env=env)
    assert [r["task_id"] for r in json.loads(out)] == [result["task_id"]]
    assert simulator.state.api_key not in out


def test_status_keeps_only_ids_the_api_knows(simulator, tmp_path):
    env = {
        "APIMART_BASE_URL": simulator.base_url,
        "APIMART_API_KEY": simulator.state.api_key,
        "VIDEOGEN_DATA_DIR": str(tmp_path),
    }
    rc, _, err = run("status", "not a task id at all; DROP TABLE", env=env)
    assert rc == 2 and "is not a task id" in err and "Traceback" not in err
    rc, _, err = run("status", "task_NOPE", env=env)
    assert rc == 1 and "does not know the task task_NOPE" in err
    rc, out, _ = run("history", "--json", env=env)
    assert json.loads(out) == []


def test_history_refuses_an_unknown_status(tmp_path):
    rc, _, err = run("history", "--status", "bogus", env={"VIDEOGEN_DATA_DIR": str(tmp_path)})
    assert rc == 2 and "completed" in err and "unknown" in err


def test_submit_problems_read_as_sentences(tmp_path, simulator):
    env = {
        "APIMART_BASE_URL": simulator.base_url,
        "APIMART_API_KEY": simulator.state.api_key,
        "VIDEOGEN_DATA_DIR": str(tmp_path),
    }
    rc, _, err = run("submit", "--model", "sora-2-preview", "--prompt", " ", "--duration", "5", env=env)
    assert rc == 2 and ".;" not in err and "the mood. Duration 5 is not allowed" in err


def test_the_command_line_speaks_chinese_with_lang_or_the_environment(tmp_path, simulator):
    env = {
        "APIMART_BASE_URL": simulator.base_url,
        "APIMART_API_KEY": simulator.state.api_key,
        "VIDEOGEN_DATA_DIR": str(tmp_path),
    }
    rc, _, err = run("--lang", "zh", "submit", "--model", "sora-2-preview", "--prompt", " ", "--duration", "5", env=env)
    assert rc == 2 and "必须填写提示词" in err and "不支持时长 5" in err
    rc, _, err = run(
        "submit", "--model", "sora-2-preview", "--prompt", " ", "--duration", "5", env={**env, "LANG": "zh_CN.UTF-8"}
    )
    assert rc == 2 and "必须填写提示词" in err
    rc, _, err = run("--lang", "en", "submit", "--prompt", " ", env={**env, "LANG": "zh_CN.UTF-8"})
    assert rc == 2 and "Prompt is required" in err  # --lang wins over LANG
    words = tmp_path / "notes.txt"
    words.write_text("not a picture")
    rc, out, _ = run("--lang", "zh", "check-image", str(words), env=env)
    assert "这不是图片" in out and "not an image" not in out


def test_submit_without_key_explains(tmp_path):
    rc, _, err = run("submit", "--prompt", "x", env={"VIDEOGEN_DATA_DIR": str(tmp_path)})
    assert rc == 2 and "APIMART_API_KEY" in err


def test_help_lists_commands():
    rc, out, _ = run("--help", fresh=True)  # the real `python -m videogen`, its entry point and all
    assert rc == 0 and all(c in out for c in ("check-image", "simulator", "submit", "status", "history"))


def test_check_image_quick_reads_only_the_start(faults):
    data = images.noisy_jpeg((3000, 2000))
    url = faults.route("/big.jpg", serve_bytes(data))
    rc, out, _ = run("check-image", url, "--quick", env={"VIDEOGEN_ALLOW_PRIVATE_URLS": "1"})
    verdict = json.loads(out)
    assert rc == 0 and verdict["read_whole_file"] is False and verdict["bytes"] == len(data)
    assert (verdict["width"], verdict["height"]) == (3000, 2000)
    assert faults.hits[0].headers["range"] == "bytes=0-131071"


def live_env(simulator, tmp_path):
    return {
        "APIMART_BASE_URL": simulator.base_url,
        "APIMART_API_KEY": simulator.state.api_key,
        "VIDEOGEN_DATA_DIR": str(tmp_path / "data"),
    }


def test_models_lists_the_catalogue_and_what_this_key_can_use(simulator, tmp_path):
    simulator.state.hidden_models = frozenset({"sora-2-preview"})
    rc, out, _ = run("models", "--json", env=live_env(simulator, tmp_path))
    listed = json.loads(out)
    rows = {row["id"]: row for row in listed["models"]}
    assert rc == 0 and rows["sora-2-preview"]["available"] == "not available for this key"
    assert rows["kling-v3"]["available"] == "yes" and rows["kling-v3"]["fields"] == [
        "negative_prompt",
        "audio",
        "watermark",
    ]
    assert any(note.startswith("wan2.7-r2v: listed by the API, not described here yet") for note in listed["notes"])
    rc, out, _ = run("models", env={"VIDEOGEN_DATA_DIR": str(tmp_path / "data")})
    assert rc == 0 and "kling-v3" in out and "unknown" in out  # no key: availability is not guessed


def test_models_check_names_every_difference_with_the_providers_schema(simulator, tmp_path):
    env = live_env(simulator, tmp_path)
    rc, out, _ = run("models", "--check", env=env)
    assert rc == 0 and "The catalogue matches every schema read." in out
    mine = (ROOT / "videogen/models/kling.toml").read_text().replace("range = [3, 15]", "range = [3, 12]", 1)
    (tmp_path / "data" / "models").mkdir(parents=True)
    (tmp_path / "data" / "models" / "kling.toml").write_text(mine)  # the user's copy has drifted
    rc, out, _ = run("models", "--check", "--model", "kling-v3", env=env)
    assert rc == 1 and "kling-v3: `duration` maximum: the provider says 15, here 12" in out


def test_submit_takes_the_models_own_fields_and_refuses_others(simulator, tmp_path):
    env = live_env(simulator, tmp_path)
    rc, out, err = run(
        "submit", "--model", "kling-v3", "--prompt", "a kite", "--duration", "7", "--aspect-ratio", "1:1",
        "--first-frame", "https://img.example.com/a.jpg", "--last-frame", "https://img.example.com/b.jpg",
        "--option", "audio=true", env=env,
    )  # fmt: skip
    assert rc == 0, err
    assert simulator.state.submissions[-1] == {
        "model": "kling-v3",
        "prompt": "a kite",
        "duration": 7,
        "aspect_ratio": "1:1",
        "mode": "std",
        "image_urls": ["https://img.example.com/a.jpg", "https://img.example.com/b.jpg"],
        "audio": True,
    }
    rc, _, err = run("submit", "--model", "kling-v3", "--prompt", "a kite", "--option", "seed=3", env=env)
    assert rc == 2 and "seed is not a field of Kling v3. Its extra fields: negative_prompt, audio, watermark." in err
    rc, _, err = run("submit", "--model", "kling-v3", "--prompt", "a kite", "--option", "audio", env=env)
    assert rc == 2 and "write FIELD=VALUE" in err and "Traceback" not in err


def test_check_image_for_a_models_role(tmp_path):
    path = tmp_path / "small.webp"
    path.write_bytes(images.make("WEBP", (200, 200)))
    rc, out, _ = run("check-image", str(path), "--model", "kling-3.0-turbo", "--role", "first_frame")
    verdict = json.loads(out)
    assert rc == 1 and set(verdict["problems"]) == {"unsupported_format", "too_small"}
    assert "Kling 3.0 Turbo takes JPEG, PNG images only" in verdict["messages"]["unsupported_format"]
    rc, _, err = run("check-image", str(path), "--model", "viduq3", "--role", "first_frame")
    assert rc == 2 and "viduq3 takes no first_frame image" in err


def _helps(language: str) -> str:
    """Every command's and subcommand's --help, as the command line builds them in `language`."""
    import argparse

    from videogen.catalog import builtin
    from videogen.cli.commands import parser
    from videogen.cli.words import choose_language

    choose_language(["--lang", language])
    try:
        texts, parsers = [], [parser(builtin())]
        while parsers:
            current = parsers.pop()
            texts.append(current.format_help())
            for action in current._actions:
                if isinstance(action, argparse._SubParsersAction):
                    parsers.extend(action.choices.values())
        return "\n".join(texts)
    finally:
        choose_language(["--lang", "en"])


def test_every_help_of_the_command_line_is_in_chinese_with_lang_zh():
    from videogen.i18n import ENGLISH

    english, chinese = _helps("en"), _helps("zh")
    said = {code: text for code, text in ENGLISH.items() if code.startswith("cli.") and "{" not in text}
    shown = [text for text in said.values() if text in english]
    assert len(shown) >= 40  # the helps are the catalogue's sentences...
    assert [text for text in said.values() if len(text) > 12 and text in chinese] == []  # ...and none stays English
    for word in ("用法：", "选项", "显示此帮助信息并退出", "提交一个生成请求", "逐个镜头运行故事板文件"):
        assert word in chinese
    assert "usage:" not in chinese and "show this help message" not in chinese


def test_argparses_own_errors_follow_the_language():
    rc, _, err = run("--lang", "zh", "submit", "--model", "nope")
    assert rc == 2 and "无效的选择：'nope'" in err and "invalid choice" not in err
    rc, _, err = run("submit", "--model", "nope", env={"LANG": "zh_CN.UTF-8"})
    assert rc == 2 and "用法：" in err and "错误：" in err
    rc, _, err = run("submit", "--model", "nope")
    assert rc == 2 and "invalid choice: 'nope'" in err
    rc, _, err = run("--lang", "zh", "check-video", "/no/such.mp4")
    assert rc == 2 and err.strip() == "错误：/no/such.mp4：文件不存在。请给出文件路径或 http(s) URL。"
    rc, out, _ = run("--lang", "zh", "models")
    assert rc == 0 and "未知" in out and "unknown" not in out  # the table's words; `--json` keeps the English values


@pytest.mark.parametrize("args", [("--lang", "zh", "models"), ("check-image", "/no/such.jpg"), ("history", "--json")])
def test_a_forked_command_says_what_a_fresh_one_says(tmp_path, args):
    """The suite's commands are forked from a process that has imported the domain (`tests/cli_runner.py`): each
    says, word for word and with the same exit code, what `python -m videogen` says in a fresh interpreter."""
    env = {"VIDEOGEN_DATA_DIR": str(tmp_path / "data"), "LANG": "zh_CN.UTF-8"}
    assert run(*args, env=env) == run(*args, env=env, fresh=True)
