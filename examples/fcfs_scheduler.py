#!/usr/bin/env python3
"""An external clusterlab scheduler: first come, first served with first fit.

Speaks the clusterlab scheduler protocol, version 1: one JSON object per line
on standard input (from clusterlab) and standard output (to clusterlab).
Standard library only. Run it through clusterlab:

    clusterlab simulate --trace traces/samples/KTH-SP2-1996-2.1-cln.swf.gz \
        --scheduler examples/fcfs_scheduler.py

It keeps its own view of the cluster: the free amount of every resource on
every node, updated by its own starts and by the end events clusterlab sends.
Jobs start in submit order while the first one fits (no backfilling); a job
that can never fit on the empty cluster is rejected. GPU device shapes are
left to clusterlab (it assigns devices by first fit when none are named).
"""
import json
import sys

EPS = 1e-9


def send(obj):
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


def main():
    nodes = []          # [{"id", "free": {resource: amount}, "capacity": {...}}]
    jobs = {}           # id -> job description
    queue = []          # job ids in arrival order
    placements = {}     # id -> [(node index, count)]

    def fits(node, request, count):
        return all(node["free"].get(r, 0.0) + EPS >= a * count for r, a in request.items())

    def tasks_on(node, request):
        n = None
        for r, a in request.items():
            if a > 0:
                k = int((node["free"].get(r, 0.0) + EPS) // a)
                n = k if n is None else min(n, k)
        return 10 ** 9 if n is None else n

    def first_fit(job):
        left = job["tasks"]
        placement = []
        for i, node in enumerate(nodes):
            k = min(left, tasks_on(node, job["request"]))
            if k > 0:
                placement.append((i, k))
                left -= k
                if left == 0:
                    return placement
        return None

    def empty_capacity(job):
        total = 0
        for node in nodes:
            n = None
            for r, a in job["request"].items():
                if a > 0:
                    k = int((node["capacity"].get(r, 0.0) + EPS) // a)
                    n = k if n is None else min(n, k)
            total += 10 ** 9 if n is None else n
        return total

    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        msg = json.loads(line)
        kind = msg.get("type")
        if kind == "hello":
            for n in msg["cluster"]["nodes"]:
                nodes.append({"id": n["id"], "capacity": dict(n["capacity"]), "free": dict(n["capacity"])})
            send({"type": "hello", "name": "fcfs-first-fit.py"})
        elif kind == "schedule":
            for ev in msg["events"]:
                if ev["type"] == "submit":
                    job = ev["job"]
                    jobs[job["id"]] = job
                    queue.append(job["id"])
                elif ev["type"] == "end":
                    jid = ev["job"]
                    for i, k in placements.pop(jid, []):
                        for r, a in jobs[jid]["request"].items():
                            nodes[i]["free"][r] = nodes[i]["free"].get(r, 0.0) + a * k
                    if ev.get("state") in ("requeued", "preempted"):
                        queue.append(jid)
            decisions = []
            while queue:
                job = jobs[queue[0]]
                if empty_capacity(job) < job["tasks"]:
                    decisions.append({"action": "reject", "job": job["id"], "reason": "can never fit"})
                    queue.pop(0)
                    continue
                placement = first_fit(job)
                if placement is None:
                    break
                for i, k in placement:
                    for r, a in job["request"].items():
                        nodes[i]["free"][r] = nodes[i]["free"].get(r, 0.0) - a * k
                placements[job["id"]] = placement
                decisions.append({"action": "start", "job": job["id"],
                                  "placement": [{"node": nodes[i]["id"], "count": k} for i, k in placement]})
                queue.pop(0)
            send({"type": "decisions", "decisions": decisions})
        elif kind == "end":
            return


if __name__ == "__main__":
    main()
