#!/usr/bin/env python3
"""Times `leakfinder lsp` from the editor's side, for bench/lsp/run.sh.

Opens hot.go of the package in DIR, waits for its first diagnostics (cold: process start, first analysis),
then ROUNDS times changes the buffer (alternately adding and removing the unlock that fixes the mutex leak,
as one incremental didChange) and measures the wall time from sending didChange to receiving the
publishDiagnostics of that version, checking the finding went away or came back as the edit says.
Prints one `key=value` line per round and a summary line.
Usage: client.py LEAKFINDER_BIN DIR ROUNDS
"""
import json
import os
import subprocess
import sys
import time


def send(proc, message):
    body = json.dumps(message).encode()
    proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
    proc.stdin.flush()


def receive(proc):
    length = None
    while True:
        line = proc.stdout.readline()
        if not line:
            raise SystemExit("leakfinder lsp closed its output")
        line = line.strip()
        if not line:
            break
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value)
    return json.loads(proc.stdout.read(length))


def wait_publish(proc, uri, version):
    while True:
        m = receive(proc)
        if m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri and m["params"].get("version") == version:
            return [d["code"] for d in m["params"]["diagnostics"]]


def main():
    exe, pkg, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3])
    cmd = (["dotnet", exe] if exe.endswith(".dll") else [exe]) + ["lsp"] + os.environ.get("LF_LSP_ARGS", "").split()
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    hot = os.path.join(pkg, "hot.go")
    uri = "file://" + hot
    text = open(hot).read()
    early_return = text.split("\n").index("\t\treturn false")
    send(proc, {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}})
    while receive(proc).get("id") != 1:
        pass
    send(proc, {"jsonrpc": "2.0", "method": "initialized", "params": {}})
    start = time.perf_counter()
    send(proc, {"jsonrpc": "2.0", "method": "textDocument/didOpen",
                "params": {"textDocument": {"uri": uri, "languageId": "go", "version": 1, "text": text}}})
    codes = wait_publish(proc, uri, 1)
    print(f"round=open ms={(time.perf_counter() - start) * 1000:.0f} codes={','.join(codes)}")
    assert "LF5002" in codes, codes
    times = []
    for r in range(rounds):
        version = r + 2
        fixing = r % 2 == 0
        at = {"line": early_return, "character": 0}
        change = ({"range": {"start": at, "end": at}, "text": "\t\tc.mu.Unlock()\n"} if fixing else
                  {"range": {"start": at, "end": {"line": early_return + 1, "character": 0}}, "text": ""})
        start = time.perf_counter()
        send(proc, {"jsonrpc": "2.0", "method": "textDocument/didChange",
                    "params": {"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]}})
        codes = wait_publish(proc, uri, version)
        ms = (time.perf_counter() - start) * 1000
        assert ("LF5002" in codes) != fixing, (fixing, codes)
        times.append(ms)
        print(f"round={r + 1} edit={'fix' if fixing else 'unfix'} ms={ms:.0f} codes={','.join(codes) or '-'}")
    send(proc, {"jsonrpc": "2.0", "id": 2, "method": "shutdown"})
    while receive(proc).get("id") != 2:
        pass
    send(proc, {"jsonrpc": "2.0", "method": "exit"})
    proc.wait(timeout=30)
    times.sort()
    median = times[len(times) // 2]
    p90 = times[min(len(times) - 1, int(len(times) * 0.9))]
    print(f"summary rounds={rounds} median_ms={median:.0f} p90_ms={p90:.0f} min_ms={times[0]:.0f} max_ms={times[-1]:.0f} exit={proc.returncode}")


if __name__ == "__main__":
    main()
