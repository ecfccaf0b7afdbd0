"""The plain peer for `installer/sandpiper bench editor`: the same operations done the
way a simple editor integration does them. A fresh jedi.Script (or Interpreter) per
request in a process that was not prepared, black through its API in this process (the same
work as Sandpiper's: same mode, same safety checks; outputs compared) and as a command, and
flake8 as a command.

    python3 editor_plain.py DIR     (DIR made by editor_inputs.py)

Prints one JSON object with the keys of bench_editor, prefixed "plain_".
"""

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time


def percentile(samples, fraction):
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


FIRST = """
import json, sys, time
setup = json.load(open(sys.argv[1]))["setup"]
namespace = {}
exec(setup, namespace)
start = time.perf_counter()
import jedi
jedi.Interpreter("df.", [namespace]).complete(1, 3)
print((time.perf_counter() - start) * 1000)
"""


BLACK_API = """
import json, os, statistics, sys, time
import black
folder = sys.argv[1]
mode = black.Mode(line_length=88)
def run(source):
    try:
        return black.format_file_contents(source, fast=False, mode=mode)
    except black.NothingChanged:
        return source
sources = [open(os.path.join(folder, "format_%d.py" % i)).read() for i in range(5)]
run(sources[0])  # black's lazy start-up, as a warm tools engine has had it
times, outputs = [], []
for source in sources:
    start = time.perf_counter()
    outputs.append(run(source))
    times.append((time.perf_counter() - start) * 1000)
print(json.dumps({"median_ms": statistics.median(times), "outputs": outputs}))
"""


def first_completion(folder, cache):
    """A new Python process: the setup cell, then the first `df.` (importing jedi)."""
    env = dict(os.environ, XDG_CACHE_HOME=cache)
    out = subprocess.run(
        [sys.executable, "-c", FIRST, os.path.join(folder, "live.json")],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return float(out.stdout.strip().splitlines()[-1])


def run_tool(command, path):
    start = time.perf_counter()
    subprocess.run(command + [path], capture_output=True, check=False)
    return (time.perf_counter() - start) * 1000


def main():
    folder = sys.argv[1]
    result = {}
    with tempfile.TemporaryDirectory() as cache:
        # Cold jedi cache, like a new session's workspace.
        result["plain_complete_first_ms"] = first_completion(folder, cache)

    import jedi

    live = json.load(open(os.path.join(folder, "live.json")))
    namespace = {}
    exec(live["setup"], namespace)
    texts = live["texts"]

    def complete(text):
        try:
            jedi.Interpreter(text, [namespace]).complete(1, len(text))
        except Exception:
            pass  # jedi 0.19 fails on some pandas properties (Sandpiper guards)

    for text in texts:
        complete(text)
    samples = []
    for i in range(200):
        start = time.perf_counter()
        complete(texts[i % len(texts)])
        samples.append((time.perf_counter() - start) * 1000)
    result["plain_complete_live_p50_ms"] = statistics.median(samples)
    result["plain_complete_live_p95_ms"] = percentile(samples, 0.95)

    positions = json.load(open(os.path.join(folder, "static_positions.json")))
    path = os.path.join(folder, "static.py")
    for p in positions:
        jedi.Script(p["text"], path=path).complete(p["line"], p["column"])
    samples = []
    for i in range(200):
        p = positions[i % len(positions)]
        start = time.perf_counter()
        jedi.Script(p["text"], path=path).complete(p["line"], p["column"])
        samples.append((time.perf_counter() - start) * 1000)
    result["plain_complete_static_p50_ms"] = statistics.median(samples)
    result["plain_complete_static_p95_ms"] = percentile(samples, 0.95)

    # black's own API in a fresh process (this one holds jedi's objects, which would make
    # black's garbage collections slower), with the same mode and safety checks as
    # Sandpiper's (format_file_contents, not fast): the same work, without the transport.
    api = subprocess.run(
        [sys.executable, "-c", BLACK_API, folder], capture_output=True, text=True, check=True
    )
    inprocess = json.loads(api.stdout)
    inprocess_out = inprocess["outputs"]
    result["plain_format_1k_lines_ms"] = inprocess["median_ms"]

    black = shutil.which("black") or "black"
    flake8 = shutil.which("flake8") or "flake8"
    format_ms = []
    lint_ms = []
    with tempfile.TemporaryDirectory() as work:
        for i in range(5):
            target = os.path.join(work, "format_%d.py" % i)
            shutil.copy(os.path.join(folder, "format_%d.py" % i), target)
            format_ms.append(run_tool([black, "-q", "--line-length", "88"], target))
            with open(target) as f:
                if f.read() != inprocess_out[i]:
                    sys.exit("black's command and its API disagree on format_%d.py" % i)
            ours = os.path.join(folder, "format_%d.sandpiper.py" % i)
            if os.path.exists(ours):
                with open(ours) as f:
                    if f.read() != inprocess_out[i]:
                        sys.exit("Sandpiper's black output differs on format_%d.py" % i)
            lint_ms.append(
                run_tool(
                    [flake8, "--max-line-length", "88", "--extend-ignore", "E203,W503"],
                    os.path.join(folder, "lint_%d.py" % i),
                )
            )
    result["plain_format_command_1k_lines_ms"] = statistics.median(format_ms)
    result["plain_lint_2k_lines_ms"] = statistics.median(lint_ms)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
