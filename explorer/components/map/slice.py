"""The view's own fields: the pair on the axes, the window, the resolution, the fixed values, the overlays that are
on, which view the stage shows (contour map, 3-D surface, learning rates, along a line), the aspect and the 3-D
scale. The parts of the view other features own (the basin map's settings, the learning-rate map's, the training
set, the plane) are their own slices, inside the view.

In a link::

    v=1&x=w1_11&y=w2_11&xr=-5,15&yr=-5,15&res=120&b2=0.5&overlays=critical,stability&view=3d&aspect=equal&z=log
"""

from __future__ import annotations

import surface
from explorer.core import registry, scene
from explorer.core.format import number_text, quote
from explorer.core.limits import MAX_MAGNITUDE, MAX_RESOLUTION, MIN_RESOLUTION, MIN_WIDTH
from explorer.core.slice import Choice, Choices, Each, Field, Key, Notes, Range, Slice, Whole, check_number

DEFAULT_PAIR = ("w1_11", "w2_11")
DEFAULT_RESOLUTION = 250
DEFAULT_OVERLAYS = ["critical"]
MODES = ("contour", "3d", "hyper", "line")
ASPECTS = ("auto", "equal", "free")
ZSCALES = ("linear", "log")


def overlay_names() -> tuple[str, ...]:
    """The overlays a scene can switch on, in the order a link lists them: every registered component's."""
    return tuple(o.name for o in registry.overlays())


def _window(axis: int):
    return lambda scene, part: list(surface.default_window(part["x"], part["y"])[axis])


class Fixed:
    """The five off-axis parameters' values, only those that are not nominal (so equal views are equal dicts)."""

    @staticmethod
    def check(raw, axes, notes: Notes) -> dict:
        if not isinstance(raw, dict):
            notes.add("fixed values", f"{quote(raw)} is not a mapping: all five are nominal")
            return {}
        fixed = {}
        for name, value in raw.items():
            if name not in surface.PARAMS:
                notes.add("fixed values", f"{quote(name)} is not a parameter: ignored")
                continue
            if name in axes:
                notes.add("fixed values", f"{surface.LABELS[name]} is on an axis, so its fixed value is not used")
                continue
            nominal = float(surface.NOMINAL[surface.PARAMS.index(name)])
            v = check_number(value, surface.LABELS[name], -MAX_MAGNITUDE, MAX_MAGNITUDE, notes, nominal)
            if v != nominal:
                fixed[name] = v
        return {name: fixed[name] for name in surface.PARAMS if name in fixed}

    @staticmethod
    def text(value) -> str:
        return number_text(value)


class ViewSlice(Slice):
    """The view: a pair of two different parameters comes first, its default window after it."""

    def check(self, raw, scene: dict, notes: Notes) -> dict:
        if not isinstance(raw, dict):
            if raw is not None:
                notes.add("view", "not a JSON object: showing the default view")
            return self.default(scene)
        x, y = raw.get("x", DEFAULT_PAIR[0]), raw.get("y", DEFAULT_PAIR[1])
        if x not in surface.PARAMS or y not in surface.PARAMS or x == y:
            notes.add("axes", f"{quote(x)} and {quote(y)} are not two different parameters: showing w¹₁,₁ and w²₁,₁")
            x, y = DEFAULT_PAIR
        fields = {k: v for k, v in raw.items() if k != "fixed"}
        part = self.check_fields({**fields, "x": x, "y": y}, scene, notes)
        part["fixed"] = Fixed.check(raw.get("fixed", {}), (x, y), notes)
        return part


def _choice_field(name: str, choices: tuple[str, ...], where: str) -> Field:
    return Field(name, Choice(choices), choices[0], where)


SLICE = ViewSlice(
    "view",
    ("view",),
    fields=(
        Field("x", Choice(surface.PARAMS), DEFAULT_PAIR[0], "axes"),
        Field("y", Choice(surface.PARAMS), DEFAULT_PAIR[1], "axes"),
        Field("xr", Range(-MAX_MAGNITUDE, MAX_MAGNITUDE, MIN_WIDTH), _window(0), "x window"),
        Field("yr", Range(-MAX_MAGNITUDE, MAX_MAGNITUDE, MIN_WIDTH), _window(1), "y window"),
        Field("res", Whole(MIN_RESOLUTION, MAX_RESOLUTION), DEFAULT_RESOLUTION, "grid points per axis"),
        Field("fixed", Fixed, {}, "fixed values"),
        Field("overlays", Choices(overlay_names), DEFAULT_OVERLAYS, "overlays"),
        _choice_field("mode", MODES, "view"),
        _choice_field("aspect", ASPECTS, "aspect"),
        _choice_field("zscale", ZSCALES, "3-D scale"),
    ),
    links=(
        Key("x", "x", always=True),
        Key("y", "y", always=True),
        Key("xr", "xr", always=True),
        Key("yr", "yr", always=True),
        Key("res", "res"),
        Each("fixed", tuple(surface.PARAMS)),
        Key("overlays", "overlays"),
        Key("view", "mode"),
        Key("aspect", "aspect"),
        Key("z", "zscale"),
    ),
    title="view",
)


def default_view(x: str = DEFAULT_PAIR[0], y: str = DEFAULT_PAIR[1]) -> dict:
    """The view of a new scene on the pair (x, y), with every part of the view at its default."""
    return scene.check({"view": {"x": x, "y": y}})[0]["view"]
