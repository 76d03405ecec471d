#!/usr/bin/env python3
"""Writes bench/startup-order.txt: the functions the release binary runs at start-up, in
one list, for the linker's --symbol-ordering-file (Makefile RELEASE_FLAGS).

Why: the static executable is about 28 MB; the code that runs before the first frame was
scattered over it, and the kernel maps 64 KB of neighbouring pages on each page fault, so
the resident set held about 5 MB of code that never ran (docs/performance.md). Placed
together, the same code touches far fewer pages. The list only moves code; a stale list
costs memory, never correctness (lld skips names it does not find).

How: valgrind --tool=callgrind (names not demangled) over the wizard (the first frame, a
weight typed, moves between fields, Ctrl-C, in an 80x24 pty), `plan` and `train --list`;
every function called, in the order the profiles name them.

Usage: startup_order.py RELEASE_BINARY [OUTPUT]   (run it after changes to start-up code)
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import dialog_compare as bench  # noqa: E402


def main():
    if len(sys.argv) not in (2, 3):
        print(__doc__, file=sys.stderr)
        return 2
    binary = os.path.abspath(sys.argv[1])
    output = sys.argv[2] if len(sys.argv) == 3 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "startup-order.txt")
    work = tempfile.mkdtemp(prefix="startup-order-")
    # valgrind 3.19 cannot read the DWARF 5 the toolchain writes: profile a copy without it.
    stripped = os.path.join(work, "infusion-prep")
    subprocess.run(["strip", "--strip-debug", "-o", stripped, binary], check=True)
    env = bench.environment(work)
    valgrind = [shutil.which("valgrind") or "/usr/bin/valgrind", "--tool=callgrind", "--demangle=no"]
    profiles = [os.path.join(work, name) for name in ("wizard", "plan", "train")]

    session = bench.Session(valgrind + [f"--callgrind-out-file={profiles[0]}", stripped], env)
    session.burst(timeout=60)
    for key in [bench.ENTER] + bench.WEIGHT_KEYS + bench.MOVE_KEYS:
        session.key(key)
        time.sleep(0.2)
        session.burst(timeout=0.5)
    session.key(bench.CTRL_C)
    session.finish(timeout=60)
    for profile, arguments in ((profiles[1], ["plan", "--weight", "70", "--dose", "60", "--frequency", "every-2-weeks"]),
                               (profiles[2], ["train", "--list"])):
        subprocess.run(valgrind + [f"--callgrind-out-file={profile}", stripped] + arguments, env=env,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)

    names, seen = [], set()
    for profile in profiles:
        known = {}
        with open(profile) as file:
            for line in file:
                match = re.match(r"^c?fn=\((\d+)\)(?: (.*))?$", line.strip())
                if not match:
                    continue
                number, name = match.group(1), match.group(2)
                if name:
                    known[number] = re.sub(r"'\d+$", "", name)
                name = known.get(number)
                if name and not name.startswith("0x") and name not in seen:
                    seen.add(name)
                    names.append(name)
    shutil.rmtree(work, ignore_errors=True)
    if len(names) < 500:
        print(f"error: only {len(names)} functions profiled; is valgrind installed?", file=sys.stderr)
        return 1
    with open(output, "w") as file:
        file.write("\n".join(names) + "\n")
    print(f"{len(names)} functions written to {output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
