#!/usr/bin/env bash
# installer/sandpiper bench plots [--json FILE]
# The Plots dock (offscreen) on a sandboxed session: matplotlib pictures shown, Plotly in the
# warm chart page against a page made per chart (same run, same chart, same samples), exports
# at 300 DPI, and the window's memory after 10^4 figures. About 2 minutes.
set -euo pipefail
build=$1
shift
json_out=
while (($#)); do
    case $1 in
    --json) json_out=$2; shift 2 ;;
    *) echo "bench plots: unknown argument $1" >&2; exit 2 ;;
    esac
done
export SANDPIPER_ENGINE="$build/app/sandpiper-engine"
cmake --build "$build" --target bench_plots sandpiper-engine >/dev/null
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
result=$(XDG_CONFIG_HOME="$home/config" XDG_DATA_HOME="$home/data" XDG_CACHE_HOME="$home/cache" \
    "$build/tests/bench_plots" 2>"$home/stderr") || { cat "$home/stderr" >&2; exit 1; }
python3 - "$result" "$json_out" <<'PY'
import json, sys
ours, out = json.loads(sys.argv[1]), sys.argv[2]
rows = [
    ("mpl_visible_ms", "matplotlib picture -> painted in the dock (ms)", "<= 50"),
    ("mpl_cell_ms", "the same, from Run (engine included) (ms)", "reported"),
    ("plotly_visible_ms.warm", "10^4-point Plotly, warm page (ms)", "<= 150"),
    ("plotly_visible_ms.cold", "the same in a new page per chart (ms)", "peer"),
    ("export_png_300dpi_ms", "matplotlib 6x4 in PNG at 300 DPI (ms)", "reported"),
    ("export_png_300dpi_ms.plotly", "Plotly 6x4 in PNG at 300 DPI (ms)", "reported"),
    ("gui_rss_mb.before", "window memory before the figures (MB)", ""),
    ("gui_rss_mb.after_10000_figures", f"window memory after {ours['figures']} figures (MB)",
     "<= 256 + 150 over before"),
    ("figures_mb", "the figures' pictures, all told (MB)", ""),
    ("history_mb_in_memory", "of which kept in memory, the rest in files (MB)", "<= 256"),
]
for key, label, goal in rows:
    print(f"{label:50}{ours[key]:10.1f}   {goal}")
cold, warm = ours["plotly_visible_ms.cold"], ours["plotly_visible_ms.warm"]
print(f"{'cold / warm (same chart, same run)':50}{cold / warm:10.1f}x")
growth = ours["gui_rss_mb.after_10000_figures"] - ours["gui_rss_mb.before"]
print(f"{'growth over the figures (MB)':50}{growth:10.1f}   <= 406")
if out:
    with open(out, "w") as f:
        json.dump(ours, f, indent=2)
PY
