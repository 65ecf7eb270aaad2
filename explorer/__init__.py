"""The Dash layer of the loss-surface explorer: ids, layout, figure builders, callbacks, cache."""
