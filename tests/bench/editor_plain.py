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


# The first `df.` in a new process. Cold: jedi is imported inside the timing, as a code-intelligence
# engine asked right after its start has to. Warm (argv[2] == "warm"): jedi was imported and
# has parsed pandas and numpy, statically and live, before the setup cell, as Sandpiper's
# warm-up does while the user pauses; the pause itself is not needed here.
FIRST = """
import json, sys, time
warm = sys.argv[2] == "warm"
if warm:
    import jedi, numpy, pandas
    jedi.Script("import pandas as pd\\npd.DataFrame().").complete(2, 15)
    jedi.Script("import numpy as np\\nnp.zeros(2).").complete(2, 12)
    sample = {"df": pandas.DataFrame({"a": [1], "b": ["x"]}), "arr": numpy.zeros(2)}
    for text in ("df.", "df.a.", "arr."):
        try:
            jedi.Interpreter(text, [sample]).complete(1, len(text))
        except Exception:
            pass  # jedi 0.19 fails on some pandas properties (Sandpiper guards too)
setup = json.load(open(sys.argv[1]))["setup"]
namespace = {}
exec(setup, namespace)
start = time.perf_counter()
import jedi
completions = jedi.Interpreter("df.", [namespace]).complete(1, 3)
elapsed = (time.perf_counter() - start) * 1000
if not completions:
    sys.exit("no completion for df.")
print(elapsed)
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
run(sources[0])  # black's lazy start-up, as a warm code-intelligence engine has had it
times, outputs = [], []
for source in sources:
    start = time.perf_counter()
    outputs.append(run(source))
    times.append((time.perf_counter() - start) * 1000)
print(json.dumps({"median_ms": statistics.median(times), "outputs": outputs}))
"""


def first_completion(folder, cache, warmth):
    """A new Python process: the setup cell, then the first `df.`; see FIRST."""
    env = dict(os.environ, XDG_CACHE_HOME=cache)
    out = subprocess.run(
        [sys.executable, "-c", FIRST, os.path.join(folder, "live.json"), warmth],
        env=env,
        capture_output=True,
        text=True,
    )
    if out.returncode != 0:
        sys.exit(f"first completion ({warmth}) failed:\n{out.stderr}")
    return float(out.stdout.strip().splitlines()[-1])


def run_command(command, path):
    start = time.perf_counter()
    subprocess.run(command + [path], capture_output=True, check=False)
    return (time.perf_counter() - start) * 1000


def main():
    folder = sys.argv[1]
    result = {}
    for key, warmth in (
        ("plain_complete_first_cold_ms", "cold"),
        ("plain_complete_first_ms", "warm"),
    ):
        with tempfile.TemporaryDirectory() as cache:
            # An empty jedi cache, like a new session's workspace.
            result[key] = first_completion(folder, cache, warmth)

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
        [sys.executable, "-c", BLACK_API, folder],
        capture_output=True,
        text=True,
        check=True,
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
            format_ms.append(run_command([black, "-q", "--line-length", "88"], target))
            with open(target) as f:
                if f.read() != inprocess_out[i]:
                    sys.exit("black's command and its API disagree on format_%d.py" % i)
            ours = os.path.join(folder, "format_%d.sandpiper.py" % i)
            if os.path.exists(ours):
                with open(ours) as f:
                    if f.read() != inprocess_out[i]:
                        sys.exit("Sandpiper's black output differs on format_%d.py" % i)
            lint_ms.append(
                run_command(
                    [flake8, "--max-line-length", "88", "--extend-ignore", "E203,W503"],
                    os.path.join(folder, "lint_%d.py" % i),
                )
            )
    result["plain_format_command_1k_lines_ms"] = statistics.median(format_ms)
    result["plain_lint_2k_lines_ms"] = statistics.median(lint_ms)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
