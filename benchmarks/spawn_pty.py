"""Run one command on a pseudo-terminal until it shows a text; print the
time to that text, the peak RSS and the exit status, as spawn.py does.

    python -I -S spawn_pty.py STDERR_FILE TEXT COMMAND [ARG ...]

What a person waits for at an interactive question is the question on the
screen, not the process's end: the clock stops when TEXT has been written
to the terminal. Then Ctrl-C ends the command (nothing answered, so nothing
is stored or kept). Cursor-position requests (ESC [6n) are answered as a
terminal emulator does, or prompt_toolkit would wait for them. The launcher
imports little (`pty` and `tty` are small); it is not counted in the time.
"""

import contextlib
import os
import pty
import select
import sys
import time

err_path, wanted, argv = sys.argv[1], sys.argv[2].encode(), sys.argv[3:]
CPR_REQUEST, CPR_ANSWER = b"\x1b[6n", b"\x1b[1;1R"
TIMEOUT_S = 30

master, slave = pty.openpty()
os.set_blocking(master, False)
actions = [
    (os.POSIX_SPAWN_DUP2, slave, 0),
    (os.POSIX_SPAWN_DUP2, slave, 1),
    (os.POSIX_SPAWN_OPEN, 2, err_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600),
    (os.POSIX_SPAWN_CLOSE, master),
]
env = dict(os.environ, TERM="xterm-256color")
start = time.perf_counter()
pid = os.posix_spawn(argv[0], argv, env, file_actions=actions, setsid=True)
os.close(slave)
seen, shown_at = b"", None
while shown_at is None and time.perf_counter() - start < TIMEOUT_S:
    select.select([master], [], [], 1.0)
    try:
        chunk = os.read(master, 65536)
    except BlockingIOError:
        continue
    except OSError:  # the command ended (EIO) before showing the text
        break
    seen += chunk
    if CPR_REQUEST in chunk:
        os.write(master, CPR_ANSWER)
    if wanted in seen:
        shown_at = time.perf_counter() - start
if shown_at is not None:
    os.write(master, b"\x03")  # Ctrl-C at the question
    # Keep reading so the command never blocks on a full terminal buffer.
    while True:
        done, status, usage = os.wait4(pid, os.WNOHANG)
        if done:
            break
        select.select([master], [], [], 0.05)
        with contextlib.suppress(OSError):
            os.read(master, 65536)
else:
    os.kill(pid, 9)
    _, status, usage = os.wait4(pid, 0)
os.close(master)
code = os.waitstatus_to_exitcode(status)
# 130 is the Ctrl-C that ends it; anything else means the text never came.
ok = shown_at is not None and code == 130
sys.stdout.write(f"{shown_at or 0.0!r} {usage.ru_maxrss} {0 if ok else code or 1}\n")
