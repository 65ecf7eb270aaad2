"""Random restarts: on or off, how many starts, drawn how (uniform in the window, or small in [−1, 1]) and from
which seed.

In a link ``restarts=50,uniform,0`` while on; ``restarts=off,…`` keeps settings that are not the defaults while
off; nothing at all for the defaults.
"""

from __future__ import annotations

from explorer.core.slice import Choice, Field, Flag, Slice, Whole

STARTS = (2, 500)
WORK = 20_000_000
"""Restarts per run, and starts × epochs at most (a run's epochs are capped to stay within it)."""
INITS = ("uniform", "small")


class RestartsSlice(Slice):
    def link(self, part: dict, scene: dict) -> list[tuple[str, str]]:
        settings = f"{part['n']},{part['init']},{part['seed']}"
        if part["on"]:
            return [("restarts", settings)]
        if part != self.default(scene):  # settings kept for when they are switched on
            return [("restarts", "off," + settings)]
        return []

    def read(self, key: str, text: str, raw: dict) -> None:
        on = not text.startswith("off,")
        n, init, seed = [*text.removeprefix("off,").split(","), "", ""][:3]
        raw["restarts"] = {"on": on, "n": n, "init": init, "seed": seed or 0}


SLICE = RestartsSlice(
    "restarts",
    ("restarts",),
    fields=(
        Field("on", Flag(), False, "restarts", control="restarts_on", toggle=True),
        Field("n", Whole(*STARTS), 50, "restarts", control="restarts_n"),
        Field("init", Choice(INITS), INITS[0], "restart starts", control="restarts_init"),
        Field("seed", Whole(0, 2**31 - 1), 0, "restart seed", control="restarts_seed", label="seed"),
    ),
    keys=("restarts",),
    title="restarts",
    fallback="off",
)
