"""The fidelity benchmark's own documents score as the issue requires, and the scorer can fail."""

import json
import shutil
from pathlib import Path

from graph_builder.fidelity import score_folder

FOLDER = Path(__file__).parents[2] / "benchmarks" / "fidelity"


def test_own_documents_score_at_least_0_99_with_nothing_invented() -> None:
    score = score_folder(FOLDER)
    assert len(list(FOLDER.glob("*.expected.json"))) >= 8
    for category in ("members", "overlap", "suspended", "observers", "participants"):
        assert score.recall(category) >= 0.99, (category, score.misses)
        assert score.precision(category) >= 0.99, (category, score.misses)
    assert score.invented == {}
    assert all(want == got for want, got in score.warnings.values()), score.warnings


def test_a_wrong_expectation_lowers_the_score(tmp_path: Path) -> None:
    for name in ("fid02_gcc.txt", "fid02_gcc.expected.json"):
        shutil.copy(FOLDER / name, tmp_path / name)
    expected_path = tmp_path / "fid02_gcc.expected.json"
    expected = json.loads(expected_path.read_text())
    expected["members"] = [*expected["members"][:-1], "YEM"]  # ARE -> YEM
    expected_path.write_text(json.dumps(expected))
    score = score_folder(tmp_path)
    assert score.recall("members") == 5 / 6
    assert score.precision("members") == 5 / 6
    assert "fid02_gcc.txt: members missed YEM" in score.misses
    assert "fid02_gcc.txt: members extra ARE" in score.misses


def test_an_unresolved_name_counts_as_invented(tmp_path: Path) -> None:
    text = (FOLDER / "fid02_gcc.txt").read_text().replace("Qatar", "Atlantis")
    (tmp_path / "gcc.txt").write_text(text)
    shutil.copy(FOLDER / "fid02_gcc.expected.json", tmp_path / "gcc.expected.json")
    score = score_folder(tmp_path)
    assert score.invented == {"gcc.txt": {"atlantis"}}
