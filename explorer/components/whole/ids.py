"""The ids of the whole network: names here, the DOM ids the page and its scripts use."""

WHOLE_FREE = "whole-free"  # which other parameters also train
WHOLE_ALL = "whole-all"  # the "all seven" shortcut
WHOLE_INIT = "whole-init"  # where the others start
WHOLE_SEED = "whole-seed"  # the seed of the random starts
WHOLE_VALUES = "whole-values"  # typed starting values
FOLLOW = "follow"  # the slice follows the iterate (playback bar)
FOLLOW_STORE = "follow-store"  # the keyframe maps of the followed run
FOLLOW_KEY = "follow-key"  # what the follow store was computed for (a few bytes, read back as State)
