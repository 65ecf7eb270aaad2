"""The layers: the engine stands alone (importing it loads neither dash, flask nor plotly), and no package's
modules import each other in a cycle."""

import subprocess
import sys

import import_graph
import pytest
from conftest import ROOT


def test_engine_imports_no_web_framework():
    code = (
        "import sys, surface\n"
        "surface.evaluate_grid('w1_11', 'w2_11', [0.0], [0.0])\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in {'dash', 'flask', 'plotly'})\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


@pytest.mark.parametrize("package", ["surface", "explorer"])
def test_no_import_cycles(package):
    """No module of the package imports, however indirectly, one that imports it back: imports inside functions
    count (they hide a cycle, they do not break it)."""
    assert import_graph.cycles(package) == []


def test_the_layers_point_down():
    """The Dash layer's core imports no component, and no component imports the wiring that assembles them:
    ``wiring → components → core → surface``."""
    graph = import_graph.imports("explorer")
    for module, targets in graph.items():
        if module.startswith("explorer.core"):
            assert not {t for t in targets if t.startswith("explorer.components")}, module
        if module.startswith(("explorer.core", "explorer.components", "explorer.serving")):
            assert "explorer.wiring" not in targets, module


def test_no_module_of_the_dash_layer_past_about_450_lines():
    for path in (ROOT / "explorer").rglob("*.py"):
        assert len(path.read_text().splitlines()) <= 460, path


def test_the_cycle_finder_reads_every_kind_of_import(tmp_path):
    pkg = tmp_path / "toy"
    (pkg / "sub").mkdir(parents=True)
    (pkg / "__init__.py").write_text("from .a import f\n")
    (pkg / "a.py").write_text("from . import b\n\ndef f():\n    return b\n")
    (pkg / "b.py").write_text("import os\n\ndef g():\n    from .sub import c\n    return c\n")
    (pkg / "sub" / "__init__.py").write_text("")
    (pkg / "sub" / "c.py").write_text("def h():\n    from ..a import f\n    import toy.b\n    return f, toy.b\n")
    assert import_graph.imports("toy", tmp_path) == {
        "toy": {"toy.a"},
        "toy.a": {"toy.b"},
        "toy.b": {"toy.sub.c"},
        "toy.sub": set(),
        "toy.sub.c": {"toy.a", "toy.b"},
    }
    assert import_graph.cycles("toy", tmp_path) == [["toy.a", "toy.b", "toy.sub.c"]]
    (pkg / "sub" / "c.py").write_text("X = 1\n")
    assert import_graph.cycles("toy", tmp_path) == []
