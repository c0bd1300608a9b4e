"""Question and answer texts of the starting content that the questionnaire page's tests
name, and the valid answers they start from."""

from tests.personas import WEB_APP

BUILDING = "What are you building?"
ADMIN_PANEL = "Will non-developers manage data through an admin panel?"
DATA_APP = "A data- or ML-heavy app, such as an analytics dashboard"

# A valid baseline that bad-input tests spoil in exactly one way.
VALID = WEB_APP
