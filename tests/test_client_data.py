"""What the server sends the browser to draw, so that the browser computes nothing of the network: the one array
encoding, the response at keyframes, F under the pointer, and the ids and looks in the client config."""

import numpy as np
import pytest

import surface
from explorer.components import looks
from explorer.components import page as layout
from explorer.components.map import hover as map_hover
from explorer.components.map import ids as map_ids
from explorer.components.playback import ids as playback_ids
from explorer.components.runs import ids as runs_ids
from explorer.core import codec, compute
from explorer.core import response as response_data
from explorer.core import scene as scenes

pytestmark = pytest.mark.usefixtures("app_context")  # the cache, in a Flask app context (conftest)

SEVEN = "?v=1&x=w1_11&y=w2_11&xr=-5,15&yr=-5,15&run=sdbp,-4,-4,alpha=0.5,epochs=300,free=all"


def test_the_encoding_keeps_dtype_shape_and_values():
    values = np.arange(12, dtype=float).reshape(3, 4) / 7
    for dtype, kind in (("f8", np.float64), ("f4", np.float32)):
        packed = codec.encode(values, dtype)
        assert set(packed) == {"dtype", "shape", "bdata"} and packed["shape"] == [3, 4]
        back = codec.decode(packed)
        assert back.dtype == kind and back.shape == (3, 4)
        np.testing.assert_array_equal(back, values.astype(kind))
    assert codec.decode(codec.encode(np.array([2, 5]), "i4")).tolist() == [2, 5]
    with pytest.raises(ValueError, match="dtype"):
        codec.decode({"dtype": "f2", "shape": [1], "bdata": ""})


def _run(query: str, index: int = 0):
    scene, notes = scenes.load_query(query)
    assert notes == []
    run, view = scene["runs"][index], scene["view"]
    args = compute.run_args(run, view)
    shown, _ = compute.faithful_copy(compute.trajectory(*args), compute.view_window(view))
    return scene, shown, compute.run(*args, compute.view_window(view))


@pytest.mark.parametrize(
    "query",
    [
        "?v=1&x=w1_11&y=w2_11&xr=-5,15&yr=-5,15&run=sdbp,-4,-4,alpha=0.5,epochs=3000",
        "?v=1&x=w1_11&y=w2_11&xr=-5,15&yr=-5,15&data=sine,purelin&run=lmbp,2,5,epochs=100",
        SEVEN,
    ],
)
def test_the_response_drawn_at_each_point_is_its_keyframes_within_the_tolerance(query):
    scene, shown, result = _run(query)
    sent = result["path"]["response"]
    p, at, a = (codec.decode(sent[k]) for k in ("p", "at", "a"))
    data = compute.training_set(compute.view_data(scene["view"]))
    assert len(p) == response_data.RESPONSE_POINTS and p[0] == min(-2.0, data.P.min() if data else -2.0)
    full = surface.full_path(shown)  # all seven parameters: a run of the whole network is the whole network's
    exact = surface.output(full, p, data=data)
    np.testing.assert_allclose(a, exact[at], rtol=1e-6, atol=1e-6)  # float32 of the engine's
    assert at[0] == 0 and at[-1] == len(full) - 1 and len(at) <= response_data.MAX_KEYFRAMES + 1
    drawn = a[np.searchsorted(at, np.arange(len(full)), side="right") - 1]  # what the plot shows at each point
    span = max(1.0, float(np.ptp(data.T if data else surface.T)))
    assert np.abs(drawn - exact).max() <= sent["tolerance"] + 1e-6
    assert sent["tolerance"] >= response_data.TOLERANCE * span


def test_a_run_that_needs_too_many_keyframes_keeps_the_smallest_tolerance_that_fits():
    flips = np.tile([[0.0], [1.0]], (400, 5))  # a curve flipping at every step, as a zig-zag run's does
    rows, tolerance = response_data.keyframes(flips, 1e-3)
    assert len(rows) <= response_data.MAX_KEYFRAMES and tolerance >= 1.0
    calm = np.linspace(0, 1, 1000)[:, None] * np.ones((1, 5))
    rows, tolerance = response_data.keyframes(calm, 0.1)
    assert tolerance == 0.1 and 9 <= len(rows) <= 11
    broken = calm.copy()
    broken[500:] = np.nan  # a run whose curve stops being finite: a keyframe where it does, none after
    rows, _ = response_data.keyframes(broken, 0.1)
    assert 500 in rows and rows.max() == 500


def test_F_under_the_pointer_is_the_engines_on_the_slice_shown():
    scene, _, result = _run(SEVEN)
    view, runs = scene["view"], scene["runs"]
    answer = map_hover.value_at({"x": 3.0, "y": 2.0, "at": 7}, view, runs)
    expected = surface.performance(surface.full_vector({"w1_11": 3.0, "w2_11": 2.0}))
    assert answer == {"x": 3.0, "y": 2.0, "F": pytest.approx(expected, rel=1e-12), "at": 7}
    # while the slice follows the run: the keyframe's other five values
    frame = result["keyframes"][-1]["x"]
    answer = map_hover.value_at({"x": 3.0, "y": 2.0, "keyframe": len(result["keyframes"]) - 1, "at": 8}, view, runs)
    point = np.array(frame)
    point[[0, 4]] = 3.0, 2.0
    assert answer["F"] == pytest.approx(surface.performance(point), rel=1e-12)
    # a keyframe that is not there: the map's own slice; a point that is not a point: no answer
    assert map_hover.value_at({"x": 3.0, "y": 2.0, "keyframe": 99, "at": 9}, view, runs)["F"] == pytest.approx(expected)
    for bad in ({"x": "3", "y": 2.0}, {"x": float("nan"), "y": 2.0}, {"x": 1e9, "y": 2.0}, None):
        assert map_hover.value_at(bad, view, runs) is map_hover.no_update


def test_the_client_config_names_every_id_and_carries_the_looks():
    config = layout.client_config()
    assert config["ids"]["MAP"] == map_ids.MAP and config["ids"]["MAP_TIP"] == map_ids.MAP_TIP
    assert set(config["ids"].values()) >= {
        map_ids.OVERLAY,
        runs_ids.LOSS,
        runs_ids.RESPONSE,
        playback_ids.SCRUBBER,
        playback_ids.READOUT,
    }
    assert config["looks"] is looks.LOOKS
    assert set(looks.LOOKS["plain"]) == {"runs", "side"} and set(looks.LOOKS["plain"]["runs"]) == set(
        looks.LOOKS["present"]["runs"]
    )
