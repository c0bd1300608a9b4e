"""Each framework's colour, the same on every page and in every chart: worked out from its
id alone (hues a golden angle apart, so frameworks added one after another differ clearly),
dark enough for 3:1 contrast against white, as charts' graphics need (WCAG 1.4.11)."""

import colorsys
from functools import lru_cache

GOLDEN_ANGLE = 137.508
WHITE_LUMINANCE = 1.0
MIN_CONTRAST = 3.2  # a margin over 3:1
SATURATION = 0.7


@lru_cache(maxsize=1024)
def framework_colour(framework_id: int) -> str:
    """``#rrggbb`` for the framework with this id."""
    hue = (framework_id * GOLDEN_ANGLE) % 360 / 360
    for lightness in (0.42, 0.38, 0.34, 0.30, 0.26):
        rgb = colorsys.hls_to_rgb(hue, lightness, SATURATION)
        if contrast_with_white(rgb) >= MIN_CONTRAST:
            break
    return "#" + "".join(f"{round(channel * 255):02x}" for channel in rgb)


def contrast_with_white(rgb: tuple[float, float, float]) -> float:
    """The WCAG contrast ratio of a colour (channels 0–1) against white."""
    return (WHITE_LUMINANCE + 0.05) / (relative_luminance(rgb) + 0.05)


def relative_luminance(rgb: tuple[float, float, float]) -> float:
    def linear(channel: float) -> float:
        return channel / 12.92 if channel <= 0.03928 else ((channel + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(channel) for channel in rgb)
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue
