"""The ids of the link: names here, the DOM ids the page and its scripts use."""

MSG_SCENE = "msg-scene"
