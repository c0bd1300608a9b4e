"""Pictures for link previews (og:image): a title and one labelled bar per framework, drawn
as a 1200 × 630 PNG, the size link previews expect. The pages that use them pass the
figures; nothing here knows about frameworks or scores."""

from dataclasses import dataclass
from io import BytesIO

from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 1200, 630
MARGIN = 60
BACKGROUND = "#ffffff"
INK = "#1a1a1a"
MUTED = "#495057"
TRACK = "#e9ecef"
ACCENT = "#0b5394"
MAX_BARS = 5


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    maximum: float
    text: str  # the figure printed beside the bar, e.g. "4.2 / 5"
    colour: str = ACCENT


def bar_chart_png(title: str, subtitle: str, bars: list[Bar]) -> bytes:
    """The picture: the site's name, a title, a subtitle and up to five bars."""
    image = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
    draw = ImageDraw.Draw(image)
    draw.text((MARGIN, 40), "StackAdvisor", fill=ACCENT, font=_font(30))
    draw.text((MARGIN, 90), _fit(draw, title, 56, WIDTH - 2 * MARGIN), fill=INK, font=_font(56))
    draw.text((MARGIN, 165), subtitle, fill=MUTED, font=_font(28))
    shown = bars[:MAX_BARS]
    row = (HEIGHT - 240 - 30) / max(len(shown), 1)
    for index, bar in enumerate(shown):
        _draw_bar(draw, bar, 240 + index * row, min(row - 16, 56))
    buffer = BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def _draw_bar(draw: ImageDraw.ImageDraw, bar: Bar, top: float, height: float) -> None:
    label_width = 300
    figure_width = 170
    left = MARGIN + label_width
    length = WIDTH - 2 * MARGIN - label_width - figure_width
    label = _fit(draw, bar.label, 30, label_width - 20)
    middle = top + height / 2
    draw.text((MARGIN, middle), label, fill=INK, font=_font(30), anchor="lm")
    draw.rounded_rectangle((left, top, left + length, top + height), 8, fill=TRACK)
    share = 0.0 if bar.maximum <= 0 else max(0.0, min(1.0, bar.value / bar.maximum))
    if share > 0:
        draw.rounded_rectangle((left, top, left + length * share, top + height), 8, fill=bar.colour)
    draw.text((left + length + 20, middle), bar.text, fill=INK, font=_font(30), anchor="lm")


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    # Pillow's own font, at a size: no font file to ship or find on the system.
    return ImageFont.load_default(size=size)


def _fit(draw: ImageDraw.ImageDraw, text: str, size: int, width: int) -> str:
    """The text, cut with an ellipsis where it would be wider than ``width``."""
    if draw.textlength(text, font=_font(size)) <= width:
        return text
    while text and draw.textlength(text + "…", font=_font(size)) > width:
        text = text[:-1]
    return text.rstrip() + "…"
