"""The engine stands alone: importing it loads neither dash, flask nor plotly."""

import subprocess
import sys

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
