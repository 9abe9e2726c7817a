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
that can never fit on the empty cluster is rejected, and so is a job that does
not fit when no running job will ever end (estimate null: pods that never
depart). Jobs with a GPU device shape {count, milli} get `count` distinct
devices with `milli` free each, chosen by first fit and named in the placement.
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

    running = {}        # id -> estimate (None: never ends)

    def tasks_on(node, request):
        n = None
        for r, a in request.items():
            if a > 0:
                k = int((node["free"].get(r, 0.0) + EPS) // a)
                n = k if n is None else min(n, k)
        return 10 ** 9 if n is None else n

    def devices_for(node, shape, tasks):
        """First-fit devices for `tasks` tasks of shape {count, milli}, or None."""
        free = list(node["devices"])
        out = []
        for _ in range(tasks):
            chosen = [g for g in range(len(free)) if free[g] >= shape["milli"]][: shape["count"]]
            if len(chosen) < shape["count"]:
                return None
            for g in chosen:
                free[g] -= shape["milli"]
            out.extend(chosen)
        return out

    def first_fit(job):
        left = job["tasks"]
        shape = job.get("gpu")
        placement = []
        for i, node in enumerate(nodes):
            k = min(left, tasks_on(node, job["request"]))
            while k > 0 and shape and devices_for(node, shape, k) is None:
                k -= 1
            if k > 0:
                placement.append((i, k, devices_for(node, shape, k) if shape else None))
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
                nodes.append({"id": n["id"], "capacity": dict(n["capacity"]), "free": dict(n["capacity"]),
                              "devices": [1000] * n.get("gpus", 0)})
            send({"type": "hello", "name": "fcfs-first-fit.py"})
        elif kind == "schedule":
            for ev in msg["events"]:
                if ev["type"] == "submit":
                    job = ev["job"]
                    jobs[job["id"]] = job
                    queue.append(job["id"])
                elif ev["type"] == "end":
                    jid = ev["job"]
                    running.pop(jid, None)
                    shape = jobs[jid].get("gpu")
                    for i, k, devices in placements.pop(jid, []):
                        for r, a in jobs[jid]["request"].items():
                            nodes[i]["free"][r] = nodes[i]["free"].get(r, 0.0) + a * k
                        for g in devices or []:
                            nodes[i]["devices"][g] += shape["milli"]
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
                    if all(e is None for e in running.values()):
                        # Nothing running will ever end: it will never fit.
                        decisions.append({"action": "reject", "job": job["id"], "reason": "does not fit and nothing will end"})
                        queue.pop(0)
                        continue
                    break
                entries = []
                for i, k, devices in placement:
                    for r, a in job["request"].items():
                        nodes[i]["free"][r] = nodes[i]["free"].get(r, 0.0) - a * k
                    entry = {"node": nodes[i]["id"], "count": k}
                    if devices is not None:
                        for g in devices:
                            nodes[i]["devices"][g] -= job["gpu"]["milli"]
                        entry["devices"] = devices
                    entries.append(entry)
                placements[job["id"]] = placement
                running[job["id"]] = job["estimate"]
                decisions.append({"action": "start", "job": job["id"], "placement": entries})
                queue.pop(0)
            send({"type": "decisions", "decisions": decisions})
        elif kind == "end":
            return


if __name__ == "__main__":
    main()
