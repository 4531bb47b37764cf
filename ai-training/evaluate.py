#!/usr/bin/env python3
"""ROUGE-L of model outputs against the reference answers in test.jsonl (stdlib only).

    python3 evaluate.py --data PREPARED_DIR --predictions preds.jsonl [--report report.json]
    python3 evaluate.py --data PREPARED_DIR --ollama http://localhost:11434 --model chiro-no \
        [--save-predictions preds.jsonl] [--report report.json]

Predictions file: JSON Lines in test.jsonl order, each {"prediction": "..."} (or "output"/"text").
With --ollama the script sends each example's system + user turns to POST /api/chat (temperature 0)
and scores the reply. ROUGE-L is the LCS-based F-measure of Lin (2004): R = LCS/|reference|,
P = LCS/|candidate|, F = (1+β²)RP / (R + β²P), β = 1 by default; tokens are lower-cased runs of
Unicode letters and digits, so æ, ø and å stay inside words. Exit codes: 0 ok, 2 usage, 3 invalid
data, 5 missing file, 6 nothing to evaluate, 8 Ollama unreachable or failing.
"""
from __future__ import annotations

import argparse
import collections
import json
import os
import re
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

import chiro_data as cd

_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)


def tokenize(text: str) -> list[str]:
    """Lower-cased letter/digit runs: 'Søvn-plager på 5 år' → ['søvn', 'plager', 'på', '5', 'år']."""
    return _TOKEN.findall(text.casefold()) if text else []


def lcs_length(a: list[str], b: list[str]) -> int:
    """Length of the longest common subsequence (dynamic programming, O(len(a)·len(b)) time, O(len(b)) memory)."""
    if not a or not b:
        return 0
    if len(b) > len(a):
        a, b = b, a
    prev = [0] * (len(b) + 1)
    for x in a:
        cur = [0]
        for j, y in enumerate(b, start=1):
            cur.append(prev[j - 1] + 1 if x == y else max(prev[j], cur[j - 1]))
        prev = cur
    return prev[-1]


def rouge_l(reference: str, candidate: str, beta: float = 1.0) -> dict:
    """{"precision","recall","f"} of ROUGE-L for one candidate against one reference (0 when either is empty)."""
    ref, cand = tokenize(reference), tokenize(candidate)
    lcs = lcs_length(ref, cand)
    if lcs == 0:
        return {"precision": 0.0, "recall": 0.0, "f": 0.0}
    r, p = lcs / len(ref), lcs / len(cand)
    f = (1 + beta ** 2) * r * p / (r + beta ** 2 * p)
    return {"precision": p, "recall": r, "f": f}


def read_predictions(path: str) -> list[str]:
    preds = []
    for no, obj in cd.read_jsonl(path):
        for key in ("prediction", "output", "text"):
            if isinstance(obj.get(key), str):
                preds.append(obj[key])
                break
        else:
            raise cd.DataError([f"{path}:{no}: needs a string 'prediction' (or 'output'/'text')"])
    return preds


def ollama_chat(base_url: str, model: str, messages: list[dict], timeout: float = 120.0,
                options: dict | None = None) -> str:
    """One non-streaming /api/chat call; reads the reply line by line (Ollama may send NDJSON chunks)."""
    body = json.dumps({"model": model, "messages": messages, "stream": False,
                       "options": options or {"temperature": 0}}).encode("utf-8")
    req = urllib.request.Request(base_url.rstrip("/") + "/api/chat", data=body,
                                 headers={"Content-Type": "application/json"}, method="POST")
    with urllib.request.urlopen(req, timeout=timeout) as resp:
        text = resp.read().decode("utf-8")
    parts = []
    for line in text.splitlines():
        if line.strip():
            obj = json.loads(line)
            if "error" in obj:
                raise RuntimeError(obj["error"])
            parts.append((obj.get("message") or {}).get("content", ""))
    return "".join(parts)


def normalise_host(host: str) -> str:
    """OLLAMA_HOST may be '0.0.0.0', 'host:port' or a URL; the CLI's defaults are http and port 11434."""
    if "://" not in host:
        host = "http://" + host
    parts = urllib.parse.urlsplit(host)
    if parts.port is None and parts.scheme == "http":
        host = urllib.parse.urlunsplit((parts.scheme, f"{parts.hostname}:11434", parts.path, "", ""))
    return host.rstrip("/")


def evaluate(examples: list[cd.Row], predictions: list[str], beta: float = 1.0) -> dict:
    """Per-task and overall mean ROUGE-L precision, recall and F over paired examples and predictions."""
    per_task = collections.defaultdict(list)
    items = []
    for row, pred in zip(examples, predictions):
        ref = row.obj["messages"][-1]["content"]
        task = (row.obj.get("metadata") or {}).get("task", "unknown")
        score = rouge_l(ref, pred, beta)
        per_task[task].append(score)
        items.append({"task": task, "origin": row.origin, **score})

    def mean(scores):
        return {k: round(sum(s[k] for s in scores) / len(scores), 4) for k in ("precision", "recall", "f")} | {
            "n": len(scores)}

    return {"metric": f"ROUGE-L (LCS F-measure, beta={beta})",
            "overall": mean([s for v in per_task.values() for s in v]),
            "perTask": {t: mean(v) for t, v in sorted(per_task.items())},
            "items": items}


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--data", required=True, help="prepared (or export) directory holding test.jsonl")
    src = p.add_mutually_exclusive_group(required=True)
    src.add_argument("--predictions", help="JSON Lines of {'prediction': ...} in test.jsonl order")
    src.add_argument("--ollama", nargs="?", const=os.environ.get("OLLAMA_HOST", "http://localhost:11434"),
                     help="Ollama base URL (default $OLLAMA_HOST or http://localhost:11434)")
    p.add_argument("--model", default="chiro-no", help="Ollama model name (with --ollama)")
    p.add_argument("--limit", type=int, help="evaluate only the first N test examples")
    p.add_argument("--timeout", type=float, default=120.0, help="seconds per Ollama call")
    p.add_argument("--beta", type=float, default=1.0, help="ROUGE-L F-measure beta (1 = F1)")
    p.add_argument("--save-predictions", help="write the model's outputs here (with --ollama)")
    p.add_argument("--report", help="write the JSON report here")
    args = p.parse_args(argv)
    try:
        examples = cd.load_file(os.path.join(args.data, "test.jsonl"), "sft")
        if args.limit:
            examples = examples[: args.limit]
        if not examples:
            raise cd.DataError([f"{args.data}/test.jsonl has no examples"], cd.EXIT_EMPTY)
        if args.predictions:
            preds = read_predictions(args.predictions)
            if len(preds) < len(examples):
                raise cd.DataError([f"{args.predictions}: {len(preds)} predictions for {len(examples)} examples"])
            preds = preds[: len(examples)]
        else:
            host = normalise_host(args.ollama)
            preds = []
            for i, row in enumerate(examples, 1):
                t0 = time.monotonic()
                try:
                    preds.append(ollama_chat(host, args.model, row.obj["messages"][:-1], args.timeout))
                except (urllib.error.URLError, OSError, RuntimeError, json.JSONDecodeError) as e:
                    print(f"evaluate: Ollama at {host} failed for {row.origin}: {e}\n"
                          f"  start it with `ollama serve` and build the models with ./build-models.sh",
                          file=sys.stderr)
                    return cd.EXIT_EXTERNAL
                print(f"evaluate: {i}/{len(examples)} {time.monotonic() - t0:.1f}s", file=sys.stderr)
            if args.save_predictions:
                cd.write_jsonl(args.save_predictions, ({"prediction": x} for x in preds))
    except cd.DataError as e:
        print("evaluate: FAILED:\n  " + "\n  ".join(e.errors), file=sys.stderr)
        return e.code
    report = evaluate(examples, preds, args.beta)
    print(f"{'task':<22}{'n':>5}{'P':>8}{'R':>8}{'F':>8}")
    for task, s in list(report["perTask"].items()) + [("ALL", report["overall"])]:
        print(f"{task:<22}{s['n']:>5}{s['precision']:>8.4f}{s['recall']:>8.4f}{s['f']:>8.4f}")
    if args.report:
        with open(args.report, "w", encoding="utf-8") as f:
            json.dump(report, f, ensure_ascii=False, indent=2)
    return cd.EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
