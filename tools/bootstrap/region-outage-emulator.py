#!/usr/bin/env python3
"""
The local AWS emulator (moto) with a switchable regional outage, to check what can still be planned
when one region's APIs are unreachable (docs/state-and-outage.md).

Every request is attributed to the region in its SigV4 credential scope (the region the client signed
for, which is the region whose endpoint it would call on AWS). While a region is "down", its requests
get HTTP 503 with error code RegionOutageSimulated and are counted; everything else goes to moto.

  python3 tools/bootstrap/region-outage-emulator.py --port 5108
  curl -X POST 'http://127.0.0.1:5108/__outage?down=ap-east-2'   # start the outage
  curl 'http://127.0.0.1:5108/__outage'                             # counts per region, blocked calls
  curl -X POST 'http://127.0.0.1:5108/__outage?down='              # end it, reset the counters
"""
import argparse
import json
import os
import re
import sys
import threading
from collections import Counter
from urllib.parse import parse_qs

# Before moto is imported: attachable AWS-managed IAM policies, ACM certificates validated at once.
os.environ.setdefault("MOTO_IAM_LOAD_MANAGED_POLICIES", "true")
os.environ.setdefault("MOTO_ACM_VALIDATION_WAIT", "0")

from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app
from werkzeug.serving import run_simple

SCOPE = re.compile(r"Credential=[^/]+/\d{8}/([a-z0-9-]+)/([a-z0-9-]+)/aws4_request")

lock = threading.Lock()
state = {"down": set(), "requests": Counter(), "blocked": Counter()}


def signed_scope(environ):
    auth = environ.get("HTTP_AUTHORIZATION", "")
    match = SCOPE.search(auth)
    if match is None:  # presigned URLs carry the scope in the query string
        credential = parse_qs(environ.get("QUERY_STRING", "")).get("X-Amz-Credential", [""])[0]
        parts = credential.split("/")
        return (parts[2], parts[3]) if len(parts) >= 4 else (None, None)
    return match.group(1), match.group(2)


def control(environ, start_response):
    if environ["REQUEST_METHOD"] == "POST":
        down = parse_qs(environ.get("QUERY_STRING", ""), keep_blank_values=True).get("down", [""])[0]
        with lock:
            state["down"] = {r for r in down.split(",") if r}
            state["requests"].clear()
            state["blocked"].clear()
    with lock:
        body = json.dumps(
            {
                "down": sorted(state["down"]),
                "requests": dict(state["requests"]),
                "blocked": {f"{r} {s}": n for (r, s), n in state["blocked"].items()},
            },
            indent=1,
        ).encode()
    start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
    return [body]


def make_app(backend):
    def app(environ, start_response):
        if environ.get("PATH_INFO", "") == "/__outage":
            return control(environ, start_response)
        region, service = signed_scope(environ)
        with lock:
            state["requests"][region or "unsigned"] += 1
            blocked = region in state["down"]
            if blocked:
                state["blocked"][(region, service)] += 1
        if blocked:
            body = (
                '<?xml version="1.0" encoding="UTF-8"?><Error><Code>RegionOutageSimulated</Code>'
                f"<Message>{region} is unreachable (simulated outage)</Message></Error>"
            ).encode()
            start_response("503 Service Unavailable", [("Content-Type", "application/xml"), ("Content-Length", str(len(body)))])
            return [body]
        return backend(environ, start_response)

    return app


def apply_emulator_fixes():
    """The fixes of the project's emulator runner (tools/local/moto/patched_server.py), when present."""
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "local", "moto"))
    try:
        import patched_server
    except ImportError:
        return
    for fix in patched_server.FIXES:
        try:
            fix()
        except Exception as err:  # another moto version
            sys.stderr.write(f"[region-outage-emulator] {fix.__name__} not applied: {err!r}\n")


def main():
    apply_emulator_fixes()
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    run_simple(args.host, args.port, make_app(DomainDispatcherApplication(create_backend_app)), threaded=True, use_reloader=False)


if __name__ == "__main__":
    main()
