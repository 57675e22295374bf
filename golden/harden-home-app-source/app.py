"""Thumbnail service: keeps its cache under ~/.cache like most tools do."""
import os
from http.server import BaseHTTPRequestHandler, HTTPServer

cache = os.path.join(os.path.expanduser("~"), ".cache", "thumbs")
os.makedirs(cache, exist_ok=True)
with open(os.path.join(cache, "index"), "w") as f:
    f.write("warm\n")


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        body = f"thumbs cache={cache} ready\n".encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


HTTPServer(("", 8090), Handler).serve_forever()
