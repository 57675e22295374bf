#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Latency of `dockharden lsp` as an editor sees it, for `make bench`.

Drives one server over pipes: opens a document, then sends incremental
didChange edits one at a time and times each from the write of the change
to the arrival of the publishDiagnostics that carries its version. The
edits alternate between inserting a comment line at the end and removing
it, so the document keeps its size.

  small: the typical 2 KB Dockerfile, median and p95 over EDITS edits
  big:   the 1 MB Dockerfile, median and max over BIG_EDITS edits
  rss:   the server's VmRSS after RSS_EDITS / 10 and after RSS_EDITS edits
         of the small file (flat memory: the second is not larger)

Prints one line of key=value pairs (times in ns, RSS in KB) and exits 0;
exits 1 with "lsp_latency: error: ..." when the server does not answer
(no diagnostics is a failure, never a fast result).

Usage: lsp_latency.py BIN SMALL_FILE BIG_FILE [EDITS BIG_EDITS RSS_EDITS]
"""

import json
import os
import select
import subprocess
import sys
import time

TIMEOUT = 30.0


class Fail(Exception):
    pass


class Server:
    def __init__(self, binary):
        self.p = subprocess.Popen([binary, "lsp"], stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE, bufsize=0)
        self.fd = self.p.stdout.fileno()
        self.buf = b""
        self.next_id = 0

    def send(self, msg):
        body = json.dumps(msg).encode()
        self.p.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)

    def _message(self, deadline):
        while True:
            head, sep, rest = self.buf.partition(b"\r\n\r\n")
            if sep:
                n = int(head.split(b":")[1])
                if len(rest) >= n:
                    self.buf = rest[n:]
                    return json.loads(rest[:n])
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self.fd], [], [], left)[0]:
                raise Fail("no answer within %d s" % TIMEOUT)
            chunk = os.read(self.fd, 1 << 20)
            if not chunk:
                raise Fail("the server closed its output (exit status %s)" % self.p.poll())
            self.buf += chunk

    def wait(self, pred):
        deadline = time.monotonic() + TIMEOUT
        while True:
            m = self._message(deadline)
            if pred(m):
                return m

    def call(self, method, params):
        self.next_id += 1
        rid = self.next_id
        self.send({"jsonrpc": "2.0", "id": rid, "method": method,
                   "params": params})
        m = self.wait(lambda m: m.get("id") == rid and "method" not in m)
        if "error" in m:
            raise Fail("%s: %s" % (method, m["error"]))
        return m["result"]

    def published(self, uri, version):
        return self.wait(lambda m: m.get("method") ==
                         "textDocument/publishDiagnostics" and
                         m["params"]["uri"] == uri and
                         m["params"].get("version") == version)

    def rss_kb(self):
        with open("/proc/%d/status" % self.p.pid) as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        return -1

    def close(self):
        self.call("shutdown", None)
        self.send({"jsonrpc": "2.0", "method": "exit"})
        self.p.stdin.close()
        return self.p.wait(timeout=TIMEOUT)


class Doc:
    """One open document and its edits."""

    def __init__(self, server, path, text):
        self.s = server
        self.uri = "file://" + os.path.abspath(path)
        self.lines = text.count("\n")
        self.version = 1
        self.inserted = False
        server.send({"jsonrpc": "2.0", "method": "textDocument/didOpen",
                     "params": {"textDocument": {
                         "uri": self.uri, "languageId": "dockerfile",
                         "version": 1, "text": text}}})
        server.published(self.uri, 1)

    def edit(self):
        """One edit; the ns from sending it to its diagnostics."""
        self.version += 1
        at = {"line": self.lines, "character": 0}
        if self.inserted:
            change = {"range": {"start": at, "end": {"line": self.lines + 1,
                                                     "character": 0}},
                      "text": ""}
        else:
            change = {"range": {"start": at, "end": at},
                      "text": "# edit %d\n" % self.version}
        self.inserted = not self.inserted
        t0 = time.monotonic_ns()
        self.s.send({"jsonrpc": "2.0", "method": "textDocument/didChange",
                     "params": {"textDocument": {"uri": self.uri,
                                                 "version": self.version},
                                "contentChanges": [change]}})
        m = self.s.published(self.uri, self.version)
        t = time.monotonic_ns() - t0
        if not isinstance(m["params"].get("diagnostics"), list):
            raise Fail("publishDiagnostics without a diagnostics list")
        return t


def pct(values, p):
    v = sorted(values)
    return v[min(len(v) - 1, int(round(p / 100.0 * (len(v) - 1))))]


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def run(binary, small, big, edits, big_edits, rss_edits):
    s = Server(binary)
    s.call("initialize", {"processId": os.getpid(), "capabilities": {}})
    s.send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
    out = {}
    d = Doc(s, small, read(small))
    for _ in range(10):  # warm up
        d.edit()
    times = [d.edit() for _ in range(edits)]
    out["small_bytes"] = os.path.getsize(small)
    out["small_median_ns"] = pct(times, 50)
    out["small_p95_ns"] = pct(times, 95)
    out["small_edits"] = edits

    b = Doc(s, big, read(big))
    times = [b.edit() for _ in range(big_edits)]
    out["big_bytes"] = os.path.getsize(big)
    out["big_median_ns"] = pct(times, 50)
    out["big_max_ns"] = max(times)
    out["big_edits"] = big_edits
    s.send({"jsonrpc": "2.0", "method": "textDocument/didClose",
            "params": {"textDocument": {"uri": b.uri}}})
    s.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics"
           and m["params"]["uri"] == b.uri)

    first = rss_edits // 10
    for _ in range(first):
        d.edit()
    out["rss_first_kb"] = s.rss_kb()
    out["rss_first_edits"] = first
    for _ in range(rss_edits - first):
        d.edit()
    out["rss_last_kb"] = s.rss_kb()
    out["rss_last_edits"] = rss_edits
    out["status"] = s.close()
    return out


def main():
    if len(sys.argv) not in (4, 7):
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 3
    counts = [int(x) for x in sys.argv[4:7]] or [200, 20, 10000]
    if os.path.realpath(sys.argv[2]) == os.path.realpath(sys.argv[3]):
        # One uri for both: closing the big one would close the small one.
        print("lsp_latency: error: SMALL_FILE and BIG_FILE must differ")
        return 3
    try:
        out = run(sys.argv[1], sys.argv[2], sys.argv[3], *counts)
    except (Fail, OSError, ValueError, KeyError) as e:
        print("lsp_latency: error: %s" % e)
        return 1
    print(" ".join("%s=%s" % kv for kv in out.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
