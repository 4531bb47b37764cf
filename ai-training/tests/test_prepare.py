import hashlib
import json
import os
import unittest

from helpers import ROOT, TempDirMixin, fixture, run_script  # noqa: F401  (helpers puts ROOT on sys.path)

import chiro_data as cd
import prepare


def read_lines(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def load_json(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def save_json(path, obj):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(obj, f, ensure_ascii=False)


def rewrite_manifest(d, name):
    with open(os.path.join(d, name), "rb") as f:
        data = f.read()
    m = load_json(os.path.join(d, "manifest.json"))
    m["files"][name] = {"rows": data.count(b"\n"), "sha256": hashlib.sha256(data).hexdigest()}
    m["counts"][name[:-6]] = data.count(b"\n")
    save_json(os.path.join(d, "manifest.json"), m)


class PrepareValidExports(TempDirMixin, unittest.TestCase):
    def test_merges_two_exports_dedupes_and_writes_a_verifiable_prepared_dir(self):
        out = os.path.join(self.make_tmp(), "prepared")
        report = prepare.prepare([fixture("export-a"), fixture("export-b")], out)
        # export-a: 10 SFT + 3 DPO; export-b: 6 SFT (one example of export-a, given twice) + 2 DPO (one repeated).
        self.assertEqual(report["read"], {"sft": 16, "dpo": 5})
        self.assertEqual(report["duplicatesDropped"], {"sft": 2, "dpo": 1})
        c = report["counts"]
        self.assertEqual(c["train"] + c["validation"] + c["test"], 14)
        self.assertEqual(c["dpo"], 4)
        # The prepared dir is itself a valid export: its manifest matches its files.
        manifest = cd.verify_manifest(out)
        self.assertEqual(manifest["counts"], c)
        self.assertEqual([s["batchId"] for s in manifest["sources"]], ["b-0001", "b-0002"])
        hashes = [cd.content_hash(o, "sft") for n in ("train", "validation", "test")
                  for o in read_lines(os.path.join(out, f"{n}.jsonl"))]
        self.assertEqual(len(hashes), len(set(hashes)))
        self.assertTrue(os.path.isfile(os.path.join(out, "report.json")))

    def test_split_is_stable_whatever_the_inputs(self):
        a = os.path.join(self.make_tmp(), "a")
        ab = os.path.join(self.make_tmp(), "ab")
        prepare.prepare([fixture("export-a")], a)
        prepare.prepare([fixture("export-b"), fixture("export-a")], ab)

        def where(d):
            return {cd.content_hash(o, "sft"): n for n in ("train", "validation", "test")
                    for o in read_lines(os.path.join(d, f"{n}.jsonl"))}
        wa, wab = where(a), where(ab)
        self.assertEqual(len(wa), 10)
        for h, split in wa.items():
            self.assertEqual(wab[h], split)
            self.assertEqual(cd.split_of(h), split)

    def test_split_is_about_80_10_10(self):
        counts = {"train": 0, "validation": 0, "test": 0}
        for i in range(10000):
            counts[cd.split_of(hashlib.sha256(str(i).encode()).hexdigest())] += 1
        self.assertTrue(7800 < counts["train"] < 8200, counts)
        self.assertTrue(850 < counts["validation"] < 1150, counts)
        self.assertTrue(850 < counts["test"] < 1150, counts)

    def test_dedupe_ignores_metadata_differences(self):
        row = read_lines(fixture("export-a/train.jsonl"))[0]
        other = json.loads(json.dumps(row))
        other["metadata"]["model"] = "chiro-no"
        self.assertEqual(cd.content_hash(row, "sft"), cd.content_hash(other, "sft"))
        other["messages"][2]["content"] += " Kontroll om 2 uker."
        self.assertNotEqual(cd.content_hash(row, "sft"), cd.content_hash(other, "sft"))

    def test_cli_success_and_refuses_non_empty_out_without_force(self):
        out = os.path.join(self.make_tmp(), "p")
        r = run_script("prepare.py", fixture("export-a"), "--out", out)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("train", r.stdout)
        r = run_script("prepare.py", fixture("export-a"), "--out", out)
        self.assertEqual(r.returncode, cd.EXIT_USAGE)
        self.assertIn("--force", r.stderr)
        self.assertEqual(run_script("prepare.py", fixture("export-a"), "--out", out, "--force").returncode, 0)


class PrepareBrokenExports(TempDirMixin, unittest.TestCase):
    def run_prepare(self, *dirs):
        return run_script("prepare.py", *dirs, "--out", os.path.join(self.make_tmp(), "out"))

    def test_comment_line_is_refused_with_its_line_number(self):
        r = self.run_prepare(fixture("broken-comment"))
        self.assertEqual(r.returncode, cd.EXIT_INVALID)
        self.assertIn("train.jsonl:2: comment line", r.stderr)

    def test_blank_line_is_refused(self):
        r = self.run_prepare(fixture("broken-blank"))
        self.assertEqual(r.returncode, cd.EXIT_INVALID)
        self.assertIn("train.jsonl:2: blank line", r.stderr)

    def test_bad_sha_is_a_manifest_mismatch(self):
        r = self.run_prepare(fixture("broken-sha"))
        self.assertEqual(r.returncode, cd.EXIT_MANIFEST)
        self.assertIn("sha256", r.stderr)
        self.assertIn("does not match", r.stderr)

    def test_wrong_row_count_is_a_manifest_mismatch(self):
        d = self.copy_fixture("export-a")
        m = load_json(os.path.join(d, "manifest.json"))
        m["files"]["dpo.jsonl"]["rows"] = 4
        save_json(os.path.join(d, "manifest.json"), m)
        with self.assertRaises(cd.DataError) as e:
            prepare.prepare([d], os.path.join(self.make_tmp(), "o"))
        self.assertEqual(e.exception.code, cd.EXIT_MANIFEST)
        self.assertTrue(any("3 rows, the manifest says 4" in x for x in e.exception.errors), e.exception.errors)

    def test_a_file_missing_from_the_manifest_is_unverifiable(self):
        d = self.copy_fixture("export-a")
        m = load_json(os.path.join(d, "manifest.json"))
        del m["files"]["test.jsonl"]
        save_json(os.path.join(d, "manifest.json"), m)
        r = self.run_prepare(d)
        self.assertEqual(r.returncode, cd.EXIT_MANIFEST)
        self.assertIn("test.jsonl is in the directory but not in the manifest", r.stderr)

    def test_no_manifest_flag_skips_verification(self):
        r = run_script("prepare.py", fixture("broken-sha"), "--no-manifest", "--out",
                       os.path.join(self.make_tmp(), "o"))
        self.assertEqual(r.returncode, 0, r.stderr)

    def test_every_broken_input_is_listed_in_one_run(self):
        r = self.run_prepare(fixture("broken-comment"), fixture("broken-blank"), fixture("broken-sha"))
        self.assertEqual(r.returncode, cd.EXIT_MANIFEST)
        for needle in ("comment line", "blank line", "does not match"):
            self.assertIn(needle, r.stderr)

    def test_role_order_and_dpo_rules(self):
        d = self.copy_fixture("export-a")
        rows = read_lines(os.path.join(d, "train.jsonl"))
        rows[0]["messages"] = [rows[0]["messages"][0], rows[0]["messages"][2], rows[0]["messages"][1]]
        rows[1]["metadata"]["correction_type"] = "processed"
        with open(os.path.join(d, "train.jsonl"), "w", encoding="utf-8") as f:
            f.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
        pairs = read_lines(os.path.join(d, "dpo.jsonl"))
        pairs[0]["rejected"] = pairs[0]["chosen"]
        pairs[1]["prompt"] = ""
        with open(os.path.join(d, "dpo.jsonl"), "w", encoding="utf-8") as f:
            f.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in pairs)
        rewrite_manifest(d, "train.jsonl")
        rewrite_manifest(d, "dpo.jsonl")
        r = self.run_prepare(d)
        self.assertEqual(r.returncode, cd.EXIT_INVALID)
        self.assertIn("train.jsonl:1: role order", r.stderr)
        self.assertIn("train.jsonl:2: metadata.correction_type", r.stderr)
        self.assertIn("dpo.jsonl:1: 'chosen' equals 'rejected'", r.stderr)
        self.assertIn("dpo.jsonl:2: 'prompt' must be a non-empty string", r.stderr)

    def test_not_json_and_not_an_object(self):
        d = self.copy_fixture("export-a")
        with open(os.path.join(d, "test.jsonl"), "a", encoding="utf-8") as f:
            f.write('{"messages": [\n[1, 2]\n')
        with self.assertRaises(cd.DataError) as e:
            cd.read_jsonl(os.path.join(d, "test.jsonl"))
        text = "\n".join(e.exception.errors)
        self.assertIn("test.jsonl:2: not JSON", text)
        self.assertIn("test.jsonl:3: a JSON object is required", text)

    def test_missing_directory_and_missing_manifest(self):
        r = self.run_prepare(os.path.join(self.make_tmp(), "nope"))
        self.assertEqual(r.returncode, cd.EXIT_MISSING)
        d = self.copy_fixture("export-a")
        os.remove(os.path.join(d, "manifest.json"))
        r = self.run_prepare(d)
        self.assertEqual(r.returncode, cd.EXIT_MISSING)
        self.assertIn("manifest not found", r.stderr)

    def test_crlf_line_ends_are_accepted(self):
        d = self.copy_fixture("export-a")
        p = os.path.join(d, "validation.jsonl")
        with open(p, "rb") as f:
            data = f.read().replace(b"\n", b"\r\n")
        with open(p, "wb") as f:
            f.write(data)
        self.assertEqual(len(cd.read_jsonl(p)), 1)


if __name__ == "__main__":
    unittest.main()
