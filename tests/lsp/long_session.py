#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""One long editing session with `dockharden lsp`, for `make valgrind`.

Reuses the client of conversation.py (framing, waits, apply_edits) and
keeps one server busy the way a long editing session does: initialize,
a Dockerfile, a Deployment and a compose file opened, EDITS didChange
notifications spread over the three (full replacements, incremental
inserts and deletions, words typed one character at a time through
states that do not parse, bursts sent in one write), and between them
codeAction, formatting, rangeFormatting, hover and documentSymbol
requests, edits of code actions applied back as incremental changes,
didSave, didClose, then shutdown and exit.

Every edit's diagnostics must arrive for its version, every request must
be answered, and the server must exit 0 after `exit` with nothing on
standard error. BIN may be any command that runs dockharden with the
arguments it is given: tools/valgrind-dockharden.sh runs it under
memcheck, which prints its reports on standard error and exits 99 on an
error or a definite or indirect leak, so either fails the run.

Usage: long_session.py BIN [EDITS]   (EDITS defaults to 600; prints the
figures, then "lsp-long: N passed, N failed" last)
"""

import os
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import conversation  # noqa: E402  (the client: Server, Checks, apply_edits)

TIMEOUT = 120  # seconds for one answer: memcheck is 20 to 50 times slower

DOCKERFILE = """from python:3.11-slim
WORKDIR /srv
RUN apt-get update && apt-get install -y curl
COPY . .
EXPOSE 8000
CMD python app.py
"""
DEPLOYMENT = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: web
          image: python:3.11-slim
          ports:
            - containerPort: 8000
"""
COMPOSE = """services:
  web:
    image: python:3.11-slim
    ports:
      - "8000:8000"
  worker:
    image: redis:7
"""
# Typed one character at a time at the end of each document: every
# prefix is analysed, most of them do not parse.
TYPED = {
    "dockerfile": "RUN pip install flask==3.0.0\n",
    "deploy": "---\nkind: Service\n",
    "compose": "  cache:\n    image: memcached\n",
}


def inside(diags, text):
    """True when every range ends within text (the client's copy)."""
    lines = text.split("\n")
    for d in diags:
        for end in ("start", "end"):
            p = d["range"][end]
            if p["line"] >= len(lines) or \
                    p["character"] > len(lines[p["line"]]):
                return False
    return True


class Doc:
    """One open document: the client's copy of its text and version."""

    def __init__(self, s, uri, lang, text):
        self.s = s
        self.uri = uri
        self.text = text
        self.version = 1
        self.typed = 0  # characters of TYPED already typed
        conversation.open_doc(s, uri, text, lang)

    def end(self):
        lines = self.text.split("\n")
        return {"line": len(lines) - 1, "character": len(lines[-1])}

    def change(self, changes, wait=True):
        self.version += 1
        for ch in changes:
            if "range" in ch:
                self.text = conversation.apply_edits(
                    self.text, [{"range": ch["range"],
                                 "newText": ch["text"]}])
            else:
                self.text = ch["text"]
        self.s.notify("textDocument/didChange", {
            "textDocument": {"uri": self.uri, "version": self.version},
            "contentChanges": changes})
        return self.published() if wait else None

    def published(self):
        v = self.version
        return self.s.wait(lambda m: m.get("method") ==
                           "textDocument/publishDiagnostics" and
                           m["params"]["uri"] == self.uri and
                           m["params"].get("version") == v, TIMEOUT)


class Session:
    def __init__(self, binary, folder):
        self.c = conversation.Checks()
        self.s = conversation.Server(binary, self.c)
        self.folder = folder
        self.requests = 0
        self.edits = 0
        self.publishes = 0
        self.applied = 0  # code actions and formattings applied

    def call(self, method, params):
        """The response to a request, or None after TIMEOUT."""
        self.requests += 1
        rid = self.s.request(method, params)
        return self.s.wait(lambda m: "method" not in m and
                           m.get("id") == rid, TIMEOUT)

    def td(self, doc):
        return {"textDocument": {"uri": doc.uri}}

    def edit(self, doc, changes, wait=True):
        self.edits += 1
        m = doc.change(changes, wait)
        if wait:
            self.publishes += m is not None
            self.c.ok(f"{doc.uri} v{doc.version}: diagnostics published",
                      m is not None)
            self.c.ok(f"{doc.uri} v{doc.version}: ranges inside the text",
                      m and inside(m["params"]["diagnostics"], doc.text), m)
        return m

    def typed_char(self, doc, name):
        """Types the next character of TYPED[name] at the end."""
        word = TYPED[name]
        at = doc.end()
        self.edit(doc, [{"range": {"start": at, "end": at},
                         "text": word[doc.typed]}])
        doc.typed += 1
        if doc.typed == len(word):
            # Delete what was typed, as one incremental change.
            head = doc.text[:-len(word)]
            lines = head.split("\n")
            self.edit(doc, [{"range": {
                "start": {"line": len(lines) - 1,
                          "character": len(lines[-1])},
                "end": doc.end()}, "text": ""}])
            doc.typed = 0

    def comment_toggle(self, doc, line):
        """Inserts a comment line at line, or removes it again."""
        at = {"line": line, "character": 0}
        marker = "# edit\n"
        lines = doc.text.split("\n")
        if line < len(lines) and lines[line] + "\n" == marker:
            self.edit(doc, [{"range": {"start": at,
                                       "end": {"line": line + 1,
                                               "character": 0}},
                             "text": ""}])
        else:
            self.edit(doc, [{"range": {"start": at, "end": at},
                             "text": marker}])

    def burst(self, doc, n):
        """n incremental changes in one write; only the last is awaited."""
        for i in range(n):
            at = doc.end()
            self.edit(doc, [{"range": {"start": at, "end": at},
                             "text": "#"}], wait=(i == n - 1))
        lines = doc.text.split("\n")
        self.edit(doc, [{"range": {"start": {"line": len(lines) - 1,
                                             "character": 0},
                                   "end": doc.end()}, "text": ""}])

    def requests_on(self, doc, i):
        """Every feature request once on doc, at a position that moves."""
        c = self.c
        lines = doc.text.split("\n")
        line = i % max(1, len(lines) - 1)
        pos = {"line": line, "character": (i * 3) % 12}
        whole = {"start": {"line": 0, "character": 0}, "end": doc.end()}
        r = self.call("textDocument/hover", dict(self.td(doc), position=pos))
        c.ok(f"hover {doc.uri}:{line}", r is not None and "result" in r, r)
        r = self.call("textDocument/documentSymbol", self.td(doc))
        c.ok(f"documentSymbol {doc.uri}", r is not None and
             isinstance(r.get("result"), (list, type(None))), r)
        r = self.call("textDocument/codeAction", dict(
            self.td(doc), range=whole, context={"diagnostics": []}))
        c.ok(f"codeAction {doc.uri}", r is not None and
             isinstance(r.get("result"), (list, type(None))), r)
        opts = {"tabSize": 4, "insertSpaces": True}
        r = self.call("textDocument/formatting",
                      dict(self.td(doc), options=opts))
        c.ok(f"formatting {doc.uri}", r is not None and "result" in r, r)
        r = self.call("textDocument/rangeFormatting", dict(
            self.td(doc), options=opts,
            range={"start": {"line": line, "character": 0},
                   "end": {"line": line + 1, "character": 0}}))
        c.ok(f"rangeFormatting {doc.uri}", r is not None and
             "result" in r, r)

    def apply_action(self, doc, kind):
        """Applies the first code action of kind as incremental edits."""
        whole = {"start": {"line": 0, "character": 0}, "end": doc.end()}
        r = self.call("textDocument/codeAction", dict(
            self.td(doc), range=whole,
            context={"diagnostics": [], "only": [kind]}))
        actions = (r or {}).get("result") or []
        for a in actions:
            edits = conversation.edits_of(a, doc.uri)
            if edits:
                # Last edit first, so the earlier ranges stay valid.
                edits = sorted(edits, key=lambda e: (
                    e["range"]["start"]["line"],
                    e["range"]["start"]["character"]), reverse=True)
                self.edit(doc, [{"range": e["range"], "text": e["newText"]}
                                for e in edits])
                self.applied += 1
                return True
        return False

    def format_doc(self, doc):
        r = self.call("textDocument/formatting", dict(
            self.td(doc), options={"tabSize": 4, "insertSpaces": True}))
        edits = (r or {}).get("result")
        if edits:
            self.edit(doc, [{"text": conversation.apply_edits(doc.text,
                                                              edits)}])
            self.applied += 1

    def run(self, edits):
        c, s = self.c, self.s
        conversation.initialize(c, s, watch=True)
        self.requests += 1
        reg = s.wait(lambda m: m.get("method") == "client/registerCapability",
                     TIMEOUT)
        if reg:
            s.send({"jsonrpc": "2.0", "id": reg["id"], "result": None})
        base = "file://" + self.folder
        docs = {
            "dockerfile": Doc(s, base + "/Dockerfile", "dockerfile",
                              DOCKERFILE),
            "deploy": Doc(s, base + "/deploy.yaml", "yaml", DEPLOYMENT),
            "compose": Doc(s, base + "/compose.yaml", "yaml", COMPOSE),
        }
        for d in docs.values():
            c.ok(f"didOpen {d.uri}: published", d.published() is not None)
        originals = {n: d.text for n, d in docs.items()}
        i = 0
        while self.edits < edits:
            name = ("dockerfile", "deploy", "compose")[i % 3]
            d = docs[name]
            step = (i // 3) % 15
            if step < 9:
                self.typed_char(d, name)
            elif step == 9:
                self.comment_toggle(d, (i // 45) % 4)
            elif step == 10:
                self.burst(d, 5)
            elif step == 11:
                self.requests_on(d, i)
            elif step == 12:
                self.apply_action(d, "source.fixAll" if (i // 45) % 2 else
                                  "quickfix")
            elif step == 13:
                self.format_doc(d)
            else:
                # Back to the original text: a full change.
                self.edit(d, [{"text": originals[name]}])
                d.typed = 0
            i += 1
        # A changed configuration republishes all three.
        s.notify("workspace/didChangeWatchedFiles", {"changes": [
            {"uri": base + "/.dockharden.yaml", "type": 1}]})
        for d in docs.values():
            c.ok(f"configuration change: {d.uri} republished",
                 s.wait(lambda m, u=d.uri: m.get("method") ==
                        "textDocument/publishDiagnostics" and
                        m["params"]["uri"] == u, TIMEOUT) is not None)
        for d in docs.values():
            s.notify("textDocument/didSave", {"textDocument": {"uri": d.uri}})
            c.ok(f"didSave {d.uri}: published", d.published() is not None)
            s.notify("textDocument/didClose",
                     {"textDocument": {"uri": d.uri}})
            m = s.wait(lambda x, u=d.uri: x.get("method") ==
                       "textDocument/publishDiagnostics" and
                       x["params"]["uri"] == u and
                       x["params"]["diagnostics"] == [], TIMEOUT)
            c.ok(f"didClose {d.uri}: emptied", m is not None)
        r = self.call("shutdown", None)
        c.ok("shutdown: null", r is not None and r.get("result", 1) is None,
             r)
        s.notify("exit")
        status = s.finish(TIMEOUT)
        c.ok("exit after shutdown: status 0 (memcheck: 99 on an error or"
             " a leak)", status == 0, status)
        c.ok("framing of every server message", not s.frame_errors,
             s.frame_errors[:3])
        c.ok("nothing on stderr", not s.stderr,
             s.stderr.decode(errors="replace"))
        return status


def main():
    if len(sys.argv) not in (2, 3):
        print("usage: long_session.py BIN [EDITS]", file=sys.stderr)
        return 3
    binary = os.path.abspath(sys.argv[1])
    edits = int(sys.argv[2]) if len(sys.argv) == 3 else 600
    t0 = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="lsp-long.") as folder:
        sess = Session(binary, os.path.realpath(folder))
        try:
            sess.run(edits)
        except (OSError, ValueError, KeyError, TypeError) as e:
            sess.c.ok("session ran to the end", False, repr(e))
    c = sess.c
    print(f"lsp-long: {sess.requests} requests, {sess.edits} didChange"
          f" edits ({sess.publishes} awaited diagnostics),"
          f" {sess.applied} code actions and formattings applied,"
          f" {time.monotonic() - t0:.1f} s")
    print(f"lsp-long: {c.passed} passed, {c.failed} failed")
    return 1 if c.failed else 0


if __name__ == "__main__":
    sys.exit(main())
