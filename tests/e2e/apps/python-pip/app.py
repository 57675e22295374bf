"""Notes service: answers GET with the notes, rendered by notefmt."""
import os
from http.server import BaseHTTPRequestHandler, HTTPServer

import notefmt

NOTES = ["water the plants ", " renew the certificate", "ship release 4.2"]


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        body = f"notefmt {notefmt.__version__}\n{notefmt.render(NOTES)}".encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


if __name__ == "__main__":
    port = int(os.environ.get("PORT", "8000"))
    print(f"notes listening on {port}", flush=True)
    HTTPServer(("0.0.0.0", port), Handler).serve_forever()
