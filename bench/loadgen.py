"""A small closed-loop load generator: ``concurrency`` threads, each with one keep-alive
HTTP connection, send requests for ``seconds`` and record each latency. The same code
drives the platform and the reference app, so their ratio is fair even where the
generator itself (Python, on the same two cores) is the limit."""
import http.client
import json
import threading
import time


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))] if ordered else None


def drive(port, make_request, seconds=10.0, concurrency=8, warmup=1.0):
    """``make_request(i) -> (method, path, body or None, headers)``; returns a summary."""
    latencies, errors, lock = [], [], threading.Lock()
    stop_at = time.perf_counter() + warmup + seconds
    measure_from = time.perf_counter() + warmup

    def worker(offset):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        i = offset
        while True:
            started = time.perf_counter()
            if started >= stop_at:
                break
            method, path, body, headers = make_request(i)
            i += concurrency
            try:
                connection.request(method, path, body=json.dumps(body) if body is not None else None,
                                   headers={"Content-Type": "application/json", **headers})
                response = connection.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException) as exc:
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                status = repr(exc)
            elapsed = time.perf_counter() - started
            if started >= measure_from:
                with lock:
                    if isinstance(status, int) and status < 400:
                        latencies.append(elapsed)
                    else:
                        errors.append(status)
        connection.close()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {"requests": len(latencies), "errors": len(errors), "first_errors": errors[:3],
            "rps": len(latencies) / seconds, "p50_ms": (percentile(latencies, 0.5) or 0) * 1000,
            "p95_ms": (percentile(latencies, 0.95) or 0) * 1000}
