"""Upload notes: each request appends to /data/notes.log and reports the
owner of the file, which must be the user the container runs as."""
import os
from http.server import BaseHTTPRequestHandler, HTTPServer


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        path = "/data/notes.log"
        with open(path, "a") as f:
            f.write(self.path + "\n")
        owner = os.stat(path).st_uid
        body = f"notes ok owner={owner} uid={os.getuid()}\n".encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


HTTPServer(("", 7100), Handler).serve_forever()
