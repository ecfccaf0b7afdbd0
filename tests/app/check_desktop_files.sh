#!/bin/sh
# The desktop integration the package installs, checked by the tools desktops themselves use:
# the .desktop entry, the AppStream metainfo, the MIME types it claims and the icons.
#   check_desktop_files.sh SOURCE_DIR BUILD_DIR
set -eu
source=$1
build=$2
desktop=$source/resources/desktop/org.sandpiper.Sandpiper.desktop
metainfo=$build/resources/desktop/org.sandpiper.Sandpiper.metainfo.xml
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# desktop-file-validate prints warnings without failing: any error or warning fails here. Its
# one hint stays: the three main categories the entry is asked to have (Development, Science,
# Education) may list it in three menus.
out=$(desktop-file-validate "$desktop" 2>&1 | grep -v ': hint: .*contains more than one main category') || true
[ -z "$out" ] || { echo "$out" >&2; exit 1; }

appstreamcli validate --no-net --no-color "$metainfo"

# Every type the entry claims is known, with ours added to the system's database.
mkdir -p "$work/mime/packages"
cp /usr/share/mime/packages/freedesktop.org.xml "$work/mime/packages/"
cp "$source/resources/desktop/sandpiper-mime.xml" "$work/mime/packages/sandpiper.xml"
XDG_DATA_DIRS=$work update-mime-database "$work/mime" 2>"$work/mime.log"
if [ -s "$work/mime.log" ]; then cat "$work/mime.log" >&2; exit 1; fi
types=$(sed -n 's/^MimeType=//p' "$desktop" | tr ';' ' ')
for type in $types; do
    grep -qx "$type" "$work/mime/types" || { echo "unknown MIME type: $type" >&2; exit 1; }
done
grep -q ':application/vnd.apache.parquet:\*\.parquet$' "$work/mime/globs2" ||
    { echo "*.parquet is not application/vnd.apache.parquet" >&2; exit 1; }

# The PNG icons are drawn at their size.
for size in 16 22 24 32 48 64 128 256; do
    png=$build/resources/desktop/hicolor/${size}x$size/apps/org.sandpiper.Sandpiper.png
    got=$(python3 -c 'import struct, sys
data = open(sys.argv[1], "rb").read(24)
print("%dx%d" % struct.unpack(">II", data[16:24]))' "$png")
    [ "$got" = "${size}x$size" ] || { echo "$png is $got" >&2; exit 1; }
done
echo "desktop files OK"
