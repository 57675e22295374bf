"""Guestbook counter: every visit is appended to /data/visits.log."""
import os
from http.server import BaseHTTPRequestHandler, HTTPServer

DATA = os.environ.get("DATA_DIR", "/data")


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        path = os.path.join(DATA, "visits.log")
        with open(path, "a") as f:
            f.write(self.path + "\n")
        with open(path) as f:
            n = sum(1 for _ in f)
        body = f"visits={n}\n".encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


HTTPServer(("", 8080), Handler).serve_forever()
