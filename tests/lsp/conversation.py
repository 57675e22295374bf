#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Scripted conversations with `dockharden lsp` over pipes.

Starts the server as an editor would, speaks LSP 3.17 to it and asserts
every answer: the life cycle (requests before initialize, initialize,
shutdown, exit and its status), the framing (malformed JSON, broken
headers, an oversized message, a client that goes away), document sync
(open, a full change, incremental changes, save, close) and the features
(diagnostics, code actions, formatting, hover, document symbols).

What the server does is checked exactly. What the analysis computes
(rule codes, severities, lines, hover text) is the contract of
src/lsp/lsp_internal.h; the expectations that depend on its exact output
are all in ANALYSIS below, so they can be adjusted in one place.

Usage: conversation.py BIN    (prints "lsp: N passed, N failed" last)
"""

import json
import os
import queue
import re
import subprocess
import sys
import tempfile
import threading

TIMEOUT = 20  # seconds to wait for one answer (sanitizer builds are slow)

# ---- analysis-dependent expectations -----------------------------------
# Everything the tests assume about the analysis's output, from lint's
# findings on the same files (`dockharden lint FILE`). Adjust here.
ANALYSIS = {
    # The legacy Dockerfile's diagnostics include these codes ...
    "legacy_codes": {"DH105"},
    # ... and DH105 (runs as root) starts on the FROM line (0-based); lint
    # reports it as a note of a change harden makes: Information or Hint.
    "legacy_dh105_line": 0,
    "legacy_dh105_severities": {3, 4},
    # With USER 10001:10001 added by a full change, these are gone.
    "user_fixed_codes": {"DH105"},
    # The incremental edit adds this RUN line (line 1); lint then reports
    # these codes on it.
    "curl_line": "RUN apt-get update && apt-get install -y curl\n",
    "curl_codes": {"DH109", "DH110"},
    # ... as warnings (lint: warning), and hover on that line (a finding)
    # gives its rule's rationale.
    "curl_severity": 2,
    # A Deployment without securityContext: these codes, and at least one
    # diagnostic of severity Warning (2) among them; its symbols name the
    # workload and, below it, the container.
    "deploy_codes": {"DH250"},
    "deploy_workload": "web",
    "deploy_container": "web",
    # Hover on the image of FROM mentions this word (markdown or plain).
    "hover_word": "python",
    # documentSymbol of the legacy Dockerfile: one stage, whose name or
    # detail mentions this image.
    "symbol_image": "python:3.11-slim",
    # A Dockerfile with lower-case keywords: formatting upper-cases them.
    "unformatted": "from   python:3.11-slim\ncopy app.py .\n",
    "formatted": "FROM python:3.11-slim\nCOPY app.py .\n",
}
# -------------------------------------------------------------------------

# The CMD is already exec form: a shell-form CMD would be rewritten too
# (DH103), and its hunk, next to the USER line, would carry both changes
# as DH103's fix (lint attaches a hunk to one finding).
LEGACY = 'FROM python:3.11-slim\nCOPY app.py .\nCMD ["python", "app.py"]\n'
WITH_USER = ("FROM python:3.11-slim\nCOPY app.py .\nUSER 10001:10001\n"
             'CMD ["python", "app.py"]\n')
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
"""
NOT_MANIFEST = "name: ci\non:\n  push:\n    branches: [main]\n"
CODE_RE = re.compile(r"^(DH[0-9]{3}|[a-z][a-z0-9-]*)$")


class Checks:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def ok(self, name, cond, detail=""):
        if cond:
            self.passed += 1
        else:
            self.failed += 1
            print(f"FAIL {name}" + (f": {detail}" if detail else ""))
        return bool(cond)


class Server:
    """One server process and the messages it sent, in order."""

    def __init__(self, binary, checks):
        self.p = subprocess.Popen(
            [binary, "lsp", "--stdio"], stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.checks = checks
        self.q = queue.Queue()
        self.seen = []  # received, not yet taken by a wait
        self.frame_errors = []
        self.stderr = b""
        self.next_id = 0
        threading.Thread(target=self._read, daemon=True).start()
        threading.Thread(target=self._drain_stderr, daemon=True).start()

    def _drain_stderr(self):
        self.stderr = self.p.stderr.read()

    def _read(self):
        f = self.p.stdout
        while True:
            headers = {}
            while True:
                line = f.readline()
                if not line:
                    self.q.put(None)
                    return
                if not line.endswith(b"\r\n"):
                    self.frame_errors.append(f"header line {line!r}")
                if line in (b"\r\n", b"\n"):
                    break
                name, _, value = line.decode("ascii").partition(":")
                headers[name.strip().lower()] = value.strip()
            if set(headers) != {"content-length"}:
                self.frame_errors.append(f"headers {headers}")
            body = f.read(int(headers.get("content-length", "0")))
            try:
                msg = json.loads(body)
            except ValueError:
                self.frame_errors.append(f"body {body[:80]!r}")
                continue
            if msg.get("jsonrpc") != "2.0":
                self.frame_errors.append(f"no jsonrpc 2.0 in {body[:80]!r}")
            self.q.put(msg)

    def raw(self, data):
        self.p.stdin.write(data)
        self.p.stdin.flush()

    def send(self, msg):
        body = json.dumps(msg).encode()
        self.raw(b"Content-Length: %d\r\n\r\n" % len(body) + body)

    def notify(self, method, params=None):
        msg = {"jsonrpc": "2.0", "method": method}
        if params is not None:
            msg["params"] = params
        self.send(msg)

    def request(self, method, params=None):
        self.next_id += 1
        msg = {"jsonrpc": "2.0", "id": self.next_id, "method": method}
        if params is not None:
            msg["params"] = params
        self.send(msg)
        return self.next_id

    def wait(self, pred, timeout=TIMEOUT):
        """The first message, in arrival order, that pred accepts."""
        for i, m in enumerate(self.seen):
            if pred(m):
                return self.seen.pop(i)
        while True:
            try:
                m = self.q.get(timeout=timeout)
            except queue.Empty:
                return None
            if m is None:
                self.q.put(None)  # stays at end of stream
                return None
            if pred(m):
                return m
            self.seen.append(m)

    def response(self, rid):
        return self.wait(lambda m: "method" not in m and m.get("id") == rid)

    def call(self, method, params=None):
        return self.response(self.request(method, params))

    def published(self, uri):
        return self.wait(lambda m: m.get("method") ==
                         "textDocument/publishDiagnostics" and
                         m["params"]["uri"] == uri)

    def drop(self, pred):
        """Forgets the messages received so far that pred accepts."""
        self.seen = [m for m in self.seen if not pred(m)]

    def quiet(self, pred, timeout=0.3):
        """True when no message pred accepts arrives within timeout."""
        return self.wait(pred, timeout) is None

    def finish(self, timeout=TIMEOUT):
        try:
            self.p.stdin.close()
        except BrokenPipeError:
            pass
        try:
            return self.p.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.p.kill()
            self.p.wait()
            return "hung"


def error_code(resp):
    return (resp or {}).get("error", {}).get("code")


def offset_of(text, pos):
    """Byte-free offset (Python str index) of an LSP UTF-16 position."""
    lines = text.splitlines(keepends=True)
    if pos["line"] >= len(lines):
        return len(text)
    start = sum(len(x) for x in lines[:pos["line"]])
    line = lines[pos["line"]].rstrip("\r\n")
    units = 0
    for i, ch in enumerate(line):
        if units >= pos["character"]:
            return start + i
        units += 2 if ord(ch) > 0xFFFF else 1
    return start + len(line)


def apply_edits(text, edits):
    spans = sorted(((offset_of(text, e["range"]["start"]),
                     offset_of(text, e["range"]["end"]), e["newText"])
                    for e in edits), reverse=True)
    for s, e, new in spans:
        text = text[:s] + new + text[e:]
    return text


def edits_of(action, uri):
    """The TextEdits a CodeAction's WorkspaceEdit makes to uri."""
    edit = action.get("edit") or {}
    if uri in (edit.get("changes") or {}):
        return edit["changes"][uri]
    for dc in edit.get("documentChanges") or []:
        if dc.get("textDocument", {}).get("uri") == uri:
            return dc.get("edits", [])
    return None


def check_diagnostics(c, name, diags, text):
    """Shape every Diagnostic must have, whatever the analysis finds."""
    nlines = len(text.splitlines()) + 1
    for d in diags:
        r = d.get("range", {})
        c.ok(f"{name}: source", d.get("source") == "dockharden", d)
        c.ok(f"{name}: code {d.get('code')}",
             CODE_RE.match(str(d.get("code", ""))), d)
        c.ok(f"{name}: severity", d.get("severity") in (1, 2, 3, 4), d)
        c.ok(f"{name}: range inside the text",
             0 <= r.get("start", {}).get("line", -1) < nlines and
             0 <= r.get("end", {}).get("line", -1) < nlines and
             (r["start"]["line"], r["start"]["character"]) <=
             (r["end"]["line"], r["end"]["character"]), d)
        c.ok(f"{name}: message", isinstance(d.get("message"), str) and
             d["message"], d)


def codes(diags):
    return {d.get("code") for d in diags}


def open_doc(s, uri, text, lang, version=1):
    s.notify("textDocument/didOpen", {"textDocument": {
        "uri": uri, "languageId": lang, "version": version, "text": text}})


def lifecycle_before_init(c, s, uri):
    r = s.call("textDocument/hover", {"textDocument": {"uri": uri},
                                      "position": {"line": 0,
                                                   "character": 0}})
    c.ok("request before initialize: -32002", error_code(r) == -32002, r)
    # A notification before initialize is dropped: nothing is published.
    open_doc(s, uri, LEGACY, "dockerfile")
    r = s.call("shutdown")
    c.ok("shutdown before initialize: -32002", error_code(r) == -32002, r)
    c.ok("didOpen before initialize: dropped",
         s.quiet(lambda m: m.get("method") ==
                 "textDocument/publishDiagnostics"))


def initialize(c, s, encodings=None, watch=False):
    caps = {"textDocument": {"publishDiagnostics": {}}}
    if encodings:
        caps["general"] = {"positionEncodings": encodings}
    if watch:
        caps["workspace"] = {
            "didChangeWatchedFiles": {"dynamicRegistration": True}}
    r = s.call("initialize", {"processId": os.getpid(), "rootUri": None,
                              "capabilities": caps})
    res = (r or {}).get("result") or {}
    cap = res.get("capabilities", {})
    c.ok("initialize: result", "capabilities" in res, r)
    c.ok("initialize: serverInfo",
         res.get("serverInfo", {}).get("name") == "dockharden", res)
    sync = cap.get("textDocumentSync", {})
    c.ok("initialize: incremental sync",
         sync.get("openClose") is True and sync.get("change") == 2 and
         "save" in sync, sync)
    kinds = cap.get("codeActionProvider", {}).get("codeActionKinds", [])
    c.ok("initialize: code action kinds",
         "quickfix" in kinds and "source" in kinds, kinds)
    for p in ("documentFormattingProvider", "documentRangeFormattingProvider",
              "hoverProvider", "documentSymbolProvider"):
        c.ok(f"initialize: {p}", cap.get(p) is True, cap)
    s.notify("initialized", {})
    return cap.get("positionEncoding")


def protocol_errors(c, s):
    r = s.call("initialize", {"capabilities": {}})
    c.ok("second initialize: -32600", error_code(r) == -32600, r)
    r = s.call("workspace/frobnicate", {})
    c.ok("unknown request: -32601", error_code(r) == -32601, r)
    s.notify("$/cancelRequest", {"id": 1})
    s.notify("custom/unknownNotification", {"x": 1})
    bad = b'{"jsonrpc": 2'
    s.raw(b"Content-Length: %d\r\n\r\n" % len(bad) + bad)
    r = s.wait(lambda m: "error" in m and m.get("id") is None)
    c.ok("malformed JSON: -32700 with id null", error_code(r) == -32700, r)
    # Broken headers, then the server finds the next message.
    s.raw(b"Content-Type: application/vscode-jsonrpc\r\n\r\n{}")
    r = s.wait(lambda m: "error" in m and m.get("id") is None)
    c.ok("no Content-Length: -32700 with id null", error_code(r) == -32700, r)
    # Headers in another case and order, with Content-Type.
    body = b'{"jsonrpc":"2.0","id":"str-id","method":"nothing/here"}'
    s.raw(b"content-type: application/vscode-jsonrpc; charset=utf-8\r\n"
          b"CONTENT-LENGTH: %d\r\n\r\n" % len(body) + body)
    r = s.response("str-id")
    c.ok("resynchronised; string id; headers any case and order",
         error_code(r) == -32601, r)
    s.send({"jsonrpc": "2.0", "id": 77, "method": 5})
    r = s.response(77)
    c.ok("method not a string: -32600", error_code(r) == -32600, r)
    s.send([1, 2])
    r = s.wait(lambda m: "error" in m and m.get("id") is None)
    c.ok("batch (not an object): -32600", error_code(r) == -32600, r)
    r = s.call("textDocument/hover", {"position": {"line": 0,
                                                   "character": 0}})
    c.ok("hover without textDocument: -32602", error_code(r) == -32602, r)
    r = s.call("textDocument/hover", {
        "textDocument": {"uri": "file:///nowhere/Dockerfile"},
        "position": {"line": 0, "character": 0}})
    c.ok("hover on a document not open: null",
         r is not None and "result" in r and r["result"] is None, r)


def dockerfile_session(c, s, uri):
    A = ANALYSIS
    text = LEGACY
    open_doc(s, uri, text, "dockerfile")
    m = s.published(uri)
    c.ok("didOpen: publishDiagnostics", m is not None)
    if not m:
        return
    diags = m["params"]["diagnostics"]
    c.ok("didOpen: version 1", m["params"].get("version") == 1, m)
    check_diagnostics(c, "legacy", diags, text)
    c.ok("legacy: expected codes", A["legacy_codes"] <= codes(diags),
         codes(diags))
    dh105 = [d for d in diags if d.get("code") == "DH105"]
    c.ok("legacy: DH105 on the FROM line",
         dh105 and dh105[0]["range"]["start"]["line"] ==
         A["legacy_dh105_line"], dh105)
    c.ok("legacy: DH105's severity", dh105 and dh105[0].get("severity") in
         A["legacy_dh105_severities"], dh105)
    c.ok("legacy: codeDescription links the rule", all(
        "href" in d.get("codeDescription", {}) for d in diags
        if str(d.get("code", "")).startswith("DH")), diags)

    # Hover on the image of FROM, and the document's symbols.
    r = s.call("textDocument/hover", {"textDocument": {"uri": uri},
                                      "position": {"line": 0,
                                                   "character": 7}})
    res = (r or {}).get("result")
    contents = json.dumps((res or {}).get("contents", ""))
    c.ok("hover on the FROM image", res is not None and
         A["hover_word"] in contents.lower(), r)
    r = s.call("textDocument/documentSymbol", {"textDocument": {"uri": uri}})
    syms = (r or {}).get("result")
    c.ok("documentSymbol: one stage", isinstance(syms, list) and
         len(syms) == 1 and A["symbol_image"] in json.dumps(syms), r)

    # A code action on the DH105 finding: apply its edit locally.
    if dh105:
        rng = dh105[0]["range"]
        r = s.call("textDocument/codeAction", {
            "textDocument": {"uri": uri}, "range": rng,
            "context": {"diagnostics": dh105}})
        actions = (r or {}).get("result")
        c.ok("codeAction: a list", isinstance(actions, list), r)
        fixes = [a for a in actions or [] if edits_of(a, uri)]
        c.ok("codeAction: an action with an edit", fixes, actions)
        kinds = {a.get("kind", "") for a in actions or []}
        c.ok("codeAction: quickfix and source kinds",
             any(k.startswith("quickfix") for k in kinds) and
             any(k.startswith("source") for k in kinds), kinds)
        if fixes:
            fixed = apply_edits(text, edits_of(fixes[0], uri))
            c.ok("codeAction: the edit adds USER", "USER " in fixed, fixed)
        r = s.call("textDocument/codeAction", {
            "textDocument": {"uri": uri}, "range": rng,
            "context": {"diagnostics": [], "only": ["source"]}})
        only = (r or {}).get("result") or []
        c.ok("codeAction only=source: source actions only",
             only and all(a.get("kind", "").startswith("source")
                          for a in only), r)

    # A full change: the hardened text, version 2.
    text = WITH_USER
    s.notify("textDocument/didChange", {
        "textDocument": {"uri": uri, "version": 2},
        "contentChanges": [{"text": text}]})
    m = s.published(uri)
    diags = m["params"]["diagnostics"] if m else []
    c.ok("full change: version 2", m and m["params"].get("version") == 2, m)
    check_diagnostics(c, "with USER", diags, text)
    c.ok("full change: the root finding is gone",
         not (A["user_fixed_codes"] & codes(diags)), codes(diags))

    # Incremental changes, applied in order within one didChange: an error
    # line, then the RUN line before it, then the error line removed.
    bad = "ENV PATH\n"
    changes = [
        {"range": {"start": {"line": 1, "character": 0},
                   "end": {"line": 1, "character": 0}}, "text": bad},
        {"range": {"start": {"line": 1, "character": 0},
                   "end": {"line": 1, "character": 0}},
         "text": A["curl_line"]},
    ]
    s.notify("textDocument/didChange", {
        "textDocument": {"uri": uri, "version": 3},
        "contentChanges": changes})
    text = text.replace("\n", "\n" + A["curl_line"] + bad, 1)
    m = s.published(uri)
    diags = m["params"]["diagnostics"] if m else []
    c.ok("incremental: version 3", m and m["params"].get("version") == 3, m)
    check_diagnostics(c, "incremental", diags, text)
    errors = [d for d in diags if d.get("severity") == 1]
    c.ok("incremental: the syntax error on line 2", errors and all(
        d["range"]["start"]["line"] == 2 for d in errors), diags)
    s.notify("textDocument/didChange", {
        "textDocument": {"uri": uri, "version": 4},
        "contentChanges": [{"range": {"start": {"line": 2, "character": 0},
                                      "end": {"line": 3, "character": 0}},
                            "text": ""}]})
    text = text.replace(bad, "", 1)
    m = s.published(uri)
    diags = m["params"]["diagnostics"] if m else []
    c.ok("incremental: version 4", m and m["params"].get("version") == 4, m)
    c.ok("incremental: error gone",
         not [d for d in diags if d.get("severity") == 1], diags)
    curl = [d for d in diags if d.get("code") in A["curl_codes"]]
    c.ok("incremental: the RUN line's findings on line 1",
         codes(curl) == A["curl_codes"] and all(
             d["range"]["start"]["line"] == 1 for d in curl), diags)
    c.ok("incremental: the RUN line's findings are warnings",
         curl and all(d.get("severity") == A["curl_severity"]
                      for d in curl), curl)
    r = s.call("textDocument/hover", {"textDocument": {"uri": uri},
                                      "position": {"line": 1,
                                                   "character": 4}})
    c.ok("hover on a finding: its rationale",
         r and isinstance(r.get("result"), dict) and
         r["result"].get("contents"), r)

    # Formatting: replace the text with lower-case keywords, format, and
    # apply the edits; the result is fmt's.
    text = A["unformatted"]
    s.notify("textDocument/didChange", {
        "textDocument": {"uri": uri, "version": 5},
        "contentChanges": [{"text": text}]})
    s.published(uri)
    r = s.call("textDocument/formatting", {
        "textDocument": {"uri": uri},
        "options": {"tabSize": 4, "insertSpaces": True}})
    edits = (r or {}).get("result")
    c.ok("formatting: TextEdit[]", isinstance(edits, list) and edits, r)
    if isinstance(edits, list):
        c.ok("formatting: applied gives fmt's output",
             apply_edits(text, edits) == A["formatted"],
             apply_edits(text, edits))
    r = s.call("textDocument/rangeFormatting", {
        "textDocument": {"uri": uri},
        "range": {"start": {"line": 0, "character": 0},
                  "end": {"line": 0, "character": 3}},
        "options": {"tabSize": 4, "insertSpaces": True}})
    edits = (r or {}).get("result")
    if c.ok("rangeFormatting: TextEdit[]", isinstance(edits, list), r):
        got = apply_edits(text, edits)
        c.ok("rangeFormatting: only the first line",
             got.splitlines()[0] == A["formatted"].splitlines()[0] and
             got.splitlines()[1] == text.splitlines()[1], got)

    # Save: analysed again and published, same version.
    s.notify("textDocument/didSave", {"textDocument": {"uri": uri}})
    m = s.published(uri)
    c.ok("didSave: publishes again",
         m and m["params"].get("version") == 5, m)


def error_lines(m):
    diags = m["params"]["diagnostics"] if m else []
    return sorted({d["range"]["start"]["line"] for d in diags
                   if d.get("severity") == 1})


def sync_edge_cases(c, s, folder):
    """Bursts of changes, and positions past the end of the text."""
    uri = "file://" + folder + "/burst/Dockerfile"
    open_doc(s, uri, "FROM alpine:3.20\n", "dockerfile")
    s.published(uri)
    # Three changes in one write: analysed once, for the last version,
    # whose syntax error is on line 2.
    burst = b""
    for v, text in ((2, "FROM alpine:3.20\nENV PATH\n"),
                    (3, "FROM alpine:3.20\n"),
                    (4, "FROM alpine:3.20\nRUN true\nENV PATH\n")):
        body = json.dumps({"jsonrpc": "2.0",
                           "method": "textDocument/didChange",
                           "params": {"textDocument": {"uri": uri,
                                                       "version": v},
                                      "contentChanges": [{"text": text}]}})
        burst += b"Content-Length: %d\r\n\r\n" % len(body) + body.encode()
    s.raw(burst)
    m = s.published(uri)
    c.ok("burst of changes: published for the last version",
         m and m["params"].get("version") == 4, m)
    c.ok("burst of changes: the last text's error", error_lines(m) == [2], m)
    c.ok("burst of changes: published once",
         s.quiet(lambda x: x.get("method") ==
                 "textDocument/publishDiagnostics" and
                 x["params"]["uri"] == uri))
    # A position past the last line is the end of the text; past the end
    # of a line, the line's end.
    s.notify("textDocument/didChange", {
        "textDocument": {"uri": uri, "version": 5},
        "contentChanges": [
            {"range": {"start": {"line": 2, "character": 0},
                       "end": {"line": 3, "character": 0}}, "text": ""},
            {"range": {"start": {"line": 0, "character": 999},
                       "end": {"line": 0, "character": 999}},
             "text": " AS base"},
            {"range": {"start": {"line": 40, "character": 0},
                       "end": {"line": 40, "character": 5}},
             "text": "ENV PATH\n"}]})
    m = s.published(uri)
    c.ok("positions past the end: clamped (error on line 2 again)",
         m and m["params"].get("version") == 5 and error_lines(m) == [2], m)
    s.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
    s.published(uri)


def manifests(c, s, folder):
    A = ANALYSIS
    deploy = "file://" + folder + "/deploy.yaml"
    open_doc(s, deploy, DEPLOYMENT, "yaml")
    m = s.published(deploy)
    diags = m["params"]["diagnostics"] if m else []
    c.ok("Deployment: published", m is not None)
    check_diagnostics(c, "Deployment", diags, DEPLOYMENT)
    c.ok("Deployment: expected codes", A["deploy_codes"] <= codes(diags),
         codes(diags))
    c.ok("Deployment: a warning", any(d.get("severity") == 2
                                      for d in diags), diags)
    r = s.call("textDocument/documentSymbol",
               {"textDocument": {"uri": deploy}})
    syms = (r or {}).get("result") or []
    c.ok("Deployment: the workload and its container as symbols",
         syms and A["deploy_workload"] in syms[0].get("name", "") and
         any(A["deploy_container"] in ch.get("name", "")
             for ch in syms[0].get("children", [])), r)
    other = "file://" + folder + "/ci.yaml"
    open_doc(s, other, NOT_MANIFEST, "yaml")
    m = s.published(other)
    c.ok("YAML that is no manifest: empty diagnostics",
         m and m["params"]["diagnostics"] == [], m)
    return [deploy, other]


def config_change(c, s, uris, folder):
    """A changed .dockharden.yaml republishes every open document."""
    s.notify("workspace/didChangeWatchedFiles", {"changes": [
        {"uri": "file://" + folder + "/other.yaml", "type": 2}]})
    c.ok("watched file that is not the configuration: nothing",
         s.quiet(lambda m: m.get("method") ==
                 "textDocument/publishDiagnostics"))
    s.notify("workspace/didChangeWatchedFiles", {"changes": [
        {"uri": "file://" + folder + "/.dockharden.yaml", "type": 1}]})
    got = {(s.published(u) or {}).get("params", {}).get("uri") for u in uris}
    c.ok("configuration change: every open document republished",
         got == set(uris), got)


def hostile_params(c, s, uri):
    """Parameters of the wrong shape: answered or ignored, never a crash."""
    open_doc(s, uri, LEGACY, "dockerfile")
    s.published(uri)
    td = {"uri": uri}
    for params in (None, 5, "x", [], {"textDocument": 5},
                   {"textDocument": {"uri": 7}},
                   {"textDocument": td, "contentChanges": "x"},
                   {"textDocument": td, "contentChanges": [5, {"text": 5},
                    {"range": "x", "text": "y"},
                    {"range": {"start": {"line": -1, "character": 0},
                               "end": {"line": 0, "character": 0}},
                     "text": "z"}]},
                   {"textDocument": {"uri": uri, "languageId": 3,
                                     "version": "v", "text": 4}},
                   {"changes": [{"uri": 5}, 6]}):
        for method in ("textDocument/didOpen", "textDocument/didChange",
                       "textDocument/didSave", "textDocument/didClose",
                       "workspace/didChangeWatchedFiles"):
            if params is None or method != "textDocument/didClose":
                s.notify(method, params)
    # How many publishes those make depends on timing: a last full change
    # marks the end, and everything published for uri before it is dropped.
    s.notify("textDocument/didChange", {
        "textDocument": {"uri": uri, "version": 99},
        "contentChanges": [{"text": LEGACY}]})
    m = s.wait(lambda x: x.get("method") ==
               "textDocument/publishDiagnostics" and
               x["params"]["uri"] == uri and
               x["params"].get("version") == 99)
    c.ok("hostile params: the session goes on", m is not None)
    s.drop(lambda x: x.get("method") == "textDocument/publishDiagnostics"
           and x["params"]["uri"] == uri)
    answered = 0
    bad = [None, {}, {"textDocument": td},
           {"textDocument": td, "range": {"start": {"line": "a"}}},
           {"textDocument": td, "position": {"line": -5, "character": 1}},
           {"textDocument": td, "position": {"line": 2 ** 40,
                                             "character": 2 ** 40}},
           {"textDocument": td, "range": {
               "start": {"line": 9, "character": 9},
               "end": {"line": 0, "character": 0}},
            "context": {"only": "quickfix"}}]
    for params in bad:
        for method in ("textDocument/codeAction", "textDocument/hover",
                       "textDocument/formatting",
                       "textDocument/rangeFormatting",
                       "textDocument/documentSymbol"):
            r = s.call(method, params)
            answered += r is not None and ("result" in r or "error" in r)
    n = len(bad) * 5
    c.ok(f"hostile params: {n} requests answered", answered == n,
         f"{answered} of {n}")
    c.ok("hostile params: errors are -32602",
         s.call("textDocument/hover", {"textDocument": td})
         .get("error", {}).get("code") == -32602)


def close_and_shutdown(c, s, uri):
    s.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
    m = s.published(uri)
    c.ok("didClose: empty diagnostics",
         m and m["params"]["diagnostics"] == [], m)
    r = s.call("textDocument/documentSymbol", {"textDocument": {"uri": uri}})
    c.ok("closed document: null", r and r.get("result", 1) is None, r)
    r = s.call("shutdown")
    c.ok("shutdown: null result", r and "result" in r and
         r["result"] is None, r)
    r = s.call("textDocument/hover", {"textDocument": {"uri": uri},
                                      "position": {"line": 0,
                                                   "character": 0}})
    c.ok("request after shutdown: -32600", error_code(r) == -32600, r)
    s.notify("exit")
    c.ok("exit after shutdown: status 0", s.finish() == 0)


def main_session(c, binary, folder):
    s = Server(binary, c)
    uri = "file://" + folder + "/Dockerfile"
    lifecycle_before_init(c, s, uri)
    enc = initialize(c, s, watch=True)
    c.ok("utf-16 by default", enc == "utf-16", enc)
    reg = s.wait(lambda m: m.get("method") == "client/registerCapability")
    c.ok("watchers registered for .dockharden.yaml",
         reg and ".dockharden.yaml" in json.dumps(reg), reg)
    if reg:
        s.send({"jsonrpc": "2.0", "id": reg["id"], "result": None})
    protocol_errors(c, s)
    dockerfile_session(c, s, uri)
    sync_edge_cases(c, s, folder)
    others = manifests(c, s, folder)
    config_change(c, s, [uri] + others, folder)
    hostile_params(c, s, uri)
    close_and_shutdown(c, s, uri)
    c.ok("framing of every server message", not s.frame_errors,
         s.frame_errors[:3])
    c.ok("nothing on stderr", not s.stderr, s.stderr[:200])


def short_sessions(c, binary, folder):
    # UTF-8 when offered; exit without shutdown is status 1.
    s = Server(binary, c)
    enc = initialize(c, s, encodings=["utf-8", "utf-16"])
    c.ok("utf-8 when the client offers it", enc == "utf-8", enc)
    uri = "file://" + folder + "/caf%C3%A9/Dockerfile"
    text = "# caf\u00e9 \U0001F600\n" + LEGACY
    open_doc(s, uri, text, "dockerfile")
    s.published(uri)
    # Byte columns: line 0 is 13 bytes before its break.
    s.notify("textDocument/didChange", {
        "textDocument": {"uri": uri, "version": 2},
        "contentChanges": [{"range": {"start": {"line": 0, "character": 12},
                                      "end": {"line": 0, "character": 12}},
                            "text": "!"}]})
    m = s.published(uri)
    c.ok("utf-8 incremental change accepted",
         m and m["params"].get("version") == 2, m)
    s.notify("exit")
    c.ok("exit without shutdown: status 1", s.finish() == 1)

    # The client goes away: a clean end, status 1.
    s = Server(binary, c)
    initialize(c, s)
    c.ok("end of input without exit: status 1", s.finish() == 1)

    # An oversized message is refused from its header alone.
    s = Server(binary, c)
    s.raw(b"Content-Length: 100000000\r\n\r\n{")
    r = s.wait(lambda m: "error" in m)
    c.ok("oversized message: -32600 with id null",
         error_code(r) == -32600 and r.get("id", 1) is None, r)
    c.ok("oversized message: then a clean end", s.finish() == 1)


def main():
    if len(sys.argv) != 2:
        print("usage: conversation.py BIN", file=sys.stderr)
        return 3
    binary = os.path.abspath(sys.argv[1])
    c = Checks()
    with tempfile.TemporaryDirectory(prefix="lsp-test.") as folder:
        folder = os.path.realpath(folder)
        try:
            main_session(c, binary, folder)
            short_sessions(c, binary, folder)
        except (OSError, ValueError, KeyError, TypeError) as e:
            c.ok("conversation ran to the end", False, repr(e))
    print(f"lsp: {c.passed} passed, {c.failed} failed")
    return 1 if c.failed else 0


if __name__ == "__main__":
    sys.exit(main())
