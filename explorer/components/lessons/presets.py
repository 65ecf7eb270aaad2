"""The lessons: scenes that replay the pictures of ch. 12, each with a caption that makes a claim and a question
to answer before pressing Play.

A preset is a scene (checked by ``scene.check`` like any link) plus words. Each run's ``Claim`` is what the
caption says of it, as data, so a test can hold every caption to the engine.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from explorer.core import scene as scenes


@dataclass(frozen=True)
class Claim:
    """What a caption says of one run: where it ends, roughly how long it takes, how it stops."""

    status: tuple[str, ...]  # any of these
    end: tuple[float, float] | None = None  # ends within ``near`` of this point
    near: float = 1e-3
    epochs: tuple[int, int] | None = None  # takes between these many epochs
    F: tuple[float, float] | None = None  # ends with F in this range
    reaches: tuple[tuple[float, int, int], ...] = ()  # (level, lo, hi): F first ≤ level at an epoch in [lo, hi]
    leaves: bool = False  # ends outside the scene's window


@dataclass(frozen=True)
class Preset:
    slug: str
    name: str
    caption: str
    prompt: str
    scene: dict = field(repr=False)
    claims: tuple[Claim, ...] = ()


def run(algorithm: str, start, epochs: int, **hyper) -> dict:
    return {"algorithm": algorithm, "start": list(start), "hyper": hyper, "epochs": epochs}


def lesson(x, y, runs, *, xr=None, yr=None, clock="epochs") -> dict:
    view = {"x": x, "y": y}
    if xr is not None:
        view["xr"], view["yr"] = list(xr), list(yr)
    return {"v": scenes.VERSION, "view": view, "runs": runs, "playback": {"clock": clock}}


BOOK = ("w1_11", "w2_11")
TALL = {"xr": (-5, 15), "yr": (-5, 45)}  # the book's map with the local minimum near (0.88, 38.6) in view
GLOBAL = (10.0, 1.0)
LOCAL = (0.8828, 38.6187)

_PRESETS = (
    Preset(
        "trajectory-a",
        "Trajectory a",
        "Steepest descent from (−4, −4) with α = 0.02 (the book demo's lr = 2α = 0.04). It crawls across a flat "
        "region where F stays above 0.5 for the first 52,000 epochs, then drops into the global minimum (10, 1); "
        "|∇F| falls below 10⁻⁸ only after about 233,000 epochs.",
        "Where will it end, and how long will it take: a thousand epochs, ten thousand, or a hundred thousand?",
        lesson(*BOOK, [run("sdbp", (-4, -4), 300_000, alpha=0.02)]),
        (Claim(("gradient",), GLOBAL, 1e-4, (225_000, 240_000), (0.0, 1e-12), reaches=((0.5, 50_000, 54_000),)),),
    ),
    Preset(
        "trajectory-b",
        "Trajectory b",
        "Steepest descent with the book's rate (α = 0.5, demo lr = 1) from (−4, 10). It never comes near the "
        "global minimum: it climbs the w²₁,₁ axis into the local minimum near (0.88, 38.6), where F ≈ 0.0934 "
        "cannot fall any further (about 159,000 epochs).",
        "Will this start reach F = 0 like trajectory a did? If not, where will it stop?",
        lesson(*BOOK, [run("sdbp", (-4, 10), 300_000, alpha=0.5)], **TALL),
        (Claim(("gradient",), LOCAL, 1e-3, (150_000, 165_000), (0.0934, 0.0935)),),
    ),
    Preset(
        "unstable-rate",
        "Unstable learning rate",
        "Two runs from (−4, −4). With the book's rate, α = 0.5 (demo lr 1), steepest descent reaches the global "
        "minimum in about 9,300 epochs. Raised a hundredfold to α = 50 (demo lr 100), the steps overshoot every "
        "valley, F ends higher than it started and the path is thrown out of the window.",
        "A hundred times larger steps: will it get there a hundred times sooner?",
        lesson(*BOOK, [run("sdbp", (-4, -4), 20_000, alpha=0.5), run("sdbp", (-4, -4), 20_000, alpha=50)]),
        (
            Claim(("gradient",), GLOBAL, 1e-4, (9_000, 9_600)),
            Claim(("max_epochs", "oscillating"), None, epochs=(20_000, 20_000), F=(1.5, 100.0), leaves=True),
        ),
    ),
    Preset(
        "demo-rate",
        "The demo's default rate",
        "The book demo's default lr = 3.5, that is α = 1.75, from (−4, −4). It gets within F ≈ 10⁻¹⁰ of the global "
        "minimum near epoch 2,100, then F climbs back to about 0.004 and the path oscillates around (10, 1): there "
        "the curvature is λmax ≈ 1.156, and a fixed step is stable only while α < 2/λmax ≈ 1.73.",
        "α = 1.75 is only a little above the book's example rates. Will it settle at the minimum?",
        lesson(*BOOK, [run("sdbp", (-4, -4), 20_000, alpha=1.75)]),
        (Claim(("max_epochs", "oscillating"), GLOBAL, 0.2, (20_000, 20_000), (1e-3, 1e-2), ((1e-10, 1_900, 2_300),)),),
    ),
    Preset(
        "saddle-point",
        "Saddle point",
        "The map over the two hidden biases (b¹₁, b¹₂) has two global minima, (−5, 5) and (5, −5), and a saddle "
        "point between them at the origin. Two starts a hair apart on either side of the diagonal roll into "
        "different minima; a start on the diagonal slides into the saddle and stops there, and Newton's method, "
        "which seeks ∇F = 0 rather than a minimum, jumps straight into it.",
        "The four runs start close together. Where will each one end?",
        lesson(
            "b1_1",
            "b1_2",
            [
                run("sdbp", (0.5, 0.3), 20_000, alpha=0.5),
                run("sdbp", (0.3, 0.5), 20_000, alpha=0.5),
                run("sdbp", (1, 1), 20_000, alpha=0.5),
                run("newton", (0.5, 0.3), 200),
            ],
        ),
        (
            Claim(("gradient",), (5.0, -5.0), 1e-4, (1_000, 3_000), (0.0, 1e-12)),
            Claim(("gradient",), (-5.0, 5.0), 1e-4, (1_000, 3_000), (0.0, 1e-12)),
            Claim(("gradient",), (0.0, 0.0), 1e-4, (5_000, 7_000), (0.2275, 0.2277)),
            Claim(("gradient",), (0.0, 0.0), 1e-6, (1, 5), (0.2275, 0.2277)),
        ),
    ),
    Preset(
        "faster-methods",
        "Faster methods",
        "Four of the chapter's remedies from trajectory a's start (−4, −4), on a clock of log-epochs. Momentum needs "
        "about 9,200 epochs, the variable learning rate about 730, conjugate gradient 15 iterations, each ending at "
        "the global minimum (10, 1). Levenberg–Marquardt takes only 25 iterations, but its first long steps carry "
        "it into the local minimum near (0.88, 38.6): fast is not the same as right.",
        "Which will reach the global minimum first, and will all four reach it?",
        lesson(
            *BOOK,
            [
                run("mobp", (-4, -4), 20_000, alpha=0.5, gamma=0.8),
                run("vlbp", (-4, -4), 2_000),
                run("cgbp", (-4, -4), 200),
                run("lmbp", (-4, -4), 200),
            ],
            clock="log",
            **TALL,
        ),
        (
            Claim(("gradient",), GLOBAL, 1e-4, (8_800, 9_600)),
            Claim(("gradient",), GLOBAL, 1e-4, (650, 800)),
            Claim(("gradient", "stalled"), GLOBAL, 1e-4, (10, 20)),
            Claim(("gradient",), LOCAL, 1e-3, (20, 30), (0.0934, 0.0935)),
        ),
    ),
    Preset(
        "modern-optimizers",
        "Modern optimizers",
        "Incremental SGD, Nesterov momentum, RMSprop and Adam, each with its usual settings, from (−4, −4). SGD and "
        "Nesterov follow the gradient down to the global minimum (10, 1). RMSprop and Adam scale each parameter's "
        "step by the size of its own gradient, so in the flat region they stride up w²₁,₁ as fast as along w¹₁,₁ "
        "and end in the local minimum near (0.88, 38.6).",
        "Adam is the default in most of deep learning. Will it find the global minimum here?",
        lesson(
            *BOOK,
            [
                run("sgd", (-4, -4), 20_000, alpha=0.5, seed=0),
                run("nesterov", (-4, -4), 20_000, alpha=0.1, gamma=0.9),
                run("rmsprop", (-4, -4), 20_000, alpha=0.01),
                run("adam", (-4, -4), 20_000, alpha=0.05),
            ],
            clock="log",
            **TALL,
        ),
        (
            Claim(("gradient",), GLOBAL, 1e-4, (8_500, 10_000)),
            Claim(("gradient",), GLOBAL, 1e-4, (4_000, 5_000)),
            Claim(("max_epochs", "oscillating"), LOCAL, 0.05, (20_000, 20_000), (0.0934, 0.0936)),
            Claim(("gradient",), LOCAL, 1e-3, (5_500, 7_000), (0.0934, 0.0935)),
        ),
    ),
    Preset(
        "large-weights",
        "Large initial weights",
        "Steepest descent over the first hidden neuron's weight and bias (w¹₁,₁, b¹₁). From small values (0.5, −0.5) "
        "F falls below 0.001 in about 3,800 epochs; from (−8, 8) it needs about 106,000; from (−8, −16), where "
        "the neuron is switched off for every input, F stays on the plateau 0.781 for all 300,000 epochs. Large "
        "initial weights start training where the surface is flat.",
        "The three runs differ only in how large the start is. How long will each take?",
        lesson(
            "w1_11",
            "b1_1",
            [
                run("sdbp", (0.5, -0.5), 300_000, alpha=0.5),
                run("sdbp", (-8, 8), 300_000, alpha=0.5),
                run("sdbp", (-8, -16), 300_000, alpha=0.5),
            ],
            clock="log",
        ),
        (
            Claim(("gradient",), (10.0, -5.0), 1e-4, (110_000, 125_000), (0.0, 1e-11), ((1e-3, 3_700, 3_900),)),
            Claim(("gradient",), (10.0, -5.0), 1e-4, (210_000, 230_000), (0.0, 1e-11), ((1e-3, 100_000, 112_000),)),
            Claim(("max_epochs",), None, epochs=(300_000, 300_000), F=(0.780, 0.782)),
        ),
    ),
)

PRESETS: dict[str, Preset] = {p.slug: p for p in _PRESETS}


def preset_scene(slug: str) -> dict:
    """The preset's scene, checked, with its prompt on: the result stays hidden until Play."""
    preset = PRESETS[slug]
    scene, notes = scenes.check({**preset.scene, "preset": slug, "predict": True})
    assert not notes, notes  # a preset is a valid scene as written
    return scene
