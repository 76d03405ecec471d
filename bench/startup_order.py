#!/usr/bin/env python3
"""Writes bench/startup-order.txt: the functions the release binary runs at start-up, in
one list, for the linker's --symbol-ordering-file (Makefile RELEASE_FLAGS).

Why: the static executable is about 105 MB (Foundation and ICU come with GRDB); the code
that runs at start-up was scattered over it, and the kernel maps up to 64 KB of
neighbouring pages on each page fault, so the resident set held megabytes of code that
never ran (docs/performance.md). Placed together, the same code touches far fewer pages. The list only moves code; a stale list
costs memory, never correctness (lld skips names it does not find).

How: valgrind --tool=callgrind (names not demangled) over, in this order: the wizard to its
first frame and Ctrl-C; the bench's field session (the first frame, the preparer's initials
and Enter: the preparation begins and the record store is opened, a weight typed, moves
between fields, Ctrl-C, in an 80x24 pty; the same keys as dialog_compare's); `plan`; `train --list`. Every function called, profile by profile, each name
once: what runs before the first frame comes first and lies together, then what the
record store adds (GRDB, SQLite, Foundation), then the subcommands.

Usage: startup_order.py RELEASE_BINARY [OUTPUT]   (run it after changes to start-up code)
Then relink (SwiftPM does not see the list change): rm .build/release/infusion-prep; make release
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


def wait_for(session, marker, timeout=120):
    deadline = time.time() + timeout
    while marker not in session.output:
        if time.time() > deadline:
            raise RuntimeError(f"no {marker!r} under valgrind: {bytes(session.output[-300:])!r}")
        session.burst(timeout=1.0)


# glibc's string and math functions come in variants for each processor (memmove_avx_...,
# memmove_evex_...), chosen at start by IFUNC resolvers. valgrind's simulated processor
# gets other variants than the real one, so the profiles name the wrong ones.
VARIANT = re.compile(r"^__(\w+?)_(sse2|ssse3|sse4_1|sse41|sse4_2|sse42|avx|avx2|avx512|evex|fma|fma3|fma4)(_\w+)?$")


def family(name):
    match = VARIANT.match(name)
    return match.group(1) if match else None


def resolved_variants(binary, env):
    """The variants this processor's resolvers chose: the binary run natively to its first
    frame, the targets of its R_X86_64_IRELATIVE slots read from /proc/PID/mem."""
    relocations = subprocess.run(["readelf", "-rW", binary], capture_output=True, text=True, check=True).stdout
    slots = [int(line.split()[0], 16) for line in relocations.splitlines() if "R_X86_64_IRELATIVE" in line]
    symbols = {}
    for line in subprocess.run(["nm", binary], capture_output=True, text=True, check=True).stdout.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[1] in "tTiW":
            symbols.setdefault(int(parts[0], 16), parts[2])
    session = bench.Session([binary], env)
    wait_for(session, b"Begin preparation")
    targets = []
    with open(f"/proc/{session.pid}/mem", "rb") as memory:
        for slot in slots:
            memory.seek(slot)
            targets.append(int.from_bytes(memory.read(8), "little"))
    session.key(bench.CTRL_C)
    session.finish()
    return [symbols[target] for target in targets if target in symbols]


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
    profiles = [os.path.join(work, name) for name in ("first-frame", "field-session", "plan", "train")]

    for profile, keys in ((profiles[0], []), (profiles[1], bench.BEGIN_KEYS + bench.WEIGHT_KEYS + bench.MOVE_KEYS)):
        session = bench.Session(valgrind + [f"--callgrind-out-file={profile}", stripped], env)
        # Under valgrind the program starts slowly: wait for its first frame (valgrind's own
        # banner comes first), and for the answer to each key, before the next one.
        wait_for(session, b"Begin preparation")
        for key in keys:
            session.key(key)
            time.sleep(0.5)
            session.burst(timeout=1.0)
        session.key(bench.CTRL_C)
        session.finish(timeout=60)
    for profile, arguments in ((profiles[2], ["plan", "--weight", "70", "--dose", "60", "--frequency", "every-2-weeks"]),
                               (profiles[3], ["train", "--list"])):
        subprocess.run(valgrind + [f"--callgrind-out-file={profile}", stripped] + arguments, env=env,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)

    # A name defined more than once (a local helper such as an outlined copy, in many
    # objects) cannot be placed reliably: lld moves every section that defines it, and
    # some are whole libraries' single .text (the standard library's, _Concurrency's,
    # _RegexParser's), which would spread over the start-up code. Such names are left out.
    defined = subprocess.run(["nm", stripped], capture_output=True, text=True, check=True).stdout
    counts = {}
    for line in defined.splitlines():
        name = line.split()[-1] if line.split() else ""
        counts[name] = counts.get(name, 0) + 1
    names, seen = [], {name for name, count in counts.items() if count > 1}
    for profile in profiles:
        if os.path.getsize(profile) == 0:
            print(f"error: the profile {os.path.basename(profile)} is empty", file=sys.stderr)
            return 1
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
        print(f"{os.path.basename(profile)}: {len(names)} functions so far")
        if profile == profiles[0]:
            first_frame = len(names)
    # The real processor's variant of each function family the profiles called, after the
    # first frame's functions (they are small, and most are used from the start).
    called = {family(name) for name in names} - {None}
    variants = [name for name in dict.fromkeys(resolved_variants(stripped, env)) if family(name) in called and name not in seen]
    names[first_frame:first_frame] = variants
    print(f"{len(variants)} variants of glibc functions for this processor")
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
