"""Editor text (and the visitor's own ?only= value) on the compare page's new parts stays
text: the "Remove" links, the "Add a framework" choices, the differences note, the refused
view's message, each cell's source link and review date. Same markers and checks as
tests/test_editor_text_escaping.py."""

import pytest

from comparisons.models import Criterion
from tests.test_editor_text_escaping import (
    MARKER,
    PAYLOADS,
    Markers,
    build_content,
    markup_made_by_markers,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("kind", sorted(PAYLOADS))
def test_the_compare_pages_controls_make_no_markup_of_editor_text(kind, client):
    markers = Markers(kind)
    content = build_content(markers)
    # Its criteria are made inactive; rated by every framework, they may show.
    Criterion.objects.update(active=True)
    slugs = [framework.slug for framework in content["frameworks"]]
    visitor = PAYLOADS[kind].format(m="xss999")
    pages = {
        "pair, with the add form": client.get(f"/compare/{slugs[0]}-vs-{slugs[1]}/"),
        "three, only the differences": client.get(
            "/compare/" + "-vs-".join(slugs) + "/?only=differences"
        ),
        "refused view": client.get(f"/compare/{slugs[0]}-vs-{slugs[1]}/", {"only": visitor}),
    }
    assert [response.status_code for response in pages.values()] == [200, 200, 400]

    shown = set()
    for name, response in pages.items():
        found, text = markup_made_by_markers(response.content.decode())
        assert not found, f"{name}: text became markup: {found[:3]}"
        shown.update(MARKER.findall(text))
    expected = {"Framework.name", "Criterion.name", "Rating.rationale", "Rating.source_url"}
    assert expected <= {markers.fields[m] for m in shown if m in markers.fields}
    assert "xss999" in shown  # the visitor's value is shown back, as text
