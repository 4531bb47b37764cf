import json
import os
import subprocess
import sys
import unittest

from helpers import ROOT, TempDirMixin, fixture

import chiro_data as cd
import prepare

HEAVY = ("torch", "transformers", "peft", "trl", "bitsandbytes", "datasets", "accelerate")

# Runs a script in a fresh interpreter and reports which heavy modules ended up in sys.modules: a dry run
# must import none of them (they are not installable here, and a dry run on a laptop must not need them).
# importlib.util.find_spec (used to pick trl or the plain Trainer) looks a package up without importing it.
RUNNER = r"""
import importlib.util, json, os, runpy, sys
HEAVY = set(sys.argv[1].split(","))
if os.environ.get("CHIRO_HIDE_HEAVY"):  # behave as on a machine without the training packages
    _find = importlib.util.find_spec
    importlib.util.find_spec = lambda name, package=None: None if name.split(".")[0] in HEAVY else _find(name, package)
sys.argv = sys.argv[2:]
code = 0
try:
    runpy.run_path(sys.argv[0], run_name="__main__")
except SystemExit as e:
    code = e.code or 0
print("HEAVY_LOADED=" + json.dumps(sorted(m for m in sys.modules if m.split(".")[0] in HEAVY)))
sys.exit(code)
"""


def dry_run(script, *args, hide_heavy=False):
    env = {**os.environ, "CHIRO_HIDE_HEAVY": "1" if hide_heavy else ""}
    return subprocess.run([sys.executable, "-c", RUNNER, ",".join(HEAVY), os.path.join(ROOT, script), *args],
                          capture_output=True, text=True, cwd=ROOT, timeout=60, env=env)


def plan_of(stdout: str) -> dict:
    body = stdout.split("\n", 1)[1]
    return json.loads(body[: body.rindex("}") + 1])


class DryRuns(TempDirMixin, unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        import tempfile
        cls._tmp = tempfile.TemporaryDirectory(prefix="chiro-dry-")
        cls.prepared = os.path.join(cls._tmp.name, "prepared")
        prepare.prepare([fixture("export-a"), fixture("export-b")], cls.prepared)

    @classmethod
    def tearDownClass(cls):
        cls._tmp.cleanup()

    def assertNoHeavyImports(self, r):
        self.assertIn("HEAVY_LOADED=[]", r.stdout, r.stdout + r.stderr)

    def test_train_lora_plan_is_the_clinics_plan(self):
        r = dry_run("train_lora.py", "--data", self.prepared, "--dry-run")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertNoHeavyImports(r)
        plan = plan_of(r.stdout)
        self.assertEqual(plan["lora"]["r"], 16)
        self.assertEqual(plan["lora"]["alpha"], 16)
        self.assertEqual(plan["lora"]["dropout"], 0.05)
        self.assertEqual(plan["lora"]["targetModules"],
                         ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"])
        self.assertEqual(plan["optimisation"]["learningRate"], 2e-4)
        self.assertEqual(plan["optimisation"]["epochs"], 3)
        self.assertIn("4-bit", plan["quantisation"])
        self.assertEqual(plan["data"]["train"] + plan["data"]["validation"] + plan["data"]["test"], 14)
        # 1 step per epoch at effective batch 16
        self.assertEqual(plan["optimisation"]["totalSteps"], 3 * plan["optimisation"]["stepsPerEpoch"])

    def test_train_lora_rejects_bad_configuration(self):
        r = dry_run("train_lora.py", "--data", self.prepared, "--dry-run", "--dropout", "1.5", "--lr", "0",
                    "--target-modules", "")
        self.assertEqual(r.returncode, cd.EXIT_USAGE)
        for needle in ("--dropout", "--lr", "--target-modules"):
            self.assertIn(needle, r.stderr)

    def test_train_lora_rejects_bad_data(self):
        r = dry_run("train_lora.py", "--data", fixture("broken-comment"), "--dry-run")
        self.assertEqual(r.returncode, cd.EXIT_INVALID)
        self.assertIn("comment line", r.stderr)
        self.assertNoHeavyImports(r)
        empty = self.make_tmp()
        r = dry_run("train_lora.py", "--data", empty, "--dry-run")
        self.assertEqual(r.returncode, cd.EXIT_EMPTY)

    def test_train_dpo_plan(self):
        r = dry_run("train_dpo.py", "--data", self.prepared, "--sft-adapter", "out/lora", "--dry-run")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertNoHeavyImports(r)
        plan = plan_of(r.stdout)
        self.assertEqual(plan["data"]["pairs"], 4)
        self.assertEqual(plan["dpo"]["beta"], 0.1)
        self.assertIn("SFT adapter", plan["reference"])

    def test_train_dpo_conversational_format(self):
        import train_dpo
        row = cd.load_file(fixture("export-a/dpo.jsonl"), "dpo")[0]
        conv = train_dpo.to_conversational(row)
        self.assertEqual([m["role"] for m in conv["prompt"]], ["system", "user"])
        self.assertEqual(conv["chosen"], [{"role": "assistant", "content": row.obj["chosen"]}])
        self.assertEqual(conv["rejected"][0]["content"], row.obj["rejected"])

    def test_train_dpo_needs_pairs_and_sane_lengths(self):
        d = self.make_tmp()
        open(os.path.join(d, "dpo.jsonl"), "w").close()
        r = dry_run("train_dpo.py", "--data", d, "--sft-adapter", "x", "--dry-run")
        self.assertEqual(r.returncode, cd.EXIT_EMPTY)
        r = dry_run("train_dpo.py", "--data", self.prepared, "--sft-adapter", "x", "--dry-run",
                    "--max-prompt-length", "4096", "--max-length", "2048", "--beta", "0")
        self.assertEqual(r.returncode, cd.EXIT_USAGE)
        self.assertIn("--max-prompt-length", r.stderr)
        self.assertIn("--beta", r.stderr)

    def test_export_gguf_prints_commands_and_modelfile(self):
        r = dry_run("export_gguf.py", "--adapter", "out/dpo", "--name", "chiro-no", "--llama-cpp", "/opt/llama.cpp",
                    "--dry-run")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertNoHeavyImports(r)
        self.assertIn("merge_and_unload", r.stdout)
        self.assertIn("/opt/llama.cpp/convert_hf_to_gguf.py out/gguf-chiro-no/merged --outfile "
                      "out/gguf-chiro-no/chiro-no-f16.gguf --outtype f16", r.stdout)
        self.assertIn("/opt/llama.cpp/build/bin/llama-quantize out/gguf-chiro-no/chiro-no-f16.gguf "
                      "out/gguf-chiro-no/chiro-no-Q4_K_M.gguf Q4_K_M", r.stdout)
        self.assertIn("FROM ./chiro-no-Q4_K_M.gguf", r.stdout)
        self.assertNotIn("FROM mistral:7b", r.stdout)
        self.assertIn('PARAMETER stop "[INST]"', r.stdout)
        self.assertIn("ollama create chiro-no -f out/gguf-chiro-no/Modelfile", r.stdout)

    def test_export_gguf_without_quantisation_or_adapter(self):
        r = dry_run("export_gguf.py", "--no-adapter", "--base-model", "models/Viking-7B", "--name", "viking-7b",
                    "--modelfile-template", "modelfiles/chiro-norwegian.Modelfile", "--quantize", "none",
                    "--llama-cpp", "/l", "--out-dir", "gguf", "--dry-run")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertNotIn("merge_and_unload", r.stdout)
        self.assertNotIn("llama-quantize", r.stdout)
        self.assertIn("FROM ./viking-7b-f16.gguf", r.stdout)
        self.assertIn("TEMPLATE", r.stdout)

    def test_export_gguf_real_run_checks_llama_cpp_before_loading_anything(self):
        r = dry_run("export_gguf.py", "--no-adapter", "--name", "chiro-no", "--llama-cpp", self.make_tmp())
        self.assertEqual(r.returncode, cd.EXIT_MISSING)
        self.assertIn("convert_hf_to_gguf.py not found", r.stderr)
        self.assertNoHeavyImports(r)

    def test_real_training_without_packages_says_how_to_install(self):
        for script, extra in (("train_lora.py", []), ("train_dpo.py", ["--sft-adapter", fixture("fake-adapter")])):
            with self.subTest(script):
                r = dry_run(script, "--data", self.prepared, "--output", os.path.join(self.make_tmp(), "o"), *extra,
                            hide_heavy=True)
                self.assertEqual(r.returncode, cd.EXIT_DEPENDENCY, r.stderr)
                self.assertIn("pip install -r requirements.txt", r.stderr)
                self.assertIn("torch", r.stderr)


if __name__ == "__main__":
    unittest.main()
