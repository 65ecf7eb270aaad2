"""Every preset is a valid scene, and every claim its caption makes holds in the engine."""

import numpy as np
import pytest

import surface
from explorer.components.lessons import presets
from explorer.core import scene as scenes
from explorer.core.run import run_string

NAMES = [
    "Trajectory a",
    "Trajectory b",
    "Unstable learning rate",
    "The demo's default rate",
    "Saddle point",
    "Faster methods",
    "Modern optimizers",
    "Large initial weights",
]


def test_the_issues_presets_are_there_by_name():
    assert [p.name for p in presets.PRESETS.values()][: len(NAMES)] == NAMES


@pytest.mark.parametrize("slug", list(presets.PRESETS))
def test_a_preset_is_a_valid_scene_with_words_for_people(slug):
    preset = presets.PRESETS[slug]
    scene = presets.preset_scene(slug)
    assert scene["preset"] == slug and scene["predict"] is True
    assert len(preset.claims) == len(scene["runs"]) >= 1
    sentences = [s for s in preset.caption.split(". ") if s]
    assert 2 <= len(sentences) <= 4, preset.caption
    assert preset.prompt.endswith("?")
    assert scenes.load_query(scenes.to_query(scene)) == (scene, [])


def first_epoch_at_or_below(values, level):
    hits = np.flatnonzero(values <= level)
    return int(hits[0]) if hits.size else None


@pytest.mark.parametrize("slug", list(presets.PRESETS))
def test_every_claim_of_a_caption_holds_in_the_engine(slug):
    preset = presets.PRESETS[slug]
    scene = presets.preset_scene(slug)
    view = scene["view"]
    for run, claim in zip(scene["runs"], preset.claims, strict=True):
        tr = surface.train(
            run["algorithm"],
            run["start"],
            scenes.pair(scene),
            scenes.fixed_vector(view),
            epochs=run["epochs"],
            goal=run["goal"],
            grad_tol=run["grad_tol"],
            **run["hyper"],
        )
        where = f"{slug}: {run_string(run)}"
        assert tr.status in claim.status, where
        if claim.end is not None:
            assert np.max(np.abs(tr.end - claim.end)) <= claim.near, (where, tr.end)
        if claim.epochs is not None:
            assert claim.epochs[0] <= tr.epochs <= claim.epochs[1], (where, tr.epochs)
        if claim.F is not None:
            assert claim.F[0] <= tr.F[-1] <= claim.F[1], (where, tr.F[-1])
        for level, lo, hi in claim.reaches:
            epoch = first_epoch_at_or_below(tr.F, level)
            assert epoch is not None and lo <= epoch <= hi, (where, level, epoch)
        (x0, x1), (y0, y1) = view["xr"], view["yr"]
        outside = not (x0 <= tr.end[0] <= x1 and y0 <= tr.end[1] <= y1)
        assert outside == claim.leaves, (where, tr.end)
