"""kvd: a small redis-like key-value daemon (PING, SET, GET) that appends
every write to /var/lib/kvd/appendonly.log and keeps a pid file."""
import os
import socketserver

DATA = "/var/lib/kvd"
store = {}


class Handler(socketserver.StreamRequestHandler):
    def handle(self):
        for line in self.rfile:
            parts = line.decode().split()
            if not parts:
                continue
            cmd = parts[0].upper()
            if cmd == "PING":
                self.wfile.write(b"+PONG\r\n")
            elif cmd == "SET" and len(parts) == 3:
                store[parts[1]] = parts[2]
                with open(os.path.join(DATA, "appendonly.log"), "a") as f:
                    f.write(line.decode())
                self.wfile.write(b"+OK\r\n")
            elif cmd == "GET" and len(parts) == 2:
                self.wfile.write(("$" + store.get(parts[1], "") + "\r\n").encode())
            else:
                self.wfile.write(b"-ERR unknown command\r\n")


with open("/var/run/kvd.pid", "w") as f:
    f.write(str(os.getpid()))
socketserver.ThreadingTCPServer.allow_reuse_address = True
socketserver.ThreadingTCPServer(("", 6379), Handler).serve_forever()
