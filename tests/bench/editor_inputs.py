"""Inputs for `installer/sandpiper bench editor`, written to a folder shared by the
Sandpiper driver (bench_editor) and the plain peer (editor_plain.py).

    python3 editor_inputs.py DIR

DIR/format_N.py   1000 lines of valid but badly formatted code (5 variants)
DIR/lint_N.py     2000 lines of ordinary code with a few problems (5 variants)
DIR/static.py     an analysis script; DIR/static_positions.json: where to complete in it
DIR/live.json     the setup cell and the texts completed against the live namespace
"""

import json
import os
import sys

SETUP = """import numpy as np
import pandas as pd
n = 100
df = pd.DataFrame({'alpha': np.arange(n), 'beta': np.random.rand(n), 'gamma': ['x']*n})
d = {'key1': 1, 'key2': 2, 'other': 3}
arr = np.zeros(10)
"""

# Texts typed in the editor; the cursor is at the end.
LIVE = [
    "df.",
    "df.al",
    'd["',
    "df['",
    "np.ze",
    "pd.read_",
    "arr.",
    "df.alpha.",
    "df.groupby('gamma').",
    "x = df.be",
]


def ugly_block(n, seed):
    # What code typed without a formatter looks like: spacing, quotes, a long line.
    return [
        "def compute_%d(values,factor = %d,*args,**kwargs) :" % (n, seed),
        "  '''Scale values %d.'''" % n,
        "  result=[ v*factor for v in values if v>%d ]" % (n % 7),
        "  mapping={ 'first':result[0] if result else None,'count' :len(result),"
        "'total':sum(result)}",
        "  if mapping['count']>10 and mapping['total']<1000 :",
        "      return mapping",
        "  for index,item in enumerate( result ):",
        "     print( 'item',index,item )",
        "  return {**mapping,'extra':[1,2,3]}",
        "class Holder_%d :" % n,
        "  def __init__(self,value = %d) : self.value=value" % seed,
        "  def double(self) :",
        "    return self.value*2",
        "",
    ]


def lint_block(n, seed):
    return [
        "",
        "",
        "def summarise_%d(frame, column, limit=%d):" % (n, seed),
        '    """Summary of one column."""',
        "    values = frame[column].dropna()",
        "    if len(values) > limit:",
        "        values = values.head(limit)",
        "    unused = values.mean()",
        "    return {",
        '        "count": len(values),',
        '        "total": float(values.sum()),',
        '        "name": "%s_%d" % (column, limit),',
        "    }",
        "",
        "",
        "class Report%d:" % n,
        "    def __init__(self, frame):",
        "        self.frame = frame",
        "",
        "    def columns(self):",
        "        return [c for c in self.frame.columns if c != 'id' ]",
    ]


def build(block, header, count, seed):
    lines = list(header)
    n = 0
    while True:
        chunk = block(n, seed)
        if len(lines) + len(chunk) > count:
            break
        lines += chunk
        n += 1
    while len(lines) < count:
        lines.append("value_%d = %d" % (len(lines), seed))
    return "\n".join(lines) + "\n"


STATIC = '''import os
import json
import numpy as np
import pandas as pd
from collections import defaultdict


def load(path):
    """Read a CSV file into a frame."""
    frame = pd.read_csv(path)
    frame["when"] = pd.to_datetime(frame["when"])
    return frame


class Analysis:
    def __init__(self, frame):
        self.frame = frame
        self.counts = defaultdict(int)

    def totals(self):
        return self.frame.groupby("kind")["value"].sum()

    def export(self, target):
        with open(target, "w") as f:
            json.dump(self.totals().to_dict(), f)


frame = load(os.path.join("data", "sales.csv"))
analysis = Analysis(frame)
values = np.linspace(0, 1, 50)
'''

# Lines appended to STATIC, one per request; completed at their end.
STATIC_QUERIES = [
    "os.pa",
    "np.li",
    "pd.read_",
    "frame.gr",
    "analysis.to",
    "json.du",
    "values.",
    "os.path.jo",
    "defaultdict(int).",
    "load(",
]


def main():
    folder = sys.argv[1]
    os.makedirs(folder, exist_ok=True)
    for i in range(5):
        with open(os.path.join(folder, "format_%d.py" % i), "w") as f:
            f.write(build(ugly_block, ["import os", "import sys", ""], 1000, 10 + i))
        header = ['"""Reports."""', "import os", "import sys", "import pandas as pd"]
        with open(os.path.join(folder, "lint_%d.py" % i), "w") as f:
            f.write(build(lint_block, header, 2000, 50 + i))
    with open(os.path.join(folder, "static.py"), "w") as f:
        f.write(STATIC)
    base = STATIC.count("\n")
    positions = [
        {"text": STATIC + query, "line": base + 1, "column": len(query)}
        for query in STATIC_QUERIES
    ]
    with open(os.path.join(folder, "static_positions.json"), "w") as f:
        json.dump(positions, f)
    with open(os.path.join(folder, "live.json"), "w") as f:
        json.dump({"setup": SETUP, "texts": LIVE}, f)


if __name__ == "__main__":
    main()
