#!/usr/bin/env python3
"""Load for `./missrec serve`: POSTs user requests at a given concurrency, prints latency
percentiles and throughput. Standard library only.

  infra/load/serve_load.py --url http://127.0.0.1:8080 --users recommendations/x.jsonl \
      --requests 2000 --concurrency 16
"""
import argparse
import json
import threading
import time
import urllib.request


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--url", default="http://127.0.0.1:8080")
    p.add_argument("--users", required=True, help="JSON Lines with a \"user\" field per line")
    p.add_argument("--requests", type=int, default=1000)
    p.add_argument("--concurrency", type=int, default=1)
    p.add_argument("--k", type=int, default=10)
    a = p.parse_args()
    users = [json.loads(line)["user"] for line in open(a.users)]
    endpoint = a.url.rstrip("/") + "/v1/recommendations"
    latencies, failures, lock = [], [0], threading.Lock()
    counter = iter(range(a.requests))

    def worker():
        while True:
            with lock:
                i = next(counter, None)
            if i is None:
                return
            body = json.dumps({"user": users[i % len(users)], "k": a.k}).encode()
            req = urllib.request.Request(endpoint, body, {"Content-Type": "application/json"})
            t = time.perf_counter()
            try:
                with urllib.request.urlopen(req) as r:
                    r.read()
                ok = r.status == 200
            except Exception:
                ok = False
            dt = time.perf_counter() - t
            with lock:
                latencies.append(dt)
                failures[0] += 0 if ok else 1

    start = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(a.concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - start
    latencies.sort()
    q = lambda f: latencies[min(len(latencies) - 1, int(f * len(latencies)))] * 1000
    print(f"{a.requests} requests, concurrency {a.concurrency}: {a.requests / wall:.0f} req/s, "
          f"p50 {q(0.50):.1f} ms, p90 {q(0.90):.1f} ms, p99 {q(0.99):.1f} ms, "
          f"max {latencies[-1] * 1000:.1f} ms, failures {failures[0]}")


if __name__ == "__main__":
    main()
