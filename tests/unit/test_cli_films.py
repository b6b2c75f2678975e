"""The command line's films: `film run FILE --wait` runs a storyboard file shot by shot and joins the film,
`film status` shows it, `continue` starts a saved video's next shot on its last frame; mistakes in a file are
named with their lines, and nothing is sent."""

import json

import av

from tests.cli_runner import run
from tests.conftest import TEST_KEY
from videogen.films.storyboard import CONTINUE, Shot, Storyboard
from videogen.request import GenerationRequest

BOARD = Storyboard(
    "Kites",
    (
        Shot(GenerationRequest("kling-v3", "a red kite", 5, "16:9")),
        Shot(GenerationRequest("veo3.1-fast", "it climbs into a blue sky", 8, "16:9"), CONTINUE),
    ),
)


def test_a_storyboard_file_runs_shot_by_shot_into_one_film(simulator, tmp_path):
    env = {"APIMART_BASE_URL": simulator.base_url, "APIMART_API_KEY": TEST_KEY, "VIDEOGEN_DATA_DIR": str(tmp_path)}
    board = tmp_path / "kites.toml"
    board.write_text(BOARD.to_toml())
    code, out, err = run("film", "run", str(board), "--wait", "--timeout", "50", env=env)
    assert code == 0, err
    film = json.loads(out)
    assert film["state"] == "made" and [s["join"] for s in film["shots"]] == ["cut", "continue"]
    assert all(s["task_id"] and s["video"] for s in film["shots"]) and len(simulator.state.submissions) == 2
    with av.open(film["file"]) as container:
        assert abs(float(container.duration / av.time_base) - 13) < 0.3  # 5 s + 8 s
    code, out, _ = run("film", "status", film["film"], env=env)
    assert code == 0 and json.loads(out)["file"] == film["file"] and len(simulator.state.submissions) == 2
    first = film["shots"][0]["task_id"]
    code, out, err = run("continue", first, "--prompt", "the kite lands", env=env)
    assert code == 0, err
    answer = json.loads(out)
    assert answer["continues"] == first and answer["task_id"] and len(simulator.state.submissions) == 3
    assert answer["first_frame_seconds"] > 4.5  # the last frame of a 5-second clip


def test_a_file_with_mistakes_is_refused_with_its_lines_and_nothing_is_sent(simulator, tmp_path):
    env = {"APIMART_BASE_URL": simulator.base_url, "APIMART_API_KEY": TEST_KEY, "VIDEOGEN_DATA_DIR": str(tmp_path)}
    board = tmp_path / "kites.toml"
    board.write_text(BOARD.to_toml().replace('join = "continue"', 'join = "wipe"'))
    code, _, err = run("film", "run", str(board), env=env)
    second = [n for n, line in enumerate(board.read_text().splitlines(), 1) if line == "[[shots]]"][1]
    assert code == 2 and f"Shot 2 (line {second})" in err and "Traceback" not in err
    first_continues = Storyboard("x", (Shot(GenerationRequest("kling-v3", "x", 5), CONTINUE),))
    board.write_text(first_continues.to_toml())
    code, _, err = run("film", "run", str(board), env=env)
    assert code == 1 and "shot 1: The first shot cannot continue" in err
    code, _, err = run("film", "run", str(tmp_path / "missing.toml"), env=env)
    assert code == 2 and "no such file" in err
    code, _, err = run("film", "status", "nope", env=env)
    assert code == 2 and "no film" in err
    assert simulator.state.submissions == []
