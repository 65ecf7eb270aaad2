"""The ids of the lessons: names here, the DOM ids the page and its scripts use."""

LESSONS = "lessons"  # the preset gallery
PRESET = "preset"  # {"type": PRESET, "name": slug}: one card per preset
LESSON_PANEL = "lesson-panel"
REVEAL = "reveal"  # written by the client when Play reveals a predicted result
