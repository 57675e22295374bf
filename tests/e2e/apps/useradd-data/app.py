"""Upload receiver: stores each POST body under /data, GET lists them."""
import os
from http.server import BaseHTTPRequestHandler, HTTPServer


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        marker = os.path.join("/data", "probe.txt")
        with open(marker, "w") as f:
            f.write("written by uid %d\n" % os.getuid())
        body = ("uploads: %d files, writable\n" % len(os.listdir("/data"))).encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


HTTPServer(("", 7000), Handler).serve_forever()
