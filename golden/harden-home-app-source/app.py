"""Report renderer: keeps fonts it downloaded under the user's home."""
from pathlib import Path
from wsgiref.simple_server import make_server

FONTS = Path.home() / ".local" / "share" / "fonts"
FONTS.mkdir(parents=True, exist_ok=True)


def app(environ, start_response):
    fonts = sorted(p.name for p in FONTS.iterdir())
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [("fonts: %s\n" % ", ".join(fonts)).encode()]


make_server("", 8090, app).serve_forever()
