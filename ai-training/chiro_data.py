"""Shared, stdlib-only reading and validation of ChiroClick training exports.

An export directory (written by the API's ``training export`` CLI) holds ``train.jsonl``,
``validation.jsonl``, ``test.jsonl`` (SFT rows in ChatML ``messages`` form), ``dpo.jsonl``
(``prompt``/``chosen``/``rejected`` pairs) and ``manifest.json`` (row counts and sha256 per file).
Every training script imports this module so that ``--dry-run`` validates exactly what a real run reads,
without torch or transformers.
"""
from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field

SFT_FILES = ("train.jsonl", "validation.jsonl", "test.jsonl")
DPO_FILE = "dpo.jsonl"
MANIFEST = "manifest.json"
CORRECTION_TYPES = ("accepted_as_is", "minor_edit", "major_edit", "rejected")
ROLES = ("system", "user", "assistant")
METADATA_KEYS = ("source", "task", "correction_type", "confidence", "model", "variant", "age_range")

# Exit codes shared by the scripts (documented in README.md).
EXIT_OK = 0
EXIT_USAGE = 2
EXIT_INVALID = 3
EXIT_MANIFEST = 4
EXIT_MISSING = 5
EXIT_EMPTY = 6
EXIT_DEPENDENCY = 7
EXIT_EXTERNAL = 8


class DataError(Exception):
    """A file breaks the export contract; ``errors`` lists ``path:line: message`` strings."""

    def __init__(self, errors: list[str], code: int = EXIT_INVALID):
        super().__init__("\n".join(errors))
        self.errors = errors
        self.code = code


@dataclass
class Row:
    """One validated example: ``obj`` is the parsed line, ``origin`` is ``path:line``."""

    obj: dict
    origin: str
    kind: str  # "sft" or "dpo"
    _hash: str | None = field(default=None, repr=False)

    @property
    def content_hash(self) -> str:
        """sha256 (hex) of the training content only, so metadata differences do not defeat dedupe."""
        if self._hash is None:
            self._hash = content_hash(self.obj, self.kind)
        return self._hash


def canonical(value) -> str:
    """Canonical JSON (sorted keys, no spaces, UTF-8 kept) used for hashing."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def content_hash(obj: dict, kind: str) -> str:
    """Hash of what the model learns from: SFT messages; DPO system + prompt + chosen + rejected."""
    if kind == "sft":
        payload = [{"role": m["role"], "content": m["content"]} for m in obj["messages"]]
    else:
        payload = {
            "system": (obj.get("metadata") or {}).get("system"),
            "prompt": obj["prompt"],
            "chosen": obj["chosen"],
            "rejected": obj["rejected"],
        }
    return hashlib.sha256(canonical(payload).encode("utf-8")).hexdigest()


def split_of(hash_hex: str) -> str:
    """Stable 80/10/10 split from a content hash: the same example always lands in the same split."""
    bucket = int(hash_hex[:8], 16) % 100
    if bucket < 80:
        return "train"
    if bucket < 90:
        return "validation"
    return "test"


def sha256_file(path: str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def read_jsonl(path: str) -> list[tuple[int, dict]]:
    """Reads strict JSON Lines: UTF-8, one JSON object per line, no blank or comment lines.

    A final newline is allowed (and expected); ``\\r\\n`` line ends are accepted. Returns
    ``(line number, object)`` pairs. Raises DataError listing every bad line (at most 50).
    """
    try:
        with open(path, "rb") as f:
            raw = f.read()
    except FileNotFoundError:
        raise DataError([f"{path}: file not found"], EXIT_MISSING)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        raise DataError([f"{path}: not UTF-8 ({e})"])
    if text.startswith("\ufeff"):
        raise DataError([f"{path}:1: byte order mark before the first object (JSON Lines forbids it)"])
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()  # the newline that ends the last line
    rows, errors = [], []
    for no, line in enumerate(lines, start=1):
        if line.endswith("\r"):
            line = line[:-1]
        where = f"{path}:{no}"
        if line.strip() == "":
            errors.append(f"{where}: blank line (JSON Lines allows none)")
            continue
        stripped = line.lstrip()
        if stripped.startswith("//") or stripped.startswith("#"):
            errors.append(f"{where}: comment line (JSON Lines allows none): {stripped[:40]!r}")
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            errors.append(f"{where}: not JSON ({e.msg} at column {e.colno})")
            continue
        if not isinstance(obj, dict):
            errors.append(f"{where}: a JSON object is required, found {type(obj).__name__}")
            continue
        rows.append((no, obj))
    if errors:
        raise DataError(errors[:50] + ([f"... and {len(errors) - 50} more"] if len(errors) > 50 else []))
    return rows


def _check_metadata(meta, where: str, errors: list[str], dpo: bool) -> None:
    if not isinstance(meta, dict):
        errors.append(f"{where}: metadata must be an object")
        return
    if meta.get("source") != "clinical_feedback":
        errors.append(f"{where}: metadata.source must be 'clinical_feedback', found {meta.get('source')!r}")
    if not isinstance(meta.get("task"), str) or not meta.get("task"):
        errors.append(f"{where}: metadata.task must be a non-empty string")
    if meta.get("correction_type") not in CORRECTION_TYPES:
        errors.append(f"{where}: metadata.correction_type must be one of {', '.join(CORRECTION_TYPES)},"
                      f" found {meta.get('correction_type')!r}")
    conf = meta.get("confidence")
    if conf is not None and (isinstance(conf, bool) or not isinstance(conf, (int, float))):
        errors.append(f"{where}: metadata.confidence must be a number or null")
    for key in ("model", "variant", "age_range") + (("system",) if dpo else ()):
        if meta.get(key) is not None and not isinstance(meta.get(key), str):
            errors.append(f"{where}: metadata.{key} must be a string or null")


def validate_sft(obj: dict, where: str) -> list[str]:
    """ChatML check: optional system first, then user/assistant turns alternating, ending with assistant."""
    errors: list[str] = []
    msgs = obj.get("messages")
    if not isinstance(msgs, list) or not msgs:
        return [f"{where}: 'messages' must be a non-empty list"]
    roles = []
    for i, m in enumerate(msgs):
        if not isinstance(m, dict):
            errors.append(f"{where}: messages[{i}] must be an object")
            continue
        role, content = m.get("role"), m.get("content")
        if role not in ROLES:
            errors.append(f"{where}: messages[{i}].role {role!r} is not one of {', '.join(ROLES)}")
        if not isinstance(content, str) or not content.strip():
            errors.append(f"{where}: messages[{i}].content must be a non-empty string")
        roles.append(role)
    if errors:
        return errors
    turns = roles[1:] if roles[0] == "system" else roles
    expected = ["user", "assistant"] * (len(turns) // 2 + 1)
    if len(turns) < 2 or len(turns) % 2 or turns != expected[: len(turns)]:
        errors.append(f"{where}: role order {roles} is not ChatML (system?, user, assistant[, user, assistant...])")
    _check_metadata(obj.get("metadata"), where, errors, dpo=False)
    return errors


def validate_dpo(obj: dict, where: str) -> list[str]:
    """DPO check: prompt, chosen, rejected are non-empty strings and chosen differs from rejected."""
    errors: list[str] = []
    for key in ("prompt", "chosen", "rejected"):
        v = obj.get(key)
        if not isinstance(v, str) or not v.strip():
            errors.append(f"{where}: '{key}' must be a non-empty string")
    if not errors and obj["chosen"].strip() == obj["rejected"].strip():
        errors.append(f"{where}: 'chosen' equals 'rejected' (no preference to learn)")
    _check_metadata(obj.get("metadata"), where, errors, dpo=True)
    return errors


def load_file(path: str, kind: str) -> list[Row]:
    """Reads and validates one SFT or DPO file; raises DataError with every problem found."""
    check = validate_sft if kind == "sft" else validate_dpo
    rows, errors = [], []
    for no, obj in read_jsonl(path):
        where = f"{path}:{no}"
        problems = check(obj, where)
        if problems:
            errors.extend(problems)
        else:
            rows.append(Row(obj, where, kind))
    if errors:
        raise DataError(errors[:50] + ([f"... and {len(errors) - 50} more"] if len(errors) > 50 else []))
    return rows


def verify_manifest(directory: str) -> dict:
    """Checks manifest.json against the files: every listed file exists with its row count and sha256.

    Returns the manifest. Raises DataError (EXIT_MANIFEST) on mismatch, (EXIT_MISSING) when absent.
    """
    path = os.path.join(directory, MANIFEST)
    try:
        with open(path, encoding="utf-8") as f:
            manifest = json.load(f)
    except FileNotFoundError:
        raise DataError([f"{path}: manifest not found"], EXIT_MISSING)
    except json.JSONDecodeError as e:
        raise DataError([f"{path}: not JSON ({e.msg})"], EXIT_MANIFEST)
    errors = []
    files = manifest.get("files")
    if not isinstance(files, dict) or not files:
        raise DataError([f"{path}: 'files' must be an object naming each file"], EXIT_MANIFEST)
    counts = manifest.get("counts") or {}
    for name, info in files.items():
        fpath = os.path.join(directory, name)
        if os.path.basename(name) != name:
            errors.append(f"{path}: file name {name!r} must not contain a path")
            continue
        if not os.path.isfile(fpath):
            errors.append(f"{path}: lists {name} but {fpath} does not exist")
            continue
        actual_sha = sha256_file(fpath)
        if str(info.get("sha256", "")).lower() != actual_sha:
            errors.append(f"{fpath}: sha256 {actual_sha} does not match the manifest's {info.get('sha256')}")
        with open(fpath, "rb") as f:
            data = f.read()
        actual_rows = data.count(b"\n") + (0 if data.endswith(b"\n") or not data else 1)
        if info.get("rows") != actual_rows:
            errors.append(f"{fpath}: {actual_rows} rows, the manifest says {info.get('rows')}")
        key = name[: -len(".jsonl")] if name.endswith(".jsonl") else name
        if key in counts and counts[key] != info.get("rows"):
            errors.append(f"{path}: counts.{key}={counts[key]} differs from files.{name}.rows={info.get('rows')}")
    for name in SFT_FILES + (DPO_FILE,):
        if name not in files and os.path.exists(os.path.join(directory, name)):
            errors.append(f"{path}: {name} is in the directory but not in the manifest (unverifiable)")
    if errors:
        raise DataError(errors, EXIT_MANIFEST)
    return manifest


def load_prepared(directory: str, need_sft: bool = True, need_dpo: bool = False) -> dict[str, list[Row]]:
    """Loads a prepared (or raw export) directory: {"train","validation","test","dpo"} → rows.

    Missing files count as empty; ``need_*`` raise DataError(EXIT_EMPTY) when the training split
    or the DPO file has no rows.
    """
    out: dict[str, list[Row]] = {}
    errors: list[str] = []
    for name, kind in [(n, "sft") for n in SFT_FILES] + [(DPO_FILE, "dpo")]:
        p = os.path.join(directory, name)
        try:
            out[name[:-6]] = load_file(p, kind) if os.path.exists(p) else []
        except DataError as e:  # report every file's problems in one run
            errors.extend(e.errors)
    if errors:
        raise DataError(errors)
    if need_sft and not out["train"]:
        raise DataError([f"{directory}: train.jsonl is missing or empty"], EXIT_EMPTY)
    if need_dpo and not out["dpo"]:
        raise DataError([f"{directory}: dpo.jsonl is missing or empty"], EXIT_EMPTY)
    return out


def write_jsonl(path: str, objs) -> tuple[int, str]:
    """Writes compact JSON Lines (UTF-8, '\\n' after every object); returns (rows, sha256)."""
    n = 0
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        for obj in objs:
            f.write(json.dumps(obj, ensure_ascii=False, separators=(",", ":")))
            f.write("\n")
            n += 1
    return n, sha256_file(path)


def approx_tokens(text: str) -> int:
    """Rough token estimate for planning (≈ 4 characters per token for Norwegian BPE vocabularies)."""
    return max(1, len(text) // 4)
