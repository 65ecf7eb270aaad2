"""Downloads from a scene's link: the whole run as CSV and JSON, the scene as JSON, the figure as an offline page."""

import csv
import io
import json
import re

import numpy as np
import pytest

import surface
from explorer import presets
from explorer import scene as scenes


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
    response = client.get("/export/run.csv?" + query_for())
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
    rows = list(csv.reader(io.StringIO(client.get("/export/run.csv?" + query).get_data(as_text=True))))
    assert rows[0][-1] == "step:alpha"
    assert rows[1][-1] == ""  # the start has no step that led to it
    tr = surface.train("vlbp", (-4, -4), epochs=50)
    np.testing.assert_array_equal([float(r[-1]) for r in rows[2:]], tr.extras["alpha"])


def test_a_run_as_json_is_the_whole_trajectory(client):
    response = client.get("/export/run.json?" + query_for(epochs=500))
    back = surface.Trajectory.from_json(response.get_data(as_text=True))
    tr = surface.train("sdbp", (-4, -4), epochs=500, alpha=1.75)
    np.testing.assert_array_equal(back.xs, tr.xs)
    assert back.status == tr.status and back.hyper == {"alpha": 1.75}


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
