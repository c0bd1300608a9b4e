"""Visitors' answer sets for the starting content, by the labels `answer_form_data` takes
(tests/fixtures/content.py). Shared by several test modules, so read-only: copy one to vary it
(``{**WEB_APP, "scale": "Large"}``)."""

from types import MappingProxyType

CHAT_APP = MappingProxyType(
    {
        "language": "JavaScript",
        "experience": "Some",
        "building": "A real-time app",
        "priorities": ("Speed",),
        "scale": "Large",
    }
)
# Reveals the conditional question (admin_panel) and makes Django the winner.
WEB_APP = MappingProxyType(
    {
        "language": "Another language",
        "experience": "Beginners",
        "building": "A full-featured web app",
        "admin_panel": "Yes",
        "priorities": ("Security", "Structure"),
        "scale": "Medium",
    }
)
PROTOTYPE = MappingProxyType(
    {
        "language": "Another language",
        "experience": "Some",
        "building": "A small prototype",
        "priorities": ("Simplicity", "Freedom and control"),
        "scale": "Small",
    }
)
DATA_APP = MappingProxyType(
    {
        "language": "Python",
        "experience": "Some",
        "building": "A data- or ML-heavy app",
        "priorities": ("Speed",),
        "scale": "Large",
    }
)
