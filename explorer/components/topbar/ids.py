"""The ids of the top bar: names here, the DOM ids the page and its scripts use."""

COPY_LINK = "copy-link"
EXPORT_PNG = "export-png"
EXPORT_HTML = "export-html"
EXPORT_SCENE = "export-scene"
LOAD_SCENE = "load-scene"  # dcc.Upload of a scene file
PRESENT = "present"
HELP = "help"
HELP_PANEL = "help-panel"
DRAWER = "drawer"  # opens the controls on a narrow screen
