"""The Dash layer of the loss-surface explorer: ``core`` (the scene, its reducer, the engine calls), ``components``
(one folder a feature, each registering itself), ``serving`` (cache, jobs, hardening, exports) and ``wiring`` (the
app built from the registry). Importing the package registers every component."""

from . import components  # noqa: F401 - each component registers itself
