"""The Dash layer of the loss-surface explorer: ``core`` (the scene, its reducer, the engine calls), ``components``
(one folder a feature, each registering itself), ``serving`` (cache, jobs, hardening, exports) and ``wiring`` (the
app built from the registry). Importing the package registers every component.

``explorer.show(scene_or_link=None, mode="inline")`` runs the explorer inside a Jupyter notebook
(``explorer/notebook.py``); ``python -m explorer`` serves it (``explorer/cli.py``).
"""

from . import components  # noqa: F401 - each component registers itself


def show(scene_or_link=None, mode: str = "inline", **options) -> None:
    """Serve the explorer from this Jupyter kernel and show it opened on a scene, a link or a lesson's name
    (``explorer/notebook.py`` says how, and which ``options`` there are)."""
    from explorer.notebook import show as _show

    _show(scene_or_link, mode, **options)
