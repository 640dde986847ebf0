"""The wheel ships everything a real install needs: data folders and pages."""

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> zipfile.ZipFile:
    out = tmp_path_factory.mktemp("wheel")
    # Build from a copy of the tracked files, as a fresh clone would, and
    # leave no build/ folder in the checkout.
    src = tmp_path_factory.mktemp("src")
    for name in _tracked("."):
        (src / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, src / name)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "-q",
            "-w",
            str(out),
            str(src),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    # setuptools warns about data folders it was not told about.
    assert "Warning" not in done.stderr, done.stderr
    (path,) = out.glob("orgkg-*.whl")
    return zipfile.ZipFile(path)


def _tracked(folder: str) -> list[str]:
    listed = subprocess.run(
        ["git", "ls-files", folder],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    return listed


@pytest.mark.parametrize("folder", ["ontology", "queries", "data"])
def test_data_folders_ship_as_orgkg_resources(
    wheel: zipfile.ZipFile, folder: str
) -> None:
    names = set(wheel.namelist())
    files = [f for f in _tracked(folder) if not f.endswith(".py")]
    assert files
    missing = [f for f in files if f"orgkg_resources/{f}" not in names]
    assert missing == []


@pytest.mark.parametrize(
    "folder",
    ["graph_builder/serve/static", "graph_builder/serve/templates", "viz/templates"],
)
def test_pages_and_scripts_ship(wheel: zipfile.ZipFile, folder: str) -> None:
    names = set(wheel.namelist())
    files = _tracked(folder)
    assert files
    assert [f for f in files if f not in names] == []


def test_installed_paths_come_from_the_resources(tmp_path: Path) -> None:
    """Outside a checkout, paths fall back to importlib.resources."""
    code = (
        "import graph_builder.paths as p; "
        "print(p.ONTOLOGY_FILE.is_file(), p.QUERIES_DIR.name, p.DEFAULT_OUT_DIR)"
    )
    # A copy of the package without the checkout around it.
    pkg = tmp_path / "site"
    pkg.mkdir()
    subprocess.run(["cp", "-r", str(ROOT / "graph_builder"), str(pkg)], check=True)
    res = pkg / "orgkg_resources"
    res.mkdir()
    for folder in ("ontology", "queries"):
        subprocess.run(["cp", "-r", str(ROOT / folder), str(res)], check=True)
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        env={"PYTHONPATH": str(pkg), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.split() == ["True", "queries", "out"]
