"""No module of the app grows past MAX_LINES: one that does has more than one job to split out."""
from pathlib import Path

import network

MAX_LINES = 400


def oversized(root, limit=MAX_LINES):
    """{path relative to root: line count} of the Python files under `root` over `limit` lines."""
    root = Path(root)
    counts = {path.relative_to(root).as_posix(): len(path.read_text("utf-8").splitlines())
              for path in sorted(root.rglob("*.py"))}
    return {path: count for path, count in counts.items() if count > limit}


def test_no_app_module_is_over_the_limit():
    assert oversized(Path(network.__file__).parent) == {}


def test_a_module_one_line_over_the_limit_is_caught(tmp_path):
    (tmp_path / "feature").mkdir()
    (tmp_path / "feature" / "big.py").write_text("x = 1\n" * (MAX_LINES + 1), "utf-8")
    (tmp_path / "small.py").write_text("x = 1\n" * MAX_LINES, "utf-8")
    assert oversized(tmp_path) == {"feature/big.py": MAX_LINES + 1}
