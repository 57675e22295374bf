"""Notes API as a WSGI application."""
import json


def application(environ, start_response):
    if environ.get("PATH_INFO") == "/api/notes":
        body = json.dumps({"notes": ["buy milk", "ship release"]}).encode()
        start_response("200 OK", [("Content-Type", "application/json")])
        return [body]
    start_response("404 Not Found", [("Content-Type", "text/plain")])
    return [b"not found\n"]
