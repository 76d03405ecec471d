#!/usr/bin/env python3
"""`make bench`, the shared record store's load figure (docs/records-postgres.md).

8 plain-mode workstations (processes of the release binary) at once, each making 50
whole preparations one after the other, against one private PostgreSQL server on
loopback (scripts/test-postgres.sh): 400 preparations. Reported: the preparations
recorded (none may be lost), whether the chain verifies (`records verify`), the entries
written, and the time of a preparation's record writes.

That time is a preparation's wall time (one plain-mode process: start, the 51 answers,
its record writes) with PostgreSQL under the load, minus the median wall time of the
same preparation with the records in an SQLite file on the same machine and no load: what
is left is what writing to the shared store costs a preparation (connection, schema
check, one transaction per entry under the advisory lock, waiting for the other
workstations' appends). Median, 95th percentile and maximum over the 400.

Report only: this never fails `make bench` (exit 0), and it says why when it cannot run
(no PostgreSQL server programs: `make test` installs them).

Usage: postgres_load.py INFUSION_PREP_BINARY [WORKSTATIONS] [PREPARATIONS_EACH]
"""
import glob
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time

# The rule book's adult standard case in plain mode, as PlainFrontEndTests.reference answers
# it: the record's identifiers and lots (section 6), the double check by B. Okafor and the
# label (sections 7 and 8; the label goes to a file under the workstation's HOME).
WALK = ["JS", "", "Jane Doe", "123456", "", "", "70", "1", "y", "n", "n", "n",
        "4", "", "60", "", "", "A1234", "2027-03", "B5678", "2027-05",
        "", "10", "y", "y", "1", "y", "y",
        "10", "1", "105", "", "y", "y", "",
        "", "", "y", "75",
        "", "B. Okafor", "70", "4200", "10", "1", "105", "150", "75",
        "", "y", ""]
WALK_INPUT = "".join(answer + "\n" for answer in WALK)
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SCRIPT = os.path.join(ROOT, "scripts", "test-postgres.sh")


def say(text):
    print("postgres load: " + text, flush=True)


def run_preparation(binary, records, env):
    start = time.perf_counter()
    result = subprocess.run([binary, "--plain", "--records", records], input=WALK_INPUT, text=True,
                            capture_output=True, env=env)
    return time.perf_counter() - start, result.returncode, result.stderr


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def main():
    if len(sys.argv) < 2:
        print(__doc__)
        return 0
    binary = os.path.abspath(sys.argv[1])
    workstations = int(sys.argv[2]) if len(sys.argv) > 2 else 8
    each = int(sys.argv[3]) if len(sys.argv) > 3 else 50
    if not glob.glob("/usr/lib/postgresql/*/bin/initdb"):
        say("skipped: PostgreSQL's server programs are not installed (apt-get install postgresql; make test installs it)")
        return 0
    started = subprocess.run(["bash", SCRIPT, "start"], capture_output=True, text=True)
    if started.returncode != 0:
        say("skipped: the private server did not start: " + started.stderr.strip())
        return 0
    values = dict(line[len("export "):].split("=", 1) for line in started.stdout.splitlines() if line.startswith("export "))
    url = values["INFUSION_PREP_TEST_POSTGRES_URL"].strip("'")
    folder = values["INFUSION_PREP_TEST_POSTGRES_DIR"].strip("'")
    sandbox = tempfile.mkdtemp(prefix="infusion-pg-bench-")
    try:
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": sandbox, "TZ": "UTC",
               "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"}
        # The same preparation with SQLite on this machine and no load: the baseline.
        baseline = []
        for index in range(9):
            seconds, status, _ = run_preparation(binary, os.path.join(sandbox, "baseline.sqlite"), env)
            if status == 0:
                baseline.append(seconds)
        base = statistics.median(baseline) if baseline else 0.0
        times = []
        failures = []
        lock = threading.Lock()

        def workstation(number):
            for _ in range(each):
                seconds, status, error = run_preparation(binary, url, env)
                with lock:
                    if status == 0:
                        times.append(seconds)
                    else:
                        failures.append("workstation %d: exit %d: %s" % (number, status, error.strip()[-300:]))

        began = time.perf_counter()
        threads = [threading.Thread(target=workstation, args=(n,)) for n in range(workstations)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - began
        counted = subprocess.run(["psql", "-X", "-A", "-t", url, "-c", "SELECT count(*) FROM entries"], capture_output=True, text=True)
        entries = int(counted.stdout.strip() or 0) if counted.returncode == 0 else 0
        listed = subprocess.run([binary, "records", "list", "--records", url], capture_output=True, text=True, env=env)
        finished = sum(1 for line in listed.stdout.splitlines() if "  finished  " in line)
        verify = subprocess.run([binary, "records", "verify", "--records", url], capture_output=True, text=True, env=env)
        expected = workstations * each
        say("%d workstations x %d preparations at once, one PostgreSQL server on loopback" % (workstations, each))
        say("preparations recorded: %d of %d (%s)" % (finished, expected, "none lost" if finished == expected else "LOST %d" % (expected - finished)))
        say("chain: " + (verify.stdout.strip() if verify.returncode == 0 else "DOES NOT VERIFY: " + verify.stderr.strip()))
        if failures:
            say("%d runs failed; first: %s" % (len(failures), failures[0]))
        if times:
            writes = [max(0.0, t - base) for t in times]
            say("a preparation's record writes: median %.0f ms, 95th percentile %.0f ms, max %.0f ms "
                "(wall time under load minus %.0f ms, the same preparation with SQLite and no load)"
                % (statistics.median(writes) * 1000, percentile(writes, 0.95) * 1000, max(writes) * 1000, base * 1000))
            if entries and finished:
                per_preparation = entries / finished
                say("%.0f entries per preparation: median %.0f ms per entry, each one transaction under the append lock"
                    % (per_preparation, statistics.median(writes) * 1000 / per_preparation))
            say("%d preparations in %.1f s: %.1f preparations per second, %.0f entries per second"
                % (len(times), elapsed, len(times) / elapsed, entries / elapsed))
    finally:
        subprocess.run(["bash", SCRIPT, "stop", folder], capture_output=True)
        shutil.rmtree(sandbox, ignore_errors=True)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except Exception as error:  # report only: never fail the bench
        say("could not run: %s" % error)
        sys.exit(0)
