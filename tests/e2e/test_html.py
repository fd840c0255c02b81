"""The Nu HTML checker finds no error in any page that any visitor gets, in any language."""
import json
import subprocess

from .conftest import VNU


def test_every_page_is_valid_html(crawled, tmp_path):
    """One java run over every page's HTML as the server sent it (the checker is slow to start)."""
    names = {}
    for visits in crawled.values():
        for visit in visits:
            path = tmp_path / f"page-{len(names):03d}.html"
            path.write_text(visit.html, encoding="utf-8")
            names[path.name] = visit.name
    result = subprocess.run(["java", "-jar", str(VNU), "--errors-only", "--format", "json",
                             "--skip-non-html", str(tmp_path)],
                            capture_output=True, text=True, timeout=300)
    messages = json.loads(result.stderr or result.stdout)["messages"]
    report = "\n".join(
        f"{names[m['url'].rsplit('/', 1)[-1]]} line {m.get('lastLine')}: {m['message']}"
        f" [{m.get('extract', '').strip()}]" for m in messages)
    assert not report, f"{len(messages)} HTML errors:\n{report}"
    assert result.returncode == 0, result.stderr
