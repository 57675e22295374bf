"""Feature-flag service: serves the flags file as JSON."""
import json
import os
from http.server import BaseHTTPRequestHandler, HTTPServer

FLAGS = {"new_checkout": True, "dark_mode": False}


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path != "/flags":
            self.send_error(404)
            return
        body = json.dumps({"flags": FLAGS}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


if __name__ == "__main__":
    port = int(os.environ.get("PORT", "5000"))
    print(f"flags on {port}", flush=True)
    HTTPServer(("0.0.0.0", port), Handler).serve_forever()
