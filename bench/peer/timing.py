"""Shared by the peer scripts: the timing options, the median of timed runs after warm-ups, and the one JSON line
each script prints (bench/peer.bench.ts reads the last line of standard output)."""

import argparse
import json
import resource
import time


def parser(description, runs=1, warmup=0):
    """An argument parser with --runs (timed runs, median reported) and --warmup (untimed runs before them)."""
    p = argparse.ArgumentParser(description=description)
    p.add_argument("--runs", type=int, default=runs, help=f"timed runs; the median is reported (default {runs})")
    p.add_argument("--warmup", type=int, default=warmup, help=f"untimed runs before them (default {warmup})")
    return p


def median_ms(work, runs, warmup):
    """Runs `work` `warmup` times untimed, then `runs` times under time.perf_counter(). Returns the median in ms
    (the upper one of an even count, as bench/types.ts's timeMedian), every timing, and the last result."""
    result = None
    for _ in range(warmup):
        result = work()
    times = []
    for _ in range(max(runs, 1)):
        start = time.perf_counter()
        result = work()
        times.append((time.perf_counter() - start) * 1000)
    return sorted(times)[len(times) // 2], times, result


def peak_rss_mb():
    """Peak resident memory of this process so far, in MB (Linux reports ru_maxrss in KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def report(task, ms, times, check, **extra):
    """Prints the script's one JSON line: task, median ms, peak RSS (MB), the answer's check, and the rest."""
    import lifetimes

    line = {"task": task, "ms": ms, "peakRssMb": peak_rss_mb(), "check": check, "times": times}
    line.update(extra)
    line["lifetimes"] = lifetimes.__version__
    print(json.dumps(line))
