#!/usr/bin/env python3
"""Validates, merges, dedupes and re-splits ChiroClick training exports (stdlib only).

    python3 prepare.py EXPORT_DIR [EXPORT_DIR ...] --out PREPARED_DIR [--no-manifest] [--force]

Each EXPORT_DIR is what ``training export`` wrote (train/validation/test/dpo .jsonl + manifest.json).
The manifest is verified (row counts and sha256 per file), every line is validated (strict JSON Lines,
ChatML role order, DPO keys), examples are deduplicated by a hash of their training content across all
inputs, and SFT examples are re-split 80/10/10 by that hash, so an example keeps its split however the
exports are combined. Writes train/validation/test/dpo .jsonl, manifest.json and report.json to --out.

Exit codes: 0 ok, 2 usage, 3 invalid data, 4 manifest mismatch, 5 missing file or directory,
6 no training examples.
"""
from __future__ import annotations

import argparse
import collections
import datetime as dt
import json
import os
import sys

import chiro_data as cd


def prepare(inputs: list[str], out: str, verify: bool = True, force: bool = False) -> dict:
    """Runs the whole preparation; returns the report. Raises cd.DataError with an exit code."""
    for d in inputs:
        if not os.path.isdir(d):
            raise cd.DataError([f"{d}: not a directory"], cd.EXIT_MISSING)
    if os.path.abspath(out) in {os.path.abspath(d) for d in inputs}:
        raise cd.DataError([f"{out}: --out must differ from every input directory"], cd.EXIT_USAGE)

    sources, errors = [], []
    sft_rows: list[cd.Row] = []
    dpo_rows: list[cd.Row] = []
    for d in inputs:
        src = {"dir": d}
        try:
            if verify:
                m = cd.verify_manifest(d)
                src.update(batchId=m.get("batchId"), anonymiserVersion=m.get("anonymiserVersion"),
                           watermark=m.get("watermark"))
            loaded = cd.load_prepared(d, need_sft=False)
        except cd.DataError as e:
            # Collect problems of every input before failing, so one run lists them all.
            errors.append((e.code, e.errors))
            continue
        src["rows"] = {k: len(v) for k, v in loaded.items()}
        for k in ("train", "validation", "test"):
            sft_rows.extend(loaded[k])
        dpo_rows.extend(loaded["dpo"])
        sources.append(src)
    if errors:
        codes = [c for c, _ in errors]
        code = cd.EXIT_MANIFEST if cd.EXIT_MANIFEST in codes else codes[0]
        raise cd.DataError([msg for _, msgs in errors for msg in msgs], code)

    batch_ids = [s.get("batchId") for s in sources if s.get("batchId")]
    warnings = [f"batch {b} given {n} times" for b, n in collections.Counter(batch_ids).items() if n > 1]
    anonymisers = sorted({s["anonymiserVersion"] for s in sources if s.get("anonymiserVersion")})
    if len(anonymisers) > 1:
        warnings.append(f"inputs were anonymised by different versions: {', '.join(anonymisers)}")

    def dedupe(rows):
        seen, kept, dups = set(), [], []
        for r in rows:
            if r.content_hash in seen:
                dups.append(r.origin)
            else:
                seen.add(r.content_hash)
                kept.append(r)
        return kept, dups

    sft, sft_dups = dedupe(sft_rows)
    dpo, dpo_dups = dedupe(dpo_rows)
    if not sft and not dpo:
        raise cd.DataError(["no examples in the inputs"], cd.EXIT_EMPTY)

    splits = {"train": [], "validation": [], "test": []}
    for r in sft:
        splits[cd.split_of(r.content_hash)].append(r)

    if os.path.exists(out) and os.listdir(out) and not force:
        raise cd.DataError([f"{out}: exists and is not empty (use --force to overwrite)"], cd.EXIT_USAGE)
    os.makedirs(out, exist_ok=True)
    files = {}
    for name, rows in [(f"{k}.jsonl", v) for k, v in splits.items()] + [(cd.DPO_FILE, dpo)]:
        n, sha = cd.write_jsonl(os.path.join(out, name), (r.obj for r in rows))
        files[name] = {"rows": n, "sha256": sha}

    by_task = collections.defaultdict(lambda: collections.Counter())
    for kind, rows in (("sft", sft), ("dpo", dpo)):
        for r in rows:
            meta = r.obj.get("metadata") or {}
            by_task[f"{kind}:{meta.get('task')}"][meta.get("correction_type")] += 1

    report = {
        "inputs": sources,
        "read": {"sft": len(sft_rows), "dpo": len(dpo_rows)},
        "duplicatesDropped": {"sft": len(sft_dups), "dpo": len(dpo_dups)},
        "duplicateOrigins": (sft_dups + dpo_dups)[:100],
        "counts": {k: len(v) for k, v in splits.items()} | {"dpo": len(dpo)},
        "byTask": {k: dict(v) for k, v in sorted(by_task.items())},
        "split": "sha256(content) first 32 bits mod 100: <80 train, <90 validation, else test",
        "warnings": warnings,
    }
    manifest = {
        "kind": "prepared",
        "createdAt": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "sources": [{k: s.get(k) for k in ("batchId", "anonymiserVersion", "watermark")} for s in sources],
        "counts": report["counts"],
        "files": files,
    }
    with open(os.path.join(out, cd.MANIFEST), "w", encoding="utf-8") as f:
        json.dump(manifest, f, ensure_ascii=False, indent=2)
    with open(os.path.join(out, "report.json"), "w", encoding="utf-8") as f:
        json.dump(report, f, ensure_ascii=False, indent=2)
    return report


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("inputs", nargs="+", help="export directories written by `training export`")
    p.add_argument("--out", required=True, help="directory for the prepared dataset")
    p.add_argument("--no-manifest", action="store_true", help="skip manifest verification (hand-made data)")
    p.add_argument("--force", action="store_true", help="overwrite a non-empty --out directory")
    args = p.parse_args(argv)
    try:
        report = prepare(args.inputs, args.out, verify=not args.no_manifest, force=args.force)
    except cd.DataError as e:
        print(f"prepare: FAILED ({len(e.errors)} problem(s)):", file=sys.stderr)
        for msg in e.errors:
            print(f"  {msg}", file=sys.stderr)
        return e.code
    c, d = report["counts"], report["duplicatesDropped"]
    print(f"prepare: {report['read']['sft']} SFT and {report['read']['dpo']} DPO rows read from "
          f"{len(args.inputs)} export(s); dropped {d['sft']} + {d['dpo']} duplicates")
    print(f"prepare: train {c['train']}, validation {c['validation']}, test {c['test']}, dpo {c['dpo']} "
          f"→ {args.out}")
    for w in report["warnings"]:
        print(f"prepare: warning: {w}", file=sys.stderr)
    return cd.EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
