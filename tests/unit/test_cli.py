import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests import images
from tests.faultserver import serve_bytes

ROOT = Path(__file__).resolve().parents[2]


def run(*args, env=None, cwd=None):
    full_env = {k: v for k, v in os.environ.items() if not k.startswith(("APIMART_", "VIDEOGEN_"))}
    full_env.update(env or {})
    done = subprocess.run(
        [sys.executable, "-m", "videogen", *args],
        capture_output=True,
        text=True,
        timeout=60,
        env={**full_env, "PYTHONPATH": str(ROOT)},
        cwd=cwd or ROOT,
    )
    return done.returncode, done.stdout, done.stderr


@pytest.mark.parametrize(
    "fmt,size,ratio,code,warnings",
    [
        ("JPEG", (1280, 720), "landscape", 0, []),
        ("PNG", (720, 1280), "landscape", 0, ["aspect_override"]),
        ("WEBP", (1000, 1000), "9:16", 0, ["square_unsupported"]),
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
    rc, _, err = run("submit", "--prompt", " ", "--duration", "5", env=env)
    assert rc == 2 and ".;" not in err and "the mood. Duration 5 is not allowed" in err


def test_submit_without_key_explains(tmp_path):
    rc, _, err = run("submit", "--prompt", "x", env={"VIDEOGEN_DATA_DIR": str(tmp_path)})
    assert rc == 2 and "APIMART_API_KEY" in err


def test_help_lists_commands():
    rc, out, _ = run("--help")
    assert rc == 0 and all(c in out for c in ("check-image", "simulator", "submit", "status", "history"))


def test_check_image_quick_reads_only_the_start(faults):
    data = images.noisy_jpeg((3000, 2000))
    url = faults.route("/big.jpg", serve_bytes(data))
    rc, out, _ = run("check-image", url, "--quick", env={"VIDEOGEN_ALLOW_PRIVATE_URLS": "1"})
    verdict = json.loads(out)
    assert rc == 0 and verdict["read_whole_file"] is False and verdict["bytes"] == len(data)
    assert (verdict["width"], verdict["height"]) == (3000, 2000)
    assert faults.hits[0].headers["range"] == "bytes=0-131071"
