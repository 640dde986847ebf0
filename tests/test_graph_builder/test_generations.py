"""Atomic builds: generations, the build lock, pinned readers, crash safety (#9)."""

import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from graph_builder.build.generations import build_lock, current_generation
from graph_builder.build.pipeline import build
from graph_builder.build.published import NQUADS_NAME, STORE_NAME, open_store
from graph_builder.cli import main
from graph_builder.query.sparql import select
from graph_builder.serve.app import make_server

ROOT = Path(__file__).resolve().parents[2]
EXTRA = ROOT / "tests" / "data" / "unseen_ecowas_profile.txt"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def quiet(_: str) -> None:
    pass


def count(out: Path) -> int:
    _, rows = select(open_store(out), COUNT)
    return int(str(rows[0]["n"]))


def gens(out: Path) -> list[str]:
    return sorted(p.name for p in out.glob("gen-*"))


def test_crash_safety_script_kills_50_builds_without_a_mixed_result() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "crash_safety.py"), "--runs", "50"],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "50 runs" in done.stdout
    assert ": 0 failed checks" in done.stdout


def test_a_second_build_into_the_same_folder_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    with build_lock(out):
        assert main(["build", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "another orgkg build is writing here" in err
    assert str(out) in err
    assert main(["build", "-q", "--out", str(out)]) == 0  # the lock went with it


def test_a_reader_keeps_its_generation_until_it_is_done(tmp_path: Path) -> None:
    out = tmp_path / "out"
    build((), out, progress=quiet)
    first = gens(out)
    reader = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from pathlib import Path;"
            "from graph_builder.build.published import open_store;"
            f"open_store(Path({str(out)!r})); print('pinned', flush=True);"
            "sys.stdin.read()",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    assert reader.stdout is not None
    assert reader.stdin is not None
    assert reader.stdout.readline().strip() == "pinned"
    build([EXTRA], out, progress=quiet)
    assert set(first) < set(gens(out))  # the pinned one stays beside the new one
    reader.stdin.close()
    reader.wait(30)
    reader.stdout.close()
    build([EXTRA], out, progress=quiet)
    assert len(gens(out)) == 1
    assert not set(first) & set(gens(out))


def test_a_folder_from_before_generations_is_taken_over(tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / STORE_NAME).mkdir(parents=True)
    (out / STORE_NAME / "OLD").write_text("old store")
    (out / NQUADS_NAME).write_text("old export\n")
    (out / ".store.abc123").mkdir()  # a temporary store of a killed old build
    build((), out, progress=quiet)
    assert (out / NQUADS_NAME).is_symlink()
    assert (out / STORE_NAME).is_symlink()
    assert not (out / ".store.abc123").exists()
    assert count(out) > 1000
    assert current_generation(out).name.startswith("gen-")


def test_a_running_server_answers_from_one_build(tmp_path: Path) -> None:
    out = tmp_path / "out"
    build((), out, progress=quiet)
    before = count(out)
    srv = make_server(out, "127.0.0.1", 0, workers=1, timeout=10.0)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    _host, port = srv.server_address[:2]
    url = f"http://127.0.0.1:{port}/sparql?format=csv&query=" + urllib.parse.quote(
        COUNT
    )

    def served() -> int:
        with urllib.request.urlopen(url, timeout=30) as r:
            return int(r.read().decode().splitlines()[1])

    try:
        assert served() == before
        build([EXTRA], out, progress=quiet)
        time.sleep(0.1)
        assert served() == before  # still the build it started with
    finally:
        srv.shutdown()
        srv.server_close()
    assert count(out) > before  # while a new reader sees the new build
