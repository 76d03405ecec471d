#!/usr/bin/env python3
"""Where the resident memory of the wizard is, at each point of the bench's field session.

Runs the binary in an 80 x 24 pty (the bench's environment: bench/dialog_compare.py), holds
it at the first frame, after Enter (the preparation begins: the record store is opened),
and after the weight is typed, and prints /proc/PID/smaps at each point: resident KB per
mapping, split into file-backed clean, private dirty (written) and anonymous, and the
high-water mark (VmHWM, what GNU time's %M reports).

Usage: memory_map.py BINARY [--detail]   (not part of `make bench`; a tool to find where
memory goes; docs/performance.md has its figures)
"""
import os
import sys
import tempfile
import shutil

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import dialog_compare as bench  # noqa: E402


def smaps(pid):
    """[(name, range, {field: kB})] for every mapping."""
    maps = []
    with open(f"/proc/{pid}/smaps") as file:
        current = None
        for line in file:
            parts = line.split()
            if "-" in parts[0] and not parts[0].endswith(":"):
                name = parts[5] if len(parts) > 5 else "[anon]"
                current = (name, parts[0], parts[1], {})
                maps.append(current)
            elif parts[0].endswith(":") and len(parts) >= 2 and parts[1].isdigit():
                current[3][parts[0][:-1]] = int(parts[1])
    return maps


def status(pid, field):
    with open(f"/proc/{pid}/status") as file:
        for line in file:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def report(label, pid, detail):
    maps = smaps(pid)
    total = sum(m[3].get("Rss", 0) for m in maps)
    print(f"== {label}: Rss {total} kB, VmHWM {status(pid, 'VmHWM')} kB, threads {status(pid, 'Threads')}")
    print(f"   {'mapping':40} {'perm':5} {'Rss':>7} {'clean':>7} {'dirty':>7} {'anon':>7}")
    for name, span, perm, fields in maps:
        rss = fields.get("Rss", 0)
        if rss == 0 or (not detail and rss < 64):
            continue
        clean = fields.get("Private_Clean", 0) + fields.get("Shared_Clean", 0)
        dirty = fields.get("Private_Dirty", 0) + fields.get("Shared_Dirty", 0)
        size = fields.get("Size", 0)
        print(f"   {os.path.basename(name)[:28]:28} {size:>9}kB {perm:5} {rss:>7} {clean:>7} {dirty:>7} {fields.get('Anonymous', 0):>7}")


def main():
    if len(sys.argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    binary = os.path.abspath(sys.argv[1])
    detail = "--detail" in sys.argv
    work = tempfile.mkdtemp(prefix="memory-map-")
    env = bench.environment(work)
    session = bench.Session([binary], env)
    session.first_frame("Begin preparation")
    report("first frame", session.pid, detail)
    session.key(bench.ENTER)
    report("after Enter (the preparation begins)", session.pid, detail)
    for key in bench.WEIGHT_KEYS + bench.MOVE_KEYS:
        session.key(key)
    report("after the weight and the moves", session.pid, detail)
    session.key(bench.CTRL_C)
    session.finish()
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
