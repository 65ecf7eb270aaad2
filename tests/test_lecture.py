"""The notebook: examples/lecture.ipynb runs headless from start to end (nbclient, a real kernel), and
``explorer.show`` serves the app from a kernel, opened on a scene, with a page the notebook may frame."""

import html
import re

import pytest

from tests.browser_support import ROOT, free_port

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")

LECTURE = ROOT / "examples" / "lecture.ipynb"


@pytest.fixture
def kernel_env(monkeypatch):
    """What the kernel inherits: the sources importable whether or not the package is installed, and plotly's
    figures as JSON only (not plotly.js itself in every output)."""
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    monkeypatch.setenv("PLOTLY_RENDERER", "plotly_mimetype")


def execute(nb, cwd) -> list:
    nbclient.NotebookClient(
        nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(cwd)}}
    ).execute()
    return nb.cells


def text_of(cell) -> str:
    """A code cell's printed text and displayed HTML, joined."""
    parts = []
    for output in cell.get("outputs", []):
        parts.append(output.get("text", ""))
        data = output.get("data", {})
        parts.append(data.get("text/html", "") + data.get("text/plain", ""))
    return "\n".join(parts)


def test_the_lecture_runs_headless_and_says_what_the_book_says(kernel_env):
    nb = nbformat.read(LECTURE, as_version=4)
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code"), "commit the lecture without outputs"
    cells = execute(nb, LECTURE.parent)  # raises on the first cell that fails
    out = "\n".join(text_of(c) for c in cells if c.cell_type == "code")
    assert "F there: 0.0" in out
    assert re.search(r"minimum +at \(10, 1\): F = 0", out) and re.search(r"minimum +at \(0\.8828, 38\.62\)", out)
    assert re.search(r"saddle +at \(2\.683, 3\.293\)", out)
    assert "trajectory a: gradient after 232,743 epochs, at (10, 1)" in out
    assert "trajectory b: gradient after 158,601 epochs, at (0.8828, 38.62)" in out
    assert "The gradient disagrees with F's central differences at b¹₁, b¹₂" in out
    assert "application/vnd.plotly.v1+json" in str([o for c in cells for o in c.get("outputs", [])])
    assert re.search(r'<iframe[^>]+src="http://127\.0\.0\.1:\d+/\?[^"]*preset=trajectory-a', out)


def test_explorer_show_serves_the_scene_in_a_page_the_notebook_may_frame(kernel_env, tmp_path):
    port = free_port()
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell(f"import urllib.request, explorer\nexplorer.show('?x=b1_1&y=b1_2', port={port})"),
        nbformat.v4.new_code_cell(
            f"explorer.show({{'view': {{'x': 'w1_11', 'y': 'b1_1'}}}}, mode='external', port={port})"
        ),
        nbformat.v4.new_code_cell(
            f"with urllib.request.urlopen('http://127.0.0.1:{port}/') as page:\n"
            "    print(page.headers['Content-Security-Policy'])\n"
            "    print('X-Frame-Options:', page.headers.get('X-Frame-Options'))\n"
            f"with urllib.request.urlopen('http://127.0.0.1:{port}/assets/00-namespace.js') as script:\n"
            "    print('script', script.status)\n"
        ),
    ]
    inline, external, fetched = (text_of(c) for c in execute(nb, tmp_path))
    (src,) = re.findall(r'<iframe[^>]+src="([^"]+)"', inline)
    assert html.unescape(src).startswith(f"http://127.0.0.1:{port}/?v=1&x=b1_1&y=b1_2&xr=-10,10&yr=-10,10")
    assert f"The explorer is running on http://127.0.0.1:{port}/?v=1&x=w1_11&y=b1_1&" in external
    assert "frame-ancestors 'self' http://localhost:* http://127.0.0.1:*" in fetched
    assert "X-Frame-Options: None" in fetched and "script 200" in fetched


def test_explorer_show_reads_scenes_links_and_lessons_and_needs_a_kernel():
    import explorer
    from explorer import notebook
    from explorer.components.lessons import presets
    from explorer.core import scene as scenes

    assert notebook.query_for(None) == ("", [])
    link, notes = notebook.query_for("http://127.0.0.1:8050/?x=b1_1&y=b1_2&res=abc")
    assert link.startswith("v=1&x=b1_1&y=b1_2&") and len(notes) == 1 and "'abc'" in notes[0]
    assert notebook.query_for("?x=b1_1&y=b1_2")[0] == notebook.query_for("x=b1_1&y=b1_2")[0] == link[: -len("&res=20")]
    assert notebook.query_for("trajectory-a")[0] == scenes.to_query(presets.preset_scene("trajectory-a"))
    assert notebook.query_for(scenes.default_scene()) == (scenes.to_query(scenes.default_scene()), [])
    with pytest.raises(TypeError):
        notebook.query_for(42)
    with pytest.raises(ValueError, match="mode must be one of"):
        explorer.show(mode="jupyterlab")
    with pytest.raises(RuntimeError, match="inside a Jupyter kernel"):
        explorer.show()
