"""Inventory API: the port comes from the environment, as twelve-factor apps do."""
import json
import os
import sys
from http.server import BaseHTTPRequestHandler, HTTPServer

PORT = int(os.environ.get("PORT", "8000"))
DEBUG = os.environ.get("DEBUG") == "1" or "--reload" in sys.argv
STOCK = {"widgets": 12, "gadgets": 0}


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path != "/stock":
            self.send_error(404)
            return
        body = json.dumps({"stock": STOCK, "debug": DEBUG}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


HTTPServer(("", PORT), Handler).serve_forever()
