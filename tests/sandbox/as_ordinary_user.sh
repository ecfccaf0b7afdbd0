#!/bin/sh
# Runs the sandbox suites again as an ordinary user (uid 65534) when the tests run as root, as
# in CI: an ordinary user gets the sandbox without any privilege (RLIMIT_NPROC instead of a
# small pid_max, an unprivileged user namespace), and both paths must hold.
#
# The build tree may sit where uid 65534 cannot reach it, so the programs and the Python
# runtime are copied to a folder of its own first. Not under /tmp: the tests keep their
# "outside" files next to them or in the working directory, and those must be hidden by the
# sandbox's private root, not merely by its private /tmp.
#
# usage: as_ordinary_user.sh RUNTIME_DIR NATIVE_DIR ENGINE PROBE TEST...
set -eu

if [ "$(id -u)" -ne 0 ]; then
    echo "skipped: the suite already runs as the ordinary user $(id -un) (uid $(id -u))"
    exit 77
fi
# Without these the second pass cannot happen here; say why instead of passing silently.
if ! command -v setpriv >/dev/null; then
    echo "skipped: setpriv (util-linux) is missing, so the tests cannot become an ordinary user"
    exit 77
fi
if ! unshare --mount --mount-proc --propagation private true 2>/dev/null; then
    echo "skipped: root here cannot make a mount namespace with a fresh /proc (no CAP_SYS_ADMIN?)"
    exit 77
fi

runtime=$1 native=$2 engine=$3 probe=$4
shift 4
user=65534
top=$(mktemp -d /var/tmp/sandpiper-ordinary-user-XXXXXX)
trap 'rm -rf "$top"' EXIT
trap 'exit 130' INT TERM HUP # the EXIT trap cleans up after Ctrl+C or a termination too
# A run that was killed outright (ctest's timeout) left its copies behind.
find /var/tmp -maxdepth 1 -name 'sandpiper-ordinary-user-*' -mmin +120 -exec rm -rf {} + || true
mkdir "$top/bin" "$top/home" "$top/work"
cp -r "$runtime" "$top/python"
cp -r "$native" "$top/native" # sandpiper_duckdb and its private libduckdb.so
cp "$engine" "$probe" "$@" "$top/bin/"
chown -R "$user:$user" "$top"
chmod 0755 "$top"

status=0
for test in "$@"; do
    name=$(basename "$test")
    echo "== $name as uid $user"
    # A fresh /proc (same pid namespace) in a new mount namespace: the one the toolbox mounted
    # for root has read-only covers that keep an unprivileged sandbox from mounting its own.
    (cd "$top/work" && unshare --mount --mount-proc --propagation private \
        setpriv --reuid="$user" --regid="$user" --clear-groups --inh-caps=-all \
        env -i PATH=/usr/bin:/bin HOME="$top/home" LANG=C.UTF-8 LC_ALL=C.UTF-8 \
        QT_QPA_PLATFORM=offscreen XDG_CONFIG_HOME="$top/home/.config" \
        SANDPIPER_RUNTIME_PATH="$top/python" SANDPIPER_NATIVE_PATH="$top/native" \
        SANDPIPER_ENGINE="$top/bin/$(basename "$engine")" \
        "$top/bin/$name") || status=1
done
exit $status
