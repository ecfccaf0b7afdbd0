# A script that attacks the machine it runs on, one attack per cell. Run it headless:
#
#   installer/sandpiper run -- --batch tests/sandbox/hostile_batch.py --out DIR \
#       --keep-going --time-limit 5 --memory-limit 1024
#
# and every cell ends with the status that names what stopped it (cells.json), while nothing
# outside DIR and the session's workspace changes. tests/sandbox/tst_hostilebatch.cpp checks it.

# %% time: a loop that never ends -> timeout
while True:
    pass

# %% memory: one process asks for more than the limit -> MemoryError (error)
chunks = []
while True:
    chunks.append(b"x" * (64 << 20))

# %% memory: children together go over the limit -> memory
import os
import time

del chunks
for _ in range(5):
    if os.fork() == 0:
        block = b"x" * (300 << 20)
        time.sleep(60)
        os._exit(0)
time.sleep(60)

# %% processes: fork bomb -> stopped at the process limit (killed)
import os

while True:
    try:
        os.fork()
    except OSError:
        pass

# %% network: no connection leaves the sandbox -> error
import socket

socket.create_connection(("deb.debian.org", 80), timeout=3)

# %% files: write outside the workspace -> error, and no marker appears anywhere
import os
import pwd

for folder in ("/tmp", "/var/tmp", "/dev/shm"):
    try:
        with open(os.path.join(folder, "sandpiper-hostile-marker"), "w") as marker:
            marker.write("escaped")
        print("wrote inside the sandbox's private", folder)
    except OSError as error:
        print("refused:", folder, error)
home = pwd.getpwuid(os.getuid()).pw_dir
with open(os.path.join(home, "sandpiper-hostile-marker"), "w") as marker:
    marker.write("escaped")

# %% output: an endless flood -> output_limit
while True:
    print("flood " * 20)

# %% the session is still there, with its limits
import resource

print("survived", resource.getrlimit(resource.RLIMIT_DATA)[0] >> 20, "MiB")
