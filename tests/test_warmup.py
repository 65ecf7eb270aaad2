"""Start-up: importing the engine compiles nothing; warm_up() compiles once, whoever calls it first."""

import subprocess
import sys

from conftest import ROOT


def run(code: str) -> str:
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    return out.stdout.strip()


def test_importing_the_engine_loads_no_numba():
    code = (
        "import sys, surface\n"
        "surface.evaluate_grid('w1_11', 'w2_11', [0.0], [0.0])\n"
        "surface.train('lmbp', (5.0, 5.0), epochs=5, compiled=False)\n"
        "print('numba' in sys.modules, surface.compiled_ready())\n"
    )
    assert run(code) == "False False"


def test_warm_up_compiles_once_for_every_thread_that_asks():
    code = (
        "import threading, surface\n"
        "from surface import warmup\n"
        "calls = []\n"
        "original = warmup._compile\n"
        "warmup._compile = lambda: (calls.append(1), original())\n"
        "threads = [threading.Thread(target=surface.warm_up) for _ in range(4)]\n"
        "[t.start() for t in threads]\n"
        "ready_while_waiting = surface.compiled_ready(timeout=None)\n"
        "[t.join() for t in threads]\n"
        "tr = surface.train('sdbp', (-4.0, -4.0), epochs=10)\n"
        "print(len(calls), ready_while_waiting, surface.compiled_ready(), surface.warm_up())\n"
    )
    assert run(code) == "1 True True 0.0"


def test_a_compiled_run_waits_for_the_warm_up_under_way():
    code = (
        "import threading, surface\n"
        "from surface import warmup\n"
        "calls = []\n"
        "original = warmup._compile\n"
        "warmup._compile = lambda: (calls.append(1), original())\n"
        "t = threading.Thread(target=surface.warm_up); t.start()\n"
        "b = surface.train_batch('lmbp', [(5.0, 5.0), (-4.0, 10.0)], epochs=50)\n"
        "t.join()\n"
        "print(len(calls), b.status.tolist())\n"
    )
    assert run(code) == "1 ['gradient', 'gradient']"
