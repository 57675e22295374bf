"""Config API: reports which libyaml parses its configuration."""
import os
from http.server import BaseHTTPRequestHandler, HTTPServer

import confver


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        body = f"config-api: libyaml {confver.version()}\n".encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


if __name__ == "__main__":
    port = int(os.environ.get("PORT", "8000"))
    print(f"config-api listening on {port}", flush=True)
    HTTPServer(("0.0.0.0", port), Handler).serve_forever()
