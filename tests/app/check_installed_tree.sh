#!/bin/sh
# Installs the build into a temporary prefix, as the Debian package lays it out, and proves the
# installed app finds its own engine, runtime and native modules there (not the build's or the
# checkout's), runs a batch script and reports its sandbox.
#   check_installed_tree.sh BUILD_DIR
set -eu
build=$1
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
prefix=$root/usr

cmake --install "$build" --prefix "$prefix" >/dev/null

for file in bin/sandpiper lib/sandpiper/sandpiper-engine lib/sandpiper/libduckdb.so \
    share/sandpiper/python/sandpiper_runtime/__init__.py \
    share/applications/org.sandpiper.Sandpiper.desktop \
    share/metainfo/org.sandpiper.Sandpiper.metainfo.xml \
    share/icons/hicolor/scalable/apps/org.sandpiper.Sandpiper.svg \
    share/icons/hicolor/48x48/apps/org.sandpiper.Sandpiper.png \
    share/icons/hicolor/256x256/apps/org.sandpiper.Sandpiper.png \
    share/mime/packages/sandpiper.xml share/man/man1/sandpiper.1.gz \
    share/doc/sandpiper/copyright share/doc/sandpiper/changelog.gz; do
    [ -s "$prefix/$file" ] || { echo "not installed: $file" >&2; exit 1; }
done
ls "$prefix"/lib/sandpiper/sandpiper_duckdb*.so >/dev/null
# Nothing of the build tree's own layout leaks into the package.
if find "$prefix" -name '__pycache__' -o -name '*.a' -o -name 'CMakeFiles' | grep -q .; then
    echo "build leftovers installed:" >&2
    find "$prefix" -name '__pycache__' -o -name '*.a' -o -name 'CMakeFiles' >&2
    exit 1
fi

report=$("$prefix/bin/sandpiper" --sandbox-report) || [ $? -eq 3 ]
echo "$report" | grep -qx "Engine: $prefix/lib/sandpiper/sandpiper-engine" ||
    { echo "the installed app did not start its own engine:" >&2; echo "$report" >&2; exit 1; }

cat >"$root/where.py" <<'PY'
# %%
import sandpiper_duckdb
import sandpiper_runtime

print("runtime:", sandpiper_runtime.__file__)
print("native:", sandpiper_duckdb.__file__)

# The interpreter is linked into the engine (StaticPython.cmake): no libpython is loaded,
# extension modules find Python's symbols in the engine, and SHA-2 works without _sha2.
import hashlib
import random

import numpy

with open("/proc/self/maps") as maps:
    print("libpython loaded:", "libpython" in maps.read())
print("sha256:", hashlib.sha256(b"abc").hexdigest()[:8], random.Random(1).random() < 1)
print("numpy:", numpy.arange(4).sum())
PY
"$prefix/bin/sandpiper" --batch "$root/where.py" --out "$root/out" >/dev/null
grep -qx "runtime: $prefix/share/sandpiper/python/sandpiper_runtime/__init__.py" "$root/out/output.log" &&
    grep -q "^native: $prefix/lib/sandpiper/sandpiper_duckdb" "$root/out/output.log" ||
    { echo "the installed engine loaded another runtime:" >&2; cat "$root/out/output.log" >&2; exit 1; }
grep -qx "libpython loaded: False" "$root/out/output.log" &&
    grep -qx "sha256: ba7816bf True" "$root/out/output.log" &&
    grep -qx "numpy: 6" "$root/out/output.log" ||
    { echo "the engine's own interpreter is not the static one:" >&2; cat "$root/out/output.log" >&2; exit 1; }
echo "installed tree OK: $prefix"
