"""Serves the reports folder; the word mount below is an HTTP route, not mount(8)."""
import os
from wsgiref.simple_server import make_server

REPORTS = "/srv/reports"


def mount(prefix, folder):
    def app(environ, start_response):
        path = os.path.join(folder, environ["PATH_INFO"][len(prefix):].lstrip("/"))
        status = "200 OK" if os.path.isfile(path) else "404 Not Found"
        start_response(status, [("Content-Type", "text/plain")])
        return [open(path, "rb").read()] if status.startswith("200") else [b"missing\n"]
    return app


make_server("", 8000, mount("/reports", REPORTS)).serve_forever()
