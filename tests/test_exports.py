"""Downloads from a scene's link: the whole run as CSV and JSON, the scene as JSON, the figure as an offline page."""

import csv
import io
import json
import re

import numpy as np
import pytest

import surface
from explorer.components.lessons import presets
from explorer.components.planes import figures as planes_figures
from explorer.core import scene as scenes


@pytest.fixture(scope="module")
def client():
    import app as app_module

    return app_module.build_app({"CACHE_TYPE": "SimpleCache"}).server.test_client()


def query_for(**run):
    base = {"algorithm": "sdbp", "start": [-4, -4], "hyper": {"alpha": 1.75}, "epochs": 3000}
    scene, notes = scenes.check({"view": {}, "runs": [{**base, **run}]})
    assert notes == []
    return scenes.to_query(scene)


def test_a_run_as_csv_has_one_row_per_iterate_of_the_whole_run(client):
    response = client.get("/export/run.csv?" + query_for() + "&rows=all")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert 'filename="sdbp_w1_11_w2_11_from_-4_-4.csv"' in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows[0] == ["epoch", "evals", "w1_11", "w2_11", "F", "grad_norm"]
    tr = surface.train("sdbp", (-4, -4), epochs=3000, alpha=1.75)
    assert len(rows) - 1 == len(tr.xs) == 3001  # every iterate, not the display copy
    table = np.array(rows[1:], dtype=float)
    np.testing.assert_array_equal(table[:, 0], tr.epoch)
    np.testing.assert_array_equal(table[:, 2:4], tr.xs)  # 17 digits: the same floats
    np.testing.assert_array_equal(table[:, 4], tr.F)
    np.testing.assert_array_equal(table[:, 5], tr.grad_norm)
    np.testing.assert_array_equal(table[:, 1], tr.evals)


def test_an_algorithms_own_traces_are_columns_of_its_csv(client):
    query = query_for(algorithm="vlbp", hyper={}, epochs=50)
    rows = list(csv.reader(io.StringIO(client.get("/export/run.csv?" + query + "&rows=all").get_data(as_text=True))))
    assert rows[0][-1] == "step:alpha"
    assert rows[1][-1] == ""  # the start has no step that led to it
    tr = surface.train("vlbp", (-4, -4), epochs=50)
    np.testing.assert_array_equal([float(r[-1]) for r in rows[2:]], tr.extras["alpha"])


def test_a_run_as_json_is_the_whole_trajectory(client):
    response = client.get("/export/run.json?" + query_for(epochs=500) + "&rows=all")
    back = surface.Trajectory.from_json(response.get_data(as_text=True))
    tr = surface.train("sdbp", (-4, -4), epochs=500, alpha=1.75)
    np.testing.assert_array_equal(back.xs, tr.xs)
    assert back.status == tr.status and back.hyper == {"alpha": 1.75}


def test_without_rows_all_a_run_downloads_as_the_iterates_the_map_draws(client):
    """A link is anyone's to write: by default a run's download is its display copy, small whatever the run."""
    query = query_for(algorithm="adam", hyper={"alpha": 1e-4}, epochs=300_000, goal=0, grad_tol=0)
    response = client.get("/export/run.csv?" + query)
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert response.status_code == 200 and 100 < len(rows) - 1 <= surface.trajectory.DISPLAY_POINTS
    epochs = [float(r[0]) for r in rows[1:]]
    assert epochs[0] == 0 and epochs[-1] == 300_000 and epochs == sorted(epochs)  # its first and last iterates
    back = surface.Trajectory.from_json(client.get("/export/run.json?" + query).get_data(as_text=True))
    assert len(back.xs) == len(rows) - 1


def test_every_iterate_is_refused_past_the_download_limit_with_the_way_out(client):
    query = query_for(algorithm="adam", hyper={"alpha": 1e-4}, epochs=300_000, goal=0, grad_tol=0)
    response = client.get("/export/run.csv?" + query + "&rows=all")
    words = response.get_data(as_text=True)
    assert response.status_code == 400 and "every iterate of this run (300,001)" in words
    assert "past the 24 MB a download may be" in words and "without rows=all" in words


def test_downloads_are_compressed_and_bounded_per_process():
    import threading

    from explorer.application import build_app
    from explorer.serving import exports

    app = build_app({"CACHE_TYPE": "SimpleCache", "EXPORT_SLOTS": "1"})
    client = app.server.test_client()
    response = client.get("/export/run.csv?" + query_for(epochs=500) + "&rows=all", headers={"Accept-Encoding": "gzip"})
    assert response.headers["Content-Encoding"] == "gzip"
    # the one slot taken by a download that does not end: the next waits SLOT_WAIT, then is told to come back
    started, release = threading.Event(), threading.Event()
    real = exports.standalone_html

    def slow(scene):
        started.set()
        release.wait(30)
        return real(scene)

    try:
        exports.SLOT_WAIT = 0.2
        exports.standalone_html = slow
        first = threading.Thread(target=lambda: client.get("/export/figure.html?x=w1_11&y=w2_11"))
        first.start()
        assert started.wait(30)
        busy = app.server.test_client().get("/export/run.csv?" + query_for(epochs=50))
        assert busy.status_code == 503 and busy.headers["Retry-After"] == "5"
        assert busy.get_data(as_text=True) == exports.BUSY
    finally:
        release.set()
        first.join(30)
        exports.standalone_html, exports.SLOT_WAIT = real, 10.0
    assert app.server.test_client().get("/export/run.csv?" + query_for(epochs=50)).status_code == 200


def test_a_bad_export_slots_setting_is_named_at_start():
    from explorer.application import build_app

    with pytest.raises(ValueError, match="EXPORT_SLOTS must be a whole number from 1 to 64, not 'many'"):
        build_app({"CACHE_TYPE": "SimpleCache", "EXPORT_SLOTS": "many"})


def test_a_link_without_a_run_has_nothing_to_export(client):
    response = client.get("/export/run.csv?x=w1_11&y=w2_11")
    assert response.status_code == 400 and response.get_data(as_text=True) == "this link has no run to export"


def test_the_scene_as_json_is_the_checked_scene_of_the_link(client):
    scene = presets.preset_scene("saddle-point")
    response = client.get("/export/scene.json?" + scenes.to_query(scene))
    assert json.loads(response.get_data(as_text=True)) == json.loads(json.dumps(scene))
    assert scenes.check(json.loads(response.get_data(as_text=True))) == (scene, [])


def test_the_figure_as_a_page_that_works_offline(client):
    scene = presets.preset_scene("unstable-rate")
    response = client.get("/export/figure.html?" + scenes.to_query(scene))
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and page.startswith("<!DOCTYPE html>")
    assert "plotly.js v" in page  # the library itself is inside, not fetched
    assert not re.search(r"<script[^>]*\bsrc=", page) and not re.search(r"<link[^>]*\bhref=", page)
    assert "Unstable learning rate" in page and "sdbp from (−4, −4), α = 50" in page


PLANE_RUNS = [{"algorithm": "sdbp", "start": [-4, -4], "hyper": {"alpha": 1.75}, "epochs": 300, "color": 0}]


def plane_scene(plane, **view):
    scene, notes = scenes.check({"view": {"plane": plane, "res": 30, **view}, "runs": PLANE_RUNS})
    assert notes == []
    return scene


def axis_titles(page: str) -> list[str]:
    """The x and y axis titles in a page's figures (as plotly.io writes them)."""
    return re.findall(r'"[xy]axis":\{"title":\{(?:"font":\{[^}]*\},)?"text":"((?:[^"\\]|\\.)*)"', page)


@pytest.mark.parametrize("mode", ["contour", "3d"])
def test_with_a_plane_the_page_is_the_planes_map_with_the_paths_projected(mode):
    from explorer.serving import exports

    scene = plane_scene({"kind": "line", "second": "hessian"}, mode=mode)
    fig, note = exports.plane_map(scene)
    built = planes_figures.build({**scene["view"], "mode": "contour"}, scene["runs"], draft=scene["draft"])
    plane = built["plane"]
    assert fig.layout.xaxis.title.text == "α: " + plane.labels[0] == "α: start → end"
    assert fig.layout.yaxis.title.text.startswith("β: Hessian eigenvector 1")
    path = next(t for t in fig.data if t.uid == "plane-path-0")
    np.testing.assert_allclose(path.x, built["coords"][0][:, 0])
    assert note == built["note"] and note.startswith("A plane from the start (α = 0) to the end (α = 1)")
    page = exports.standalone_html(scene)
    assert "the map on a plane" in page and "A plane from the start (α = 0)" in page
    assert axis_titles(page) == [fig.layout.xaxis.title.text, fig.layout.yaxis.title.text]


def test_a_plane_that_cannot_be_made_exports_the_reason():
    from explorer.serving import exports

    scene, _ = scenes.check({"view": {"plane": {"kind": "pca"}}})
    fig, note = exports.plane_map(scene)
    assert fig["data"] == [] and note == "No plane to draw: this plane is made from a run: add a run first."
    assert "add a run first" in exports.standalone_html(scene)


def test_the_line_tab_exports_both_of_its_plots_and_the_barrier():
    from explorer.serving import exports

    scene = plane_scene(None, mode="line")
    page = exports.standalone_html(scene)
    assert page.count("plotly.js v") == 1  # the library once, for both plots
    assert "F on the straight line from each run" in page and "F between the global minimum and its twin" in page
    assert f"Barrier height {surface.symmetry_barrier(surface.NOMINAL).height:.4g}" in page


def test_the_page_route_serves_the_plane(client):
    response = client.get("/export/figure.html?" + scenes.to_query(plane_scene({"kind": "hessian"})))
    assert response.status_code == 200
    titles = axis_titles(response.get_data(as_text=True))
    assert any(t.startswith("α: Hessian eigenvector 1") for t in titles)


def test_a_planted_bugs_run_exports_dashed_beside_its_correct_twin(client):
    """As on the page: the broken run dashed, the correct run from the same start solid, in the same colour."""
    with client.application.app_context():
        planted_bug_export()


def planted_bug_export():
    from explorer.core import compute
    from explorer.serving import exports

    run = {"algorithm": "sdbp", "start": [-4, -4], "hyper": {"alpha": 0.5}, "epochs": 300, "bug": "output_sign"}
    scene, notes = scenes.check({"runs": [run]})
    assert notes == []
    fig = exports.pair_map(scene)
    lines = [t for t in fig.data if t.type == "scatter" and t.mode == "lines" and (t.name or "").startswith("sdbp")]
    assert [t.line.dash for t in lines] == ["solid", "dash"] and lines[0].line.color == lines[1].line.color
    assert lines[0].name.endswith(": the correct run")
    view = scene["view"]
    clean = {k: v for k, v in scene["runs"][0].items() if k != "bug"}
    correct = compute.trajectory(*compute.run_args(clean, view))
    broken = compute.trajectory(*compute.run_args(scene["runs"][0], view))
    assert lines[0].x[-1] == pytest.approx(correct.xs[-1, 0]) and lines[1].x[-1] == pytest.approx(broken.xs[-1, 0])
    assert correct.xs[-1, 0] != pytest.approx(broken.xs[-1, 0])
