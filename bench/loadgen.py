"""A small HTTP load generator for `bench/portal.py` (no wrk or ab needed), and a trivial server to
measure its own ceiling against. No Django here: it runs as its own process.

    python bench/loadgen.py get HOST PORT PATH [--header 'If-None-Match: "…"'] [--seconds 10] [--concurrency 4]
    python bench/loadgen.py serve PORT [--processes 2]

``get`` runs ``--concurrency`` forked processes, each sending one request at a time for
``--seconds`` seconds on a fresh connection per request (gunicorn's sync workers close the connection
after every response anyway), and prints one JSON line: requests, errors, status counts, req/s,
latency median and p95 in ms, bytes received, and the CPU seconds the generator itself used.
``serve`` answers every request with a fixed 200 "ok" and closes, in a few forked asyncio processes.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import resource
import signal
import socket
import statistics
import sys
import time
from typing import Any


def _one(host: str, port: int, request: bytes) -> tuple[int, int]:
    """Send one request, read the response to its end; (status, bytes received)."""
    with socket.create_connection((host, port), timeout=30) as sock:
        sock.sendall(request)
        received = 0
        head = b""
        while True:
            chunk = sock.recv(262144)
            if not chunk:
                break
            if len(head) < 16:
                head += chunk[:16]
            received += len(chunk)
    status = int(head.split(b" ", 2)[1]) if head.startswith(b"HTTP/") else 0
    return status, received


def _worker(host: str, port: int, request: bytes, seconds: float, out: Any) -> None:
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    errors = 0
    received = 0
    deadline = time.perf_counter() + seconds
    while True:
        started = time.perf_counter()
        if started >= deadline:
            break
        try:
            status, size = _one(host, port, request)
        except OSError:
            errors += 1
            continue
        latencies.append(time.perf_counter() - started)
        statuses[status] = statuses.get(status, 0) + 1
        received += size
    out.put({"latencies": latencies, "statuses": statuses, "errors": errors, "bytes": received})


def run_get(host: str, port: int, path: str, headers: list[str], seconds: float, concurrency: int) -> dict[str, Any]:
    lines = [f"GET {path} HTTP/1.1", f"Host: {host}", "User-Agent: satudata-bench", "Connection: close", *headers]
    request = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
    ctx = multiprocessing.get_context("fork")
    out = ctx.Queue()
    started = time.perf_counter()
    procs = [ctx.Process(target=_worker, args=(host, port, request, seconds, out)) for _ in range(concurrency)]
    for p in procs:
        p.start()
    parts = [out.get() for _ in procs]
    for p in procs:
        p.join()
    elapsed = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    latencies = sorted(x for part in parts for x in part["latencies"])
    statuses: dict[str, int] = {}
    for part in parts:
        for status, n in part["statuses"].items():
            statuses[str(status)] = statuses.get(str(status), 0) + n
    n = len(latencies)
    return {
        "path": path,
        "requests": n,
        "errors": sum(p["errors"] for p in parts),
        "statuses": statuses,
        "seconds": round(elapsed, 3),
        "rps": round(n / seconds, 1),
        "median_ms": round(statistics.median(latencies) * 1000, 2) if n else None,
        "p95_ms": round(latencies[max(0, -(-n * 95 // 100) - 1)] * 1000, 2) if n else None,
        "bytes": sum(p["bytes"] for p in parts),
        "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 3),
    }


async def _answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        await reader.readuntil(b"\r\n\r\n")
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok")
        await writer.drain()
    except (asyncio.IncompleteReadError, ConnectionError):
        pass
    finally:
        writer.close()


def _serve_one(port: int) -> None:
    async def main() -> None:
        server = await asyncio.start_server(_answer, "127.0.0.1", port, reuse_port=True, backlog=1024)
        async with server:
            await server.serve_forever()

    asyncio.run(main())


def run_serve(port: int, processes: int) -> None:
    ctx = multiprocessing.get_context("fork")
    procs = [ctx.Process(target=_serve_one, args=(port,), daemon=True) for _ in range(processes)]
    for p in procs:
        p.start()
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(0))
    print("ready", flush=True)
    try:
        for p in procs:
            p.join()
    finally:
        for p in procs:
            p.terminate()
            p.join()


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    get = sub.add_parser("get")
    get.add_argument("host")
    get.add_argument("port", type=int)
    get.add_argument("path")
    get.add_argument("--header", action="append", default=[])
    get.add_argument("--seconds", type=float, default=10.0)
    get.add_argument("--concurrency", type=int, default=4)
    serve = sub.add_parser("serve")
    serve.add_argument("port", type=int)
    serve.add_argument("--processes", type=int, default=2)
    args = parser.parse_args(argv)
    if args.command == "get":
        result = run_get(args.host, args.port, args.path, args.header, args.seconds, args.concurrency)
        print(json.dumps(result), flush=True)
    else:
        run_serve(args.port, args.processes)


if __name__ == "__main__":
    main(sys.argv[1:])
