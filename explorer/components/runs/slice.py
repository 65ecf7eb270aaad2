"""The scene's runs: at most eight run requests (``core/run.py``), no two alike, each in a colour of its own.

In a link one ``run=`` each, in the scene's order: ``run=sdbp,-4,-4,alpha=1.75,epochs=300000``; a run's colour
(``color=3``) only when the colours are not simply 0, 1, 2 … in order.
"""

from __future__ import annotations

from explorer.core import run as runs
from explorer.core import whole
from explorer.core.limits import MAX_RUNS
from explorer.core.slice import Notes, Slice


class RunsSlice(Slice):
    def default(self, scene: dict | None = None) -> list:
        return []

    def check(self, raw, scene: dict, notes: Notes) -> list[dict]:
        if raw is None:
            return []
        if not isinstance(raw, list):
            notes.add("runs", "not a list: no runs are shown")
            return []
        if len(raw) > MAX_RUNS:
            dropped = len(raw) - MAX_RUNS
            notes.add("runs", f"{len(raw)} runs asked for, at most {MAX_RUNS} at once: the last {dropped} dropped")
        checked, keys = [], set()
        for i, item in enumerate(raw[:MAX_RUNS]):
            run = runs.check(item, f"run {i + 1}", notes)
            if run is None:
                continue
            key = runs.run_key(run)
            if key in keys:
                notes.add(f"run {i + 1}", "the same as an earlier run: dropped")
                continue
            keys.add(key)
            checked.append(run)
        checked = runs.assign_colors(checked, notes)
        axes = (scene["view"]["x"], scene["view"]["y"])  # the whole network: the axes always train
        return whole.normalise_runs(checked, axes, runs.run_key, notes)

    def link(self, part: list, scene: dict) -> list[tuple[str, str]]:
        in_order = [r["color"] for r in part] == list(range(len(part)))  # what a link without colours gives
        return [("run", runs.run_string(runs.without_color(r) if in_order else r)) for r in part]

    def read(self, key: str, text: str, raw: dict) -> None:
        raw.setdefault("runs", []).append(runs.parse_run(text))


SLICE = RunsSlice("runs", ("runs",), title="runs", keys=("run",))
