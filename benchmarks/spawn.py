"""Run one command and print its wall time, peak RSS and exit status.

    python -I -S spawn.py STDERR_FILE COMMAND [ARG ...]

Why a separate, small process: on Linux a child's ru_maxrss starts at its
parent's resident size (exec records the old address space's high-water
mark), so a command spawned by the benchmark itself would inherit the
benchmark's memory. This launcher imports almost nothing; its own peak,
about that of `python -c pass`, is the floor of what can be measured.
The time is taken around spawn and wait only, so the launcher's own start-up
is not counted.
"""

import os
import sys
import time

err_path, argv = sys.argv[1], sys.argv[2:]
actions = [
    (os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
    (os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0),
    (os.POSIX_SPAWN_OPEN, 2, err_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600),
]
start = time.perf_counter()
pid = os.posix_spawn(argv[0], argv, os.environ, file_actions=actions)
_, status, usage = os.wait4(pid, 0)
seconds = time.perf_counter() - start
sys.stdout.write(f"{seconds!r} {usage.ru_maxrss} {os.waitstatus_to_exitcode(status)}\n")
