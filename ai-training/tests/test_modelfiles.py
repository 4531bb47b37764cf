import os
import re
import shutil
import subprocess
import unittest

from helpers import ROOT, TempDirMixin

MODELS = ("chiro-no", "chiro-fast", "chiro-norwegian", "chiro-medical")
# Ollama's documented Modelfile parameters (docs/modelfile.md).
VALID_PARAMETERS = {"mirostat", "mirostat_eta", "mirostat_tau", "num_ctx", "repeat_last_n", "repeat_penalty",
                    "temperature", "seed", "stop", "num_predict", "top_k", "top_p", "min_p", "num_gpu",
                    "num_thread", "num_batch", "num_keep", "typical_p", "presence_penalty",
                    "frequency_penalty", "use_mmap"}
INSTRUCTIONS = {"FROM", "PARAMETER", "TEMPLATE", "SYSTEM", "ADAPTER", "LICENSE", "MESSAGE", "REQUIRES"}
# The end-of-turn markers of each base model's chat template.
EXPECTED_STOPS = {"chiro-no": {"[INST]", "</s>"}, "chiro-fast": {"<|eot_id|>", "<|start_header_id|>"},
                  "chiro-norwegian": {"<|im_end|>", "<|im_start|>"},
                  "chiro-medical": {"<end_of_turn>"}}
EXPECTED_FROM = {"chiro-no": "mistral:7b", "chiro-fast": "llama3.2:3b",
                 "chiro-norwegian": "viking-7b", "chiro-medical": "medgemma-4b"}


def parse_modelfile(text: str) -> list[tuple[str, str]]:
    """(INSTRUCTION, argument) pairs; triple-quoted arguments may span lines; '#' lines are comments."""
    out, lines, i = [], text.splitlines(), 0
    while i < len(lines):
        line = lines[i].strip()
        i += 1
        if not line or line.startswith("#"):
            continue
        word, _, rest = line.partition(" ")
        rest = rest.strip()
        if rest.startswith('"""'):
            body = rest[3:]
            while '"""' not in body:
                if i >= len(lines):
                    raise ValueError(f"unterminated \"\"\" after {word}")
                body += "\n" + lines[i]
                i += 1
            body, _, tail = body.partition('"""')
            if tail.strip():
                raise ValueError(f"text after closing \"\"\" of {word}: {tail!r}")
            rest = body
        out.append((word.upper(), rest))
    return out


def read(name):
    with open(os.path.join(ROOT, "modelfiles", f"{name}.Modelfile"), encoding="utf-8") as f:
        return parse_modelfile(f.read())


class Modelfiles(unittest.TestCase):
    def test_each_modelfile_is_well_formed(self):
        for name in MODELS:
            with self.subTest(name):
                items = read(name)
                words = [w for w, _ in items]
                self.assertTrue(set(words) <= INSTRUCTIONS, words)
                self.assertEqual(words.count("FROM"), 1)
                self.assertEqual(words[0], "FROM")
                self.assertIn(EXPECTED_FROM[name], dict(items)["FROM"].lower())
                self.assertEqual(words.count("SYSTEM"), 1)

    def test_parameters_are_valid_and_fit_the_template(self):
        for name in MODELS:
            with self.subTest(name):
                params = [a.split(None, 1) for w, a in read(name) if w == "PARAMETER"]
                names = {p[0] for p in params}
                self.assertTrue(names <= VALID_PARAMETERS, names - VALID_PARAMETERS)
                self.assertTrue({"temperature", "num_ctx", "top_p", "stop"} <= names, names)
                values = dict((k, v) for k, v in params if k != "stop")
                self.assertTrue(0 <= float(values["temperature"]) <= 1)
                self.assertTrue(0 < float(values["top_p"]) <= 1)
                self.assertIn(int(values["num_ctx"]), (2048, 4096, 8192, 16384, 32768))
                stops = {json_unquote(v) for k, v in params if k == "stop"}
                self.assertTrue(EXPECTED_STOPS[name] <= stops, stops)

    def test_fast_model_is_the_fastest(self):
        ctx = {n: int(dict((a.split(None, 1) for w, a in read(n) if w == "PARAMETER" and
                            not a.startswith("stop")))["num_ctx"]) for n in MODELS}
        self.assertEqual(min(ctx, key=ctx.get), "chiro-fast")

    def test_system_prompts_are_norwegian_bokmaal_and_require_clinician_confirmation(self):
        norwegian = re.compile(r"\b(og|ikke|du|er|på|som|med|for)\b")
        for name in MODELS:
            with self.subTest(name):
                system = dict(read(name))["SYSTEM"]
                self.assertGreaterEqual(len(norwegian.findall(system.lower())), 8)
                self.assertIn("bokmål", system)
                self.assertRegex(system, "[æøå]")
                self.assertRegex(system.lower(), r"diagnose")
                self.assertRegex(system.lower(), r"bekreft")
                self.assertIn("kiropraktor", system.lower())
                self.assertNotRegex(system, r"\b(the|and|you|patient)\b")

    def test_norwegian_template_is_chatml_as_train_lora_teaches(self):
        import chiro_train
        template = dict(read("chiro-norwegian"))["TEMPLATE"]
        self.assertIn("<|im_start|>{{ .Role }}", template)
        self.assertIn("<|im_start|>", chiro_train.CHATML_TEMPLATE)
        self.assertIn("<|im_end|>", chiro_train.CHATML_TEMPLATE)


def json_unquote(v: str) -> str:
    return v[1:-1] if len(v) >= 2 and v[0] == v[-1] == '"' else v


FAKE_OLLAMA = """#!/usr/bin/env bash
printf '%s|%s\\n' "${OLLAMA_HOST:-}" "$*" >> "$FAKE_OLLAMA_LOG"
case "$1" in
  list) exit "${FAKE_LIST_RC:-0}" ;;
  create) exit "${FAKE_CREATE_RC:-0}" ;;
esac
exit 0
"""


class BuildModelsScript(TempDirMixin, unittest.TestCase):
    def setUp(self):
        self.tmp = self.make_tmp()
        self.work = os.path.join(self.tmp, "ai-training")
        os.makedirs(self.work)
        shutil.copy(os.path.join(ROOT, "build-models.sh"), self.work)
        shutil.copytree(os.path.join(ROOT, "modelfiles"), os.path.join(self.work, "modelfiles"))
        self.bin = os.path.join(self.tmp, "bin")
        os.makedirs(self.bin)
        fake = os.path.join(self.bin, "ollama")
        with open(fake, "w") as f:
            f.write(FAKE_OLLAMA)
        os.chmod(fake, 0o755)
        self.log = os.path.join(self.tmp, "ollama.log")

    def viking(self):
        os.makedirs(os.path.join(self.work, "gguf"), exist_ok=True)
        open(os.path.join(self.work, "gguf", "viking-7b-Q4_K_M.gguf"), "wb").close()

    def run_build(self, *args, **env):
        e = {**os.environ, "PATH": self.bin + os.pathsep + os.environ["PATH"], "FAKE_OLLAMA_LOG": self.log,
             "OLLAMA_HOST": "http://gpu-box:11434"}
        e.pop("OLLAMA_BIN", None)
        e.update(env)
        return subprocess.run(["bash", os.path.join(self.work, "build-models.sh"), *args], capture_output=True,
                              text=True, env=e, timeout=30)

    def calls(self):
        if not os.path.exists(self.log):
            return []
        with open(self.log) as f:
            return [line.rstrip("\n").split("|", 1) for line in f]

    def test_creates_every_model_with_its_modelfile_and_honours_ollama_host(self):
        self.viking()
        r = self.run_build()
        self.assertEqual(r.returncode, 0, r.stderr)
        calls = self.calls()
        self.assertEqual(calls[0], ["http://gpu-box:11434", "list"])
        creates = [c[1] for c in calls if c[1].startswith("create")]
        mf = os.path.join(self.work, "modelfiles")
        self.assertEqual(creates, [f"create {m} -f {mf}/{m}.Modelfile" for m in MODELS])
        self.assertTrue(all(host == "http://gpu-box:11434" for host, _ in calls))

    def test_is_idempotent(self):
        self.viking()
        self.assertEqual(self.run_build().returncode, 0)
        first = self.calls()
        os.remove(self.log)
        r = self.run_build()
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(self.calls(), first)

    def test_only_the_named_models(self):
        r = self.run_build("chiro-fast")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual([c[1].split()[1] for c in self.calls() if c[1].startswith("create")], ["chiro-fast"])

    def test_missing_local_gguf_is_skipped_with_a_message(self):
        r = self.run_build()
        self.assertEqual(r.returncode, 5)
        self.assertIn("SKIP chiro-norwegian", r.stderr)
        self.assertEqual(len([c for c in self.calls() if c[1].startswith("create")]), 3)

    def test_missing_ollama_cli(self):
        r = self.run_build(OLLAMA_BIN="chiro-no-such-ollama")
        self.assertEqual(r.returncode, 3)
        self.assertIn("ollama CLI was not found", r.stderr)
        self.assertIn("https://ollama.com/download", r.stderr)
        self.assertEqual(self.calls(), [])

    def test_server_not_running(self):
        r = self.run_build(FAKE_LIST_RC="1")
        self.assertEqual(r.returncode, 4)
        self.assertIn("not answering", r.stderr)
        self.assertIn("ollama serve", r.stderr)
        self.assertIn("http://gpu-box:11434", r.stderr)
        self.assertEqual([c[1] for c in self.calls()], ["list"])

    def test_failing_create(self):
        self.viking()
        r = self.run_build("chiro-no", FAKE_CREATE_RC="1")
        self.assertEqual(r.returncode, 6)
        self.assertIn("FAILED to create chiro-no", r.stderr)

    def test_unknown_model_and_dry_run(self):
        self.assertEqual(self.run_build("chiro-unknown").returncode, 2)
        r = self.run_build("--dry-run", "chiro-no", OLLAMA_BIN="chiro-no-such-ollama")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("create chiro-no", r.stdout)
        self.assertEqual(self.calls(), [])


if __name__ == "__main__":
    unittest.main()
