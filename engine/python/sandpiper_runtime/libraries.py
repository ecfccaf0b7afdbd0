"""Versions of the data-science libraries, for the engine's hello.

importlib.metadata costs about 60 ms on first use (imports, path scans), too much for
the start-up budget, so the distribution metadata folders it reads are scanned directly:
"pandas-2.2.3+dfsg.egg-info", "scikit_learn-1.4.2.dist-info".
"""

import os
import sys

LIBRARIES = (
    "pandas",
    "numpy",
    "matplotlib",
    "plotly",
    "scikit-learn",
    "scipy",
    "statsmodels",
    "seaborn",
    "jedi",
    "black",
    "flake8",
)

_SUFFIXES = (".dist-info", ".egg-info")


def normalize(name):
    """PEP 503-style normalisation with '_' (no re: it is slow to import)."""
    return name.lower().replace("-", "_").replace(".", "_")


def _version_from_metadata(path):
    for file_name in ("METADATA", "PKG-INFO"):
        candidate = os.path.join(path, file_name)
        try:
            with open(candidate, encoding="utf-8", errors="replace") as f:
                for line in f:
                    if line.startswith("Version:"):
                        return line.split(":", 1)[1].strip()
                    if not line.strip():
                        break
        except OSError:
            continue
    return ""


def versions(names=LIBRARIES, path=None):
    """{name: version} for the installed distributions among names, first on path."""
    wanted = {normalize(n): n for n in names}
    found = {}
    for entry in path if path is not None else sys.path:
        if len(found) == len(wanted):
            break
        try:
            with os.scandir(entry or ".") as it:
                entries = [e for e in it if e.name.endswith(_SUFFIXES)]
        except OSError:
            continue
        for e in sorted(entries, key=lambda e: e.name):
            stem = e.name.rsplit(".", 1)[0]
            dist, _, version = stem.partition("-")
            name = wanted.get(normalize(dist))
            if name is None or name in found:
                continue
            # "foo-1.0-py3.13.egg-info": the version ends at the next '-'.
            version = version.split("-", 1)[0]
            if not version:
                version = _version_from_metadata(e.path)
            if version:
                found[name] = version
    return {n: found[n] for n in names if n in found}
