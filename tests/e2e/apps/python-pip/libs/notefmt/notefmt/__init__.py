"""Renders notes as numbered plain-text lines."""

__version__ = "1.2.0"


def render(notes):
    """One line per note: its number, a dot, the text without edge spaces."""
    return "".join(f"{i}. {text.strip()}\n" for i, text in enumerate(notes, 1))
