"""The ``html_page`` fixture and the HtmlPage it returns: a response's HTML, parsed into
elements one can find by tag, attributes and id."""

from html.parser import HTMLParser

import pytest


class HtmlPage:
    """A parsed page: every element's tag, attributes and text (whitespace-normalised and
    unescaped), in document order."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}

    def __init__(self, markup: str):
        elements: list[tuple[str, dict, list[str]]] = []
        everything: list[str] = []

        class Parser(HTMLParser):
            def __init__(self):
                super().__init__(convert_charrefs=True)
                self.open: list[int] = []

            def handle_starttag(self, tag, attrs):
                attributes = {name: "" if value is None else value for name, value in attrs}
                elements.append((tag, attributes, []))
                if tag not in HtmlPage.VOID:
                    self.open.append(len(elements) - 1)

            def handle_startendtag(self, tag, attrs):
                elements.append((tag, {name: value or "" for name, value in attrs}, []))

            def handle_endtag(self, tag):
                for depth in range(len(self.open) - 1, -1, -1):
                    if elements[self.open[depth]][0] == tag:
                        del self.open[depth:]
                        return

            def handle_data(self, data):
                everything.append(data)
                for index in self.open:
                    elements[index][2].append(data)

        Parser().feed(markup)
        self.elements = [(tag, attrs, self._normalise(parts)) for tag, attrs, parts in elements]
        self.text = self._normalise(everything)

    @staticmethod
    def _normalise(parts) -> str:
        return " ".join("".join(parts).split())

    def _matches(self, attributes: dict, attrs: dict) -> bool:
        for key, value in attrs.items():
            if key == "class_":
                if value not in attributes.get("class", "").split():
                    return False
            elif attributes.get(key.replace("_", "-")) != value:
                return False
        return True

    def find_all(self, tag: str, **attrs) -> list[dict]:
        """Attributes of every ``tag`` element whose attributes include ``attrs``
        (``class_="x"``: x is one of its classes; ``aria_labelledby`` for aria-labelledby)."""
        return [a for t, a, _ in self.elements if t == tag and self._matches(a, attrs)]

    def texts(self, tag: str, **attrs) -> list[str]:
        """Text of every matching element (see find_all)."""
        return [text for t, a, text in self.elements if t == tag and self._matches(a, attrs)]

    def text_of(self, element_id: str) -> str:
        """Text of the element with this id."""
        found = [text for _, a, text in self.elements if a.get("id") == element_id]
        assert len(found) == 1, f"{len(found)} elements #{element_id} on the page"
        return found[0]

    def section(self, heading_id: str) -> str:
        """Text of the element labelled by (aria-labelledby) this heading id."""
        found = [text for _, a, text in self.elements if a.get("aria-labelledby") == heading_id]
        assert len(found) == 1, f"{len(found)} elements labelled by #{heading_id}"
        return found[0]

    def has(self, element_id: str) -> bool:
        return any(
            element_id in (a.get("id"), a.get("aria-labelledby")) for _, a, _ in self.elements
        )


@pytest.fixture
def html_page():
    """``html_page(response)``: the response's HTML as an HtmlPage."""

    def parse(response) -> HtmlPage:
        assert response["Content-Type"].startswith("text/html")
        return HtmlPage(response.content.decode())

    return parse
