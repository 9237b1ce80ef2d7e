"""A minimal client for yaml-language-server, to see the schemas the way an editor uses them.

diagnostics(files)   open the files in the server and return {file: [(line, message)]} it publishes

Used only when GUIDEBUILDER_YLS names the server's executable, e.g. after
`npm install --prefix /tmp/yls yaml-language-server`:
    GUIDEBUILDER_YLS=/tmp/yls/node_modules/.bin/yaml-language-server python -m pytest tests/test_schema.py -k editor
"""
from __future__ import annotations

import json
import queue
import subprocess
import threading
from pathlib import Path


def _reader(stream, out: queue.Queue) -> None:
    while True:
        headers = {}
        while True:
            line = stream.readline()
            if not line:
                return
            line = line.decode().strip()
            if not line:
                break
            name, value = line.split(":", 1)
            headers[name.lower()] = value.strip()
        out.put(json.loads(stream.read(int(headers["content-length"]))))


def diagnostics(server: str, files: list[Path], quiet_seconds: float = 3.0, limit_seconds: float = 120.0) -> dict:
    """Diagnostics of each file once the server has published for all and then stayed quiet."""
    import time

    proc = subprocess.Popen([server, "--stdio"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    messages: queue.Queue = queue.Queue()
    reader = threading.Thread(target=_reader, args=(proc.stdout, messages), daemon=True)
    reader.start()
    ids = iter(range(1, 1 << 30))

    def send(payload: dict) -> None:
        data = json.dumps({"jsonrpc": "2.0", **payload}).encode()
        proc.stdin.write(b"Content-Length: %d\r\n\r\n%s" % (len(data), data))
        proc.stdin.flush()

    settings = {"yaml": {"validate": True, "hover": True, "schemaStore": {"enable": False}}}
    try:
        send({"id": next(ids), "method": "initialize", "params": {"processId": None, "rootUri": None, "capabilities": {}}})
        send({"method": "initialized", "params": {}})
        send({"method": "workspace/didChangeConfiguration", "params": {"settings": settings}})
        for path in files:
            send({"method": "textDocument/didOpen", "params": {"textDocument": {
                "uri": path.resolve().as_uri(), "languageId": "yaml", "version": 1, "text": path.read_text(encoding="utf-8")}}})
        found: dict = {}
        uris = {path.resolve().as_uri(): path for path in files}
        start = last = time.monotonic()
        while time.monotonic() - start < limit_seconds:
            try:
                msg = messages.get(timeout=0.2)
            except queue.Empty:
                if len(found) == len(files) and time.monotonic() - last > quiet_seconds:
                    break
                continue
            last = time.monotonic()
            if msg.get("method") == "textDocument/publishDiagnostics" and msg["params"]["uri"] in uris:
                found[uris[msg["params"]["uri"]]] = [(d["range"]["start"]["line"] + 1, d["message"])
                                                     for d in msg["params"]["diagnostics"]]
            elif "id" in msg and "method" in msg:  # a request from the server: settings, or nothing
                result = [settings["yaml"]] if msg["method"] == "workspace/configuration" else None
                send({"id": msg["id"], "result": result})
        return found
    finally:
        proc.kill()
        proc.wait()
        reader.join(10)
        proc.stdin.close()
        proc.stdout.close()
