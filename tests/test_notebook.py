"""The engine's records in a notebook: a short one-line repr with rounded numbers and no arrays, an HTML table for
Jupyter, and no method named ``display`` (IPython's own)."""

import inspect

import numpy as np
import pytest

import surface

BOOK = ("w1_11", "w2_11")


@pytest.fixture(scope="module")
def records():
    tr = surface.train("lmbp", (-4.0, 10.0), epochs=200)
    long_run = surface.train("sdbp", (-4.0, -4.0), epochs=20_000)
    seven = surface.train("lmbp", surface.NOMINAL + 0.3, surface.PARAMS, epochs=50)
    xs, ys = np.linspace(-5, 15, 12), np.linspace(-5, 45, 10)
    starts = np.random.default_rng(0).uniform(-5, 15, (200, 2))
    return {
        "Trajectory": tr,
        "a display copy": long_run.display_copy(500),
        "a run of seven": seven,
        "BatchResult": surface.train_batch("sdbp", starts, epochs=300),
        "BasinMap": surface.basin_map("lmbp", BOOK, xs, ys, epochs=100),
        "HyperMap": surface.hyper_map(
            "mobp", (-4.0, -4.0), x=("alpha", np.linspace(0.1, 3, 5)), y=("gamma", [0, 0.5]), epochs=100
        ),
        "Restarts": surface.restarts("lmbp", BOOK, 20, ((-5, 15), (-5, 45)), epochs=100),
        "GradientCheck": surface.gradient_check(surface.NOMINAL + 0.5, bug="bias_like_weight"),
        "CriticalPoint": surface.critical_points("b1_1", "b1_2", (-10, 10), (-10, 10))[0],
        "StepAnatomy": surface.step_anatomy(tr),
        "SliceGap": surface.slice_gap(seven, BOOK),
        "Barrier": surface.barrier(surface.NOMINAL, surface.swap_hidden(surface.NOMINAL)),
    }


def test_each_record_reads_in_one_short_line(records):
    for what, record in records.items():
        text = repr(record)
        assert "\n" not in text and len(text) <= 220, (what, text)
        assert "array(" not in text and "[" not in text, (what, text)  # no arrays dumped
        assert text.startswith(type(record).__name__ + "("), (what, text)
        html = record._repr_html_()
        assert html.startswith("<table>") and html.endswith("</table>") and len(html) < 20_000, what


def test_the_lines_say_what_happened_in_rounded_numbers(records):
    assert repr(records["Trajectory"]) == (
        "Trajectory(lmbp, mu=0.01, theta=10, mu_max=1e+10: (w1_11, w2_11) (-4, 10) → (0.8828, 38.62) in 23 epochs, "
        "F 6.711 → 0.09342, 'gradient')"
    )
    copy = records["a display copy"]
    assert copy.is_copy and repr(copy).endswith(f", a display copy of {len(copy.xs)} iterates)")
    assert "7 free parameters" in repr(records["a run of seven"])
    assert repr(records["GradientCheck"]).startswith("GradientCheck(F = 1.426, 7 parameters, flagged b1_1, b1_2,")
    assert repr(records["CriticalPoint"]).startswith("CriticalPoint(minimum at (")
    assert "%" in repr(records["BasinMap"]) and "reached the lowest minimum found" in repr(records["Restarts"])
    html = records["GradientCheck"]._repr_html_()
    assert html.count("flagged") == 2 and "b¹₁" in html


def test_no_record_has_a_method_named_display():
    for name in dir(surface):
        value = getattr(surface, name)
        if inspect.isclass(value):
            assert not hasattr(value, "display"), name
