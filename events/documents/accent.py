"""The accent colour of a printed document: its colour band, headings and rules, with white text readable on it."""

import hashlib
import re

DEFAULT_ACCENT = "#6b1d3a"
# Dark enough for white text (WCAG contrast >= 4.5:1) and for accent-coloured text on white paper.
PALETTE = ("#6b1d3a", "#1f4e79", "#2e5e3a", "#7a3b0c", "#4b2a6b", "#0f5257", "#8a1c1c", "#3d4a5c")
_HEX = re.compile(r"^#?([0-9a-fA-F]{6})$")
MIN_CONTRAST = 4.5


def _luminance(rgb: tuple[int, int, int]) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_with_white(colour: str) -> float:
    rgb = _rgb(colour)
    return 1.05 / (_luminance(rgb) + 0.05)


def _rgb(colour: str) -> tuple[int, int, int]:
    digits = _HEX.match(colour).group(1)
    return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)


def readable(colour: str) -> str:
    """The colour, darkened step by step until white text on it (and it on white) reaches 4.5:1."""
    if not _HEX.match(colour or ""):
        return DEFAULT_ACCENT
    r, g, b = _rgb(colour)
    while contrast_with_white(f"#{r:02x}{g:02x}{b:02x}") < MIN_CONTRAST:
        r, g, b = int(r * 0.9), int(g * 0.9), int(b * 0.9)
    return f"#{r:02x}{g:02x}{b:02x}"


def accent_colour(event, organisers: list) -> str:
    """The event's own accent colour, else its lead organiser's, else one picked steadily from the lead organiser's
    name (so an organisation's documents always share a colour), else the default."""
    for source in [event, *(eo.organisation for eo in organisers[:1])]:
        own = getattr(source, "accent_colour", "")
        if own:
            return readable(own)
    if organisers:
        name = organisers[0].organisation.name.encode()
        return PALETTE[int(hashlib.sha256(name).hexdigest(), 16) % len(PALETTE)]
    return DEFAULT_ACCENT
