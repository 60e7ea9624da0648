#!/usr/bin/env python3
"""Probe a running paperrec server's limits from one client, on one keep-alive connection.

    PAPERREC_ADMIN_TOKEN=$(openssl rand -hex 32) java -jar server/target/paperrec.jar serve --port 18200 &
    bench/scripts/limits-probe.py 18200 "$PAPERREC_ADMIN_TOKEN"

Sends a bounded number of requests to 127.0.0.1 only and prints the statuses each case got, the
time it took and the last Retry-After (docs/RELIABILITY.md, "Limits and abuse", has a run).
"""
import collections
import http.client
import sys
import time


def run(port, n, method, path, headers, body=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    counts, retry_after, start = collections.Counter(), None, time.time()
    for _ in range(n):
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        response.read()
        counts[response.status] += 1
        if response.status == 429:
            retry_after = response.getheader("Retry-After")
    return dict(counts), round(time.time() - start, 2), retry_after


def main():
    port, token = int(sys.argv[1]), sys.argv[2]
    json = {"Content-Type": "application/json"}
    print("200 sign-ups as JSON:", run(port, 200, "POST", "/v1/users", json, "{}"))
    print("a sign-up as text/plain:", run(port, 1, "POST", "/v1/users", {"Content-Type": "text/plain"}, "{}"))
    print("100 wrong admin tokens:", run(port, 100, "GET", "/v1/sources", {"Authorization": "Bearer " + "x" * 64}))
    print("the right admin token after that:", run(port, 1, "GET", "/v1/sources", {"Authorization": "Bearer " + token}))
    print("100 similar-papers queries:", run(port, 100, "GET", "/v1/papers/2501.06842/similar?limit=5", {}))


if __name__ == "__main__":
    main()
