"""Job worker with a status endpoint; refuses to run as root."""
import os
import sys
from http.server import BaseHTTPRequestHandler, HTTPServer

if os.getuid() == 0:
    sys.exit("worker: refusing to run as root")
spool = "/var/spool/jobs"
with open(os.path.join(spool, "started"), "w") as f:
    f.write("1\n")


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        body = f"worker uid={os.getuid()} spool=ok\n".encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


HTTPServer(("", 8088), Handler).serve_forever()
