#!/usr/bin/env python3
"""`make bench`, part 2: InfusionPrep against dialog(1) 1.3, side by side in one run.

Every interactive figure is taken in a pseudo-terminal of 80 x 24 with
TERM=xterm-256color, driven by this script through Python's pty module (chosen over a
Swift forkpty driver: a few lines, no build step, and the same driver for both programs).
A program's answer to an input is the burst of bytes it writes, ended by QUIET seconds of
silence; its time is from the input (or from just before fork/exec) to the last byte.
Each figure is the median of RUNS runs; the two programs alternate inside each run.
See docs/performance.md for what each figure means and the targets.

Usage: dialog_compare.py INFUSION_PREP_BINARY   (exit 1 when a target is missed)
"""
import fcntl
import os
import pty
import select
import shutil
import subprocess
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time

RUNS = int(os.environ.get("BENCH_RUNS", "9"))
QUIET = 0.15            # seconds of silence that end a burst of output
FIRST_BYTE_TIMEOUT = 5.0
GNU_TIME = "/usr/bin/time"
TERM = "xterm-256color"

# Targets: ratios to dialog measured in the same run, and one absolute figure.
TARGET_FIRST_FRAME_RATIO = 1.0
TARGET_MEMORY_RATIO = 2.0
TARGET_FIELD_BYTES_RATIO = 1.2
TARGET_PLAN_WALL_MS = 10.0


class Session:
    """One program in a fresh 80 x 24 pseudo-terminal."""

    def __init__(self, argv, env, memory_file=None):
        if memory_file:
            argv = [GNU_TIME, "-f", "%M", "-o", memory_file] + argv
        self.output = bytearray()
        self.start = time.perf_counter()
        pid, fd = pty.fork()
        if pid == 0:  # child: the slave side is stdin, stdout and stderr
            try:
                fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
                os.execve(argv[0], argv, env)
            finally:
                os._exit(127)
        self.pid, self.fd = pid, fd
        self.status = None

    def burst(self, timeout=FIRST_BYTE_TIMEOUT):
        """Reads one answer: waits up to `timeout` for a first byte, then until QUIET
        seconds pass without output. Returns (bytes, perf_counter of the last byte)."""
        data = bytearray()
        last = None
        wait = timeout
        while True:
            ready, _, _ = select.select([self.fd], [], [], wait)
            if not ready:
                break
            try:
                chunk = os.read(self.fd, 65536)
            except OSError:
                chunk = b""
            if not chunk:
                break
            last = time.perf_counter()
            data += chunk
            wait = QUIET
        self.output += data
        return bytes(data), last

    def first_frame(self, marker):
        data, last = self.burst()
        if last is None or marker.encode() not in data:
            raise RuntimeError(f"no first frame with {marker!r}: {data[-300:]!r}")
        # CPU time the process has used so far (ns, /proc/PID/schedstat): less disturbed by
        # other work on the machine than the wall time. It includes the forked child's
        # few instructions before exec, the same for both programs.
        with open(f"/proc/{self.pid}/schedstat") as file:
            self.first_frame_cpu = int(file.read().split()[0]) / 1e6
        return (last - self.start) * 1000, len(data)

    def key(self, keys):
        """Sends one key; returns (bytes written in answer, ms to the last byte)."""
        sent = time.perf_counter()
        os.write(self.fd, keys)
        data, last = self.burst(timeout=1.0)
        return len(data), ((last - sent) * 1000 if last else 0.0)

    def finish(self, timeout=10.0):
        deadline = time.time() + timeout
        while time.time() < deadline:
            ready, _, _ = select.select([self.fd], [], [], 0.1)
            if ready:
                try:
                    chunk = os.read(self.fd, 65536)
                except OSError:
                    chunk = b""
                if not chunk:
                    break
                self.output += chunk
            done, status = os.waitpid(self.pid, os.WNOHANG)
            if done:
                self.status = os.waitstatus_to_exitcode(status)
                break
        if self.status is None:
            os.kill(self.pid, signal.SIGKILL)
            _, status = os.waitpid(self.pid, 0)
            self.status = os.waitstatus_to_exitcode(status)
        os.close(self.fd)
        return self.status


def environment(records):
    # The preparation records are a database file in the bench's scratch folder.
    env = {"PATH": "/usr/bin:/bin", "HOME": records, "TERM": TERM, "LANG": "C.UTF-8",
           "INFUSION_PREP_RECORDS": os.path.join(records, "records.sqlite")}
    return env


# --- The scripts: the same steps for both programs --------------------------------------

ENTER, TAB, BACKTAB, SPACE, ESC, CTRL_C = b"\r", b"\t", b"\x1b[Z", b" ", b"\x1b", b"\x03"
# Both programs switch the terminal to keypad mode (smkx), where xterm sends these.
DOWN, UP = b"\x1bOB", b"\x1bOA"

# A field: the weight typed digit by digit, then moving between fields.
WEIGHT_KEYS = [b"7", b"0", b".", b"5"]
MOVE_KEYS = [TAB, TAB, BACKTAB, BACKTAB]
# Before the weight: the preparer's initials, Enter (Begin: the record store opens), Tab
# past the patient's identifiers to the weight field.
BEGIN_KEYS = [b"J", b"S", ENTER, TAB, TAB, TAB, TAB]


def ours_field_session(binary, env, memory_file=None):
    """First frame (the Start step), the preparer's initials and Enter (Begin: the record
    store opens), Tab past the patient's identifiers to the weight field, the weight typed,
    moves between fields, Ctrl-C."""
    session = Session([binary], env, memory_file)
    first, first_bytes = session.first_frame("Begin preparation")
    first_cpu = session.first_frame_cpu
    for k in BEGIN_KEYS:
        session.key(k)
    typed = [session.key(k) for k in WEIGHT_KEYS]
    moved = [session.key(k) for k in MOVE_KEYS]
    session.key(CTRL_C)
    status = session.finish()
    if status != 130:
        raise RuntimeError(f"infusion-prep ended with {status} after Ctrl-C")
    return first, first_cpu, typed, moved


def dialog_field_session(env, memory_file=None):
    """First frame (a form with the weight and two more fields), the weight typed, moves
    between fields (Tab in a dialog form goes to the buttons, so Down and Up), Esc."""
    argv = [shutil.which("dialog") or "/usr/bin/dialog", "--form", "Patient", "12", "60", "3",
            "Weight (kg)", "1", "1", "", "1", "16", "10", "0",
            "Age (years)", "2", "1", "", "2", "16", "10", "0",
            "Height (cm)", "3", "1", "", "3", "16", "10", "0"]
    session = Session(argv, env, memory_file)
    first, first_bytes = session.first_frame("Weight")
    first_cpu = session.first_frame_cpu
    typed = [session.key(k) for k in WEIGHT_KEYS]
    moved = [session.key(k) for k in [DOWN, DOWN, UP, UP]]
    session.key(ESC)
    session.finish()
    return first, first_cpu, typed, moved


def typed(text):
    """Each character of `text` as one key press."""
    return [bytes([c]) for c in text.encode()]


# The whole wizard (rule book v2, with the record of section 6 and the check and label of
# sections 7 and 8), as the wizard's KeyScript walks it: the preparer JS, Begin; Jane Doe,
# MRN 123456, no date of birth, no order reference; weight 70, measured today; at least 2
# years, not first, no history; every 2 weeks; 60 units/kg; the lots and expiries of both
# strengths (4,200 units is whole vials: no dose list); 10 + 1 vials counted, swirled and
# inspected; 10 + 1 vials withdrawn; 105 mL typed back; sodium chloride and mixing ticked;
# set primed; 75 mL/h typed back; hand over, the checker B. Okafor types the seven values;
# the label printed (to a file), ticked as attached; confirm.
OURS_WALK = (typed("JS") + [ENTER] + typed("Jane Doe") + [ENTER] + typed("123456") + [ENTER, ENTER, ENTER]
             + typed("70") + [ENTER, b"1", ENTER, b"y", ENTER, b"n", ENTER, b"n", ENTER, b"n", ENTER]
             + [b"4", ENTER] + typed("60") + [ENTER]
             + typed("A1234") + [ENTER] + typed("2027-03") + [ENTER] + typed("B5678") + [ENTER] + typed("2027-05") + [ENTER]
             + [SPACE] * 10 + [ENTER, SPACE, ENTER, SPACE, ENTER]
             + [SPACE, ENTER, SPACE, ENTER, SPACE, ENTER]
             + [SPACE] * 10 + [ENTER, SPACE, ENTER] + typed("105") + [ENTER, SPACE, ENTER, SPACE, ENTER]
             + [SPACE, ENTER] + typed("75") + [ENTER]
             + [ENTER] + typed("B. Okafor") + [ENTER]
             + sum((typed(value) + [ENTER] for value in ["70", "4200", "10", "1", "105", "150", "75"]), [])
             + [ENTER, SPACE, ENTER, ENTER])

DIALOG_SCRIPT = r"""#!/bin/sh
# The same steps as the wizard, as a hospital IT person would write them with dialog(1).
set -e
D=dialog
$D --yesno "Imiglucerase (Cerezyme) infusion preparation. Begin preparation?" 8 60
W=$($D --stdout --inputbox "Weight (kg)" 8 40)
$D --yesno "Is the patient at least 2 years old?" 6 50
$D --yesno "Is this the first infusion?" 6 50 || true
$D --yesno "Previous hypersensitivity to imiglucerase?" 6 50 || true
$D --yesno "Previous antibodies or reactions to alglucerase?" 6 50 || true
F=$($D --stdout --menu "Frequency" 13 50 5 1 "3 per week" 2 "2 per week" 3 "weekly" 4 "every 2 weeks" 5 "every 4 weeks")
U=$($D --stdout --inputbox "Dose per infusion (units/kg)" 8 40)
P=$($D --stdout --menu "Dose to prepare" 10 60 2 1 "4,200 units exact dose" 2 "4,000 units rounded")
$D --checklist "Reconstitute" 14 70 6 1 "Add 10.2 mL water to each 400-unit vial" off 2 "Add 5.1 mL water to each 200-unit vial" off 3 "Swirl gently, do not shake" off 4 "Inspect: clear, colourless" off 5 "Withdraw the volume" off 6 "Discard the rest" off
V=$($D --stdout --menu "Final volume" 10 40 3 150 "mL" 100 "mL" 200 "mL")
M=$($D --stdout --menu "Duration" 10 40 3 120 "min" 90 "min" 60 "min")
$D --yesno "Weight $W kg, $U units/kg, final $V mL over $M min. Confirm and finish?" 8 60
"""

# Keys for the script above: the same decisions, in dialog's keys.
DIALOG_WALK = ([ENTER, b"7", b"0", ENTER, b"y", b"n", b"n", b"n", b"4", ENTER, b"6", b"0", ENTER,
                b"1", ENTER] + [SPACE, DOWN] * 6 + [ENTER, ENTER, ENTER, ENTER])


def walk(argv, env, keys, marker):
    session = Session(argv, env)
    first, _ = session.first_frame(marker)
    total_bytes = len(session.output)
    total_ms = first
    for k in keys:
        count, ms = session.key(k)
        total_bytes += count
        total_ms += ms
    status = session.finish()
    return total_ms, total_bytes, status


def plan_run(binary, env):
    argv = [binary, "plan", "--weight", "70", "--dose", "60", "--frequency", "every-2-weeks"]
    with open(os.devnull, "wb") as null:
        start = time.perf_counter()
        pid = os.fork()
        if pid == 0:
            os.dup2(null.fileno(), 1)
            os.execve(binary, argv, env)
        _, status, usage = os.wait4(pid, 0)
        wall = (time.perf_counter() - start) * 1000
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"plan exited {os.waitstatus_to_exitcode(status)}")
    return wall, (usage.ru_utime + usage.ru_stime) * 1000


def median(values):
    return statistics.median(values)


def main():
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    binary = os.path.abspath(sys.argv[1])
    version = subprocess.run(["dialog", "--version"], capture_output=True, text=True).stdout.strip()
    records = tempfile.mkdtemp(prefix="infusion-bench-")
    env = environment(records)
    script = os.path.join(records, "walk.sh")
    with open(script, "w") as file:
        file.write(DIALOG_SCRIPT)
    os.chmod(script, 0o755)

    figures = {name: ([], []) for name in ["first", "first_cpu", "memory", "typed", "moved", "walk_ms", "walk_bytes"]}
    plan_wall, plan_cpu = [], []
    for run in range(RUNS):
        order = [0, 1] if run % 2 == 0 else [1, 0]
        for side in order:
            memory_file = os.path.join(records, f"memory-{side}")
            if side == 0:
                first, first_cpu, typed, moved = ours_field_session(binary, env)
                ours_field_session(binary, env, memory_file)
                walk_ms, walk_bytes, status = walk([binary], env, OURS_WALK, "Begin preparation")
                if status != 0:
                    raise RuntimeError(f"the wizard walk ended with status {status}")
            else:
                first, first_cpu, typed, moved = dialog_field_session(env)
                dialog_field_session(env, memory_file)
                walk_ms, walk_bytes, status = walk(["/bin/sh", script], env, DIALOG_WALK, "Imiglucerase")
                if status != 0:
                    raise RuntimeError(f"the dialog script ended with status {status}")
            with open(memory_file) as file:
                memory = int(file.read().split()[-1])
            figures["first"][side].append(first)
            figures["first_cpu"][side].append(first_cpu)
            figures["memory"][side].append(memory / 1024)
            figures["typed"][side].append(sum(b for b, _ in typed) / len(typed))
            figures["moved"][side].append(sum(b for b, _ in moved) / len(moved))
            figures["walk_ms"][side].append(walk_ms)
            figures["walk_bytes"][side].append(walk_bytes)
        for _ in range(3):
            wall, cpu = plan_run(binary, env)
            plan_wall.append(wall)
            plan_cpu.append(cpu)
    listed = subprocess.run([binary, "records", "list", "--records", os.path.join(records, "records.sqlite")],
                            env=env, capture_output=True, text=True).stdout
    records_written = [line for line in listed.splitlines() if " finished " in line]
    shutil.rmtree(records, ignore_errors=True)
    if len(records_written) != RUNS:
        print(f"MISS the wizard walk saved {len(records_written)} records in {RUNS} runs")
        return 1

    print(f"InfusionPrep ({binary}) against {version}: 80x24 pty, TERM={TERM}, median of {RUNS} runs")
    print(f"{'':4} {'figure':44} {'ours':>10} {'dialog':>10} {'ratio':>7}  target")
    failures = 0

    def row(name, key, unit, target=None, decimals=1):
        nonlocal failures
        ours, theirs = median(figures[key][0]), median(figures[key][1])
        ratio = ours / theirs if theirs else float("inf")
        ok = target is None or ratio <= target
        failures += 0 if ok else 1
        mark = "ok  " if ok else "MISS"
        if target is None:
            mark = "    "
        target_text = f"ratio <= {target}" if target is not None else "(reported)"
        print(f"{mark} {name:44} {ours:>8.{decimals}f}{unit:>2} {theirs:>8.{decimals}f}{unit:>2} {ratio:>7.2f}  {target_text}")

    row("time to first complete frame", "first", "ms", TARGET_FIRST_FRAME_RATIO)
    row("CPU time to first complete frame", "first_cpu", "ms", decimals=2)
    row("peak memory (GNU time %M, field session)", "memory", "MB", TARGET_MEMORY_RATIO)
    row("bytes per keystroke typing the weight", "typed", " B", TARGET_FIELD_BYTES_RATIO)
    row("bytes per keystroke moving between fields", "moved", " B")
    row("whole walk-through: answer time, summed", "walk_ms", "ms")
    row("whole walk-through: bytes written", "walk_bytes", " B", decimals=0)
    wall, cpu = median(plan_wall), median(plan_cpu)
    ok = wall <= TARGET_PLAN_WALL_MS
    failures += 0 if ok else 1
    print(f"{'ok  ' if ok else 'MISS'} {'plan end to end, wall (median of ' + str(len(plan_wall)) + ')':44} {wall:>8.1f}ms {'-':>10} {'-':>7}  <= {TARGET_PLAN_WALL_MS} ms")
    print(f"{'':4} {'plan end to end, CPU (user + system)':44} {cpu:>8.1f}ms {'-':>10} {'-':>7}  (reported)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
