#!/usr/bin/env python3
"""Runs a command and prints its wall time and peak resident memory as JSON:
{"seconds": 1.23, "cpu_seconds": 1.2, "peak_rss_kb": 45678, "status": 0} (CPU
time is user + system of the child: the fair measure per core on a busy machine). Standard output of the command is
discarded; its standard error passes through. Peak memory is the child's ru_maxrss, so
no /usr/bin/time is needed.

Usage: measure.py COMMAND [ARG...]
"""

import json
import resource
import subprocess
import sys
import time


def main():
    if len(sys.argv) < 2:
        raise SystemExit(__doc__)
    started = time.perf_counter()
    status = subprocess.call(sys.argv[1:], stdout=subprocess.DEVNULL)
    seconds = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = usage.ru_utime + usage.ru_stime
    print(
        json.dumps(
            {
                "seconds": round(seconds, 3),
                "cpu_seconds": round(cpu, 3),
                "peak_rss_kb": usage.ru_maxrss,
                "status": status,
            }
        )
    )


if __name__ == "__main__":
    main()
