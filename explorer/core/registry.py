"""How a feature plugs into the explorer: a ``Component`` declares what it adds, and the registry keeps them in order.

Each folder of ``explorer/components/`` builds one ``Component``: the parts of the scene it owns (``slices``), the
controls whose changes edit the scene (``controls``, ``triggers``) and the pure steps of the scene's reducer that
handle them (``handlers``), what its controls show for a scene (``show``), where its messages go (``messages``),
the map overlays and long jobs it offers (``overlays``, ``jobs``), its places on the page (``places``), the views
that draw part of the page from what they read (``views``) and any other callbacks of its own (``register``).
``explorer/components/__init__.py`` registers every component, one line each, in the order the scene, its link
and the page list them; ``explorer/wiring.py`` builds the app from the registry.

Nothing here imports dash: the registry only holds what the components declare.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from . import ids
from .slice import Slice

REGIONS = {
    "topbar": "the bar across the top (title, lessons, link, export, present, help)",
    "notices": "under the top bar: what happened to the scene as a whole",
    "controls": "the column of controls on the left",
    "training": "inside the training panel, under its stopping rules",
    "run-notes": "under the Run button: what a run asked for is waiting for",
    "map-controls": "inside the surface's controls, under the axes",
    "stage-head": "above the map: the view tabs and the key line",
    "map-key": "the key line above the map: each overlay's entries",
    "stage": "the stage: the map and the other views",
    "playback": "the playback bar under the stage",
    "side": "the column of plots and panels on the right",
    "dialogs": "over the page (the keyboard shortcuts)",
    "stores": "the browser's stores",
}
"""The page's regions a component may place something in (``explorer/components/page.py``)."""


@dataclass(frozen=True)
class Event:
    """What happened: ``kind`` (a handler's name) and its detail (a run key, a clicked point, a scene source)."""

    kind: str
    detail: object = None


@dataclass(frozen=True)
class Control:
    """A control whose value the scene's reducer reads by ``name``.

    ``event`` is the kind of event its change stands for (None: it is only read, when another control fires).
    A pattern-matching ``id`` (a dict holding ``ALL``) is a group of controls: its values reach the reducer nested
    by the id's keys named in ``nest`` (``("name",)``: ``{name: value}``). ``slot`` is the message slot beside it
    (None: its component's first, see ``message_slot``).
    """

    name: str
    id: Any
    event: str | None = None
    prop: str = "value"
    nest: tuple[str, ...] = ()
    slot: str | None = None


@dataclass(frozen=True)
class Trigger:
    """Something other than a control's value that edits the scene (a button, a store the page writes, an
    upload): ``to_event(id, value)`` is the event it stands for, or None (a button drawn but not clicked)."""

    name: str
    id: Any
    to_event: Callable[[Any, Any], Event | None]
    prop: str = "n_clicks"


@dataclass(frozen=True)
class Overlay:
    """A layer of the contour map that a scene switches on by ``name`` (its checkbox reads ``label``).

    ``uid`` names the map trace it draws (None: it draws none of its own; the map itself draws it); a ``beneath``
    layer lies under the contour in the map's traces; while an ``under`` layer shows, the contour is drawn as
    lines over it; ``job`` names the long job whose finished result it draws. The map asks it, for a view and the
    training panel's draft (and ``context``: the finished results of the jobs the overlays draw, by job name):

    - ``hidden()``: the trace that holds its place while it is off (an empty, hidden scatter by default);
    - ``trace(view, draft, context)``: its trace (its hidden place while it is off);
    - ``drawn(view, draft, context)``: plain values naming what its trace shows (part of the map's key: a change
      redraws this layer alone);
    - ``patch(patch, index, old, new, view, draft)``: update the drawn trace in place when what ``drawn`` names
      changed in a way it can (return False to have the trace sent again);
    - ``key(view, draft, context)``: its entries in the key line above the map.
    """

    name: str
    label: str
    rank: int = 0  # its place in the overlays' checklist (the scene and its link list them as registered)
    uid: str | None = None
    beneath: bool = False
    under: bool = False
    job: str | None = None
    hidden: Callable | None = None
    trace: Callable | None = None
    drawn: Callable | None = None
    patch: Callable | None = None
    key: Callable | None = None


@dataclass(frozen=True)
class JobType:
    """A kind of long job a component offers (``explorer/components/jobs/`` shows every one in the same panel).

    ``request(scene)`` is what to compute for a checked scene, as plain values (None: nothing is asked for; a
    string: why it cannot be, said on the page); ``cost(request)`` its estimated seconds of computing on this
    kind of machine, held against the job budget before it is queued; ``compute(request, progress)`` the work
    itself, in a runner, calling ``progress(done, total)`` as it goes and returning plain (JSON) data. ``label``
    names it in the words of its progress ("where each start ends: 900 of 3,600 starts").
    """

    name: str
    label: str
    request: Callable
    cost: Callable
    compute: Callable


@dataclass(frozen=True)
class View:
    """A server callback that draws part of the page from what it reads, declared rather than registered by hand.

    ``build(**reads, **state)`` is a plain function returning a dict keyed like ``writes``; ``reads`` (whose
    changes call it) and ``state`` (read along) map each of its arguments to an ``(id, property)`` pair, and
    ``writes`` each output's name to one (a third element ``True`` lets another callback write it too).
    ``initial``: it also runs when the page loads. ``explorer/wiring.py`` registers every view.
    """

    name: str
    reads: Mapping[str, tuple]
    writes: Mapping[str, tuple]
    build: Callable[..., dict]
    state: Mapping[str, tuple] = field(default_factory=dict)
    initial: bool = True


def scene(*parts: str) -> dict[str, tuple]:
    """What a view reads of the scene: ``scene_<part>`` → the browser's store of that part, e.g.
    ``scene("view", "runs")``."""
    return {f"scene_{part}": (ids.store(part), "data") for part in parts}


def button(kind: str, detail=None) -> Callable[[Any, Any], Event | None]:
    """A button's event: ``kind`` when it has been clicked, nothing when it is only drawn."""
    return lambda _id, value: Event(kind, detail) if value else None


@dataclass(frozen=True)
class Place:
    """Where a component's layout goes: ``build()`` (a component or a list of them) in ``region``, among the
    others by ``rank`` (ties in the order of registration)."""

    region: str
    rank: int
    build: Callable

    def __post_init__(self):
        if self.region not in REGIONS:
            raise ValueError(f"{self.region!r} is not one of the page's regions: {', '.join(REGIONS)}")


@dataclass(frozen=True)
class Component:
    """What one feature adds to the explorer (see the module's docstring)."""

    name: str
    slices: tuple[Slice, ...] = ()
    controls: tuple[Control, ...] = ()
    triggers: tuple[Trigger, ...] = ()
    handlers: Mapping[str, Callable] = field(default_factory=dict)
    show: Callable[[dict], dict] | None = None
    messages: Mapping[str, str] = field(default_factory=dict)
    overlays: tuple = ()
    jobs: tuple = ()
    places: tuple[Place, ...] = ()
    views: tuple[View, ...] = ()
    register: Callable | None = None
    ids: Any = None  # its ids module (names in capitals): the browser's scripts find its elements by those names


_COMPONENTS: list[Component] = []


def register(*components: Component) -> None:
    """Add components (in order); a second component of a name, a slice, a control, a link key, an event kind or
    a message slot that another already declares is refused."""
    for component in components:
        if any(c.name == component.name for c in _COMPONENTS):
            continue  # registered already (a module imported twice is the same component)
        _refuse_twins(component)
        _COMPONENTS.append(component)


def _refuse_twins(new: Component) -> None:
    def taken(what: str, mine, theirs) -> None:
        twins = set(mine) & set(theirs)
        if twins:
            raise ValueError(f"component {new.name}: {what} {', '.join(map(str, sorted(twins)))} declared twice")

    taken("slice", [s.name for s in new.slices], [s.name for s in slices()])
    taken("link key", [k for s in new.slices for k in s.link_keys], [k for s in slices() for k in s.link_keys])
    taken("control", [c.name for c in new.controls], [c.name for c in controls()])
    taken("trigger", [t.name for t in new.triggers], [t.name for t in triggers()])
    taken("event", new.handlers, handlers())
    taken("message slot", new.messages, messages())
    taken("overlay", [o.name for o in new.overlays], [o.name for o in overlays()])
    taken("job", [j.name for j in new.jobs], [j.name for j in jobs()])
    taken("view", [v.name for v in new.views], [v.name for c in _COMPONENTS for v in c.views])
    taken("id name", id_names(new), [n for c in _COMPONENTS for n in id_names(c)])


def id_names(component: Component) -> dict:
    """A component's ids by their names (the capitalised string constants of its ids module)."""
    module = component.ids
    if module is None:
        return {}
    return {name: value for name, value in vars(module).items() if name.isupper() and isinstance(value, str)}


def components() -> tuple[Component, ...]:
    """Every registered component, in order (``import explorer`` registers them all)."""
    return tuple(_COMPONENTS)


def slices() -> tuple[Slice, ...]:
    return tuple(s for c in components() for s in c.slices)


def controls() -> tuple[Control, ...]:
    return tuple(x for c in components() for x in c.controls)


def triggers() -> tuple[Trigger, ...]:
    return tuple(x for c in components() for x in c.triggers)


def handlers() -> dict[str, Callable]:
    return {k: h for c in components() for k, h in c.handlers.items()}


def messages() -> dict[str, str]:
    return {k: v for c in components() for k, v in c.messages.items()}


def overlays() -> tuple:
    return tuple(o for c in components() for o in c.overlays)


def jobs() -> tuple:
    return tuple(j for c in components() for j in c.jobs)


def places(region: str) -> list:
    """What every component places in ``region``, built, in order of rank (ties: in the order of registration);
    a builder's list of components is spread out."""
    if region not in REGIONS:
        raise ValueError(f"{region!r} is not one of the page's regions: {', '.join(REGIONS)}")
    placed = [(p.rank, i, p) for i, c in enumerate(components()) for p in c.places if p.region == region]
    out: list = []
    for *_, place in sorted(placed, key=lambda t: t[:2]):
        built = place.build()
        out.extend(built if isinstance(built, list) else [built])
    return out


def message_slot(control_name: str) -> str:
    """Where a message about a control goes: its own slot, else its component's first, else the scene's (the
    notices under the top bar)."""
    for component in components():
        for control in component.controls:
            if control.name == control_name:
                return control.slot or next(iter(component.messages), "scene")
    return "scene"
