import http.server
import json
import os
import socket
import threading
import unittest

from helpers import TempDirMixin, fixture, run_script

import chiro_data as cd
import evaluate as ev


class RougeL(unittest.TestCase):
    def assertScores(self, ref, cand, p, r, f, beta=1.0):
        s = ev.rouge_l(ref, cand, beta)
        self.assertAlmostEqual(s["precision"], p, places=10)
        self.assertAlmostEqual(s["recall"], r, places=10)
        self.assertAlmostEqual(s["f"], f, places=10)

    def test_lin_2004_examples(self):
        # Lin (2004), section 3.1: S2 has LCS 3 of 4 words, S3 has LCS 2 of 4.
        self.assertScores("police killed the gunman", "police kill the gunman", 0.75, 0.75, 0.75)
        self.assertScores("police killed the gunman", "the gunman kill police", 0.5, 0.5, 0.5)

    def test_norwegian_hand_computed(self):
        # ref 5 tokens, cand 6, LCS "pasienten har vondt i" = 4: R 4/5, P 4/6, F1 = 2PR/(P+R) = 8/11.
        self.assertScores("Pasienten har vondt i ryggen", "pasienten har mye vondt i nakken", 4 / 6, 4 / 5, 8 / 11)
        # with beta 2: F = 5PR/(R+4P) = 10/13
        self.assertScores("Pasienten har vondt i ryggen", "pasienten har mye vondt i nakken", 4 / 6, 4 / 5, 10 / 13,
                          beta=2.0)

    def test_aeoeaa_stay_inside_words(self):
        self.assertEqual(ev.tokenize("Smerter i HØYRE kne, øm ved gåing (VAS 7/10); Ærlig svar, C5–C6"),
                         ["smerter", "i", "høyre", "kne", "øm", "ved", "gåing", "vas", "7", "10", "ærlig", "svar",
                          "c5", "c6"])
        # ref 6 tokens, cand 5, LCS "øm høyre kne" = 3: R 1/2, P 3/5, F 6/11.
        self.assertScores("Øm i høyre kne ved gåing", "gåing gir øm høyre kne", 3 / 5, 1 / 2, 6 / 11)

    def test_edges(self):
        self.assertScores("", "noe tekst", 0, 0, 0)
        self.assertScores("noe tekst", "", 0, 0, 0)
        self.assertScores("helt ulike ord", "ingen treff her", 0, 0, 0)
        self.assertScores("Identisk svar på norsk.", "identisk svar på norsk", 1, 1, 1)

    def test_lcs_is_a_subsequence_not_a_substring(self):
        self.assertEqual(ev.lcs_length(list("abcde"), list("axcye")), 3)
        self.assertEqual(ev.lcs_length(list("abcbdab"), list("bdcaba")), 4)  # CLRS example
        self.assertEqual(ev.lcs_length([], ["a"]), 0)

    def test_per_task_report(self):
        rows = [cd.Row({"messages": [{"role": "user", "content": "x"}, {"role": "assistant", "content": ref}],
                        "metadata": {"task": task}}, f"t:{i}", "sft")
                for i, (task, ref) in enumerate([("sms_generation", "a b c d"), ("sms_generation", "a b"),
                                                 ("spell_check", "x y")])]
        report = ev.evaluate(rows, ["a b c d", "a c", "z"])
        self.assertEqual(report["perTask"]["sms_generation"]["n"], 2)
        self.assertAlmostEqual(report["perTask"]["sms_generation"]["f"], 0.75)  # (1 + 0.5) / 2
        self.assertEqual(report["perTask"]["spell_check"]["f"], 0.0)
        self.assertEqual(report["overall"]["n"], 3)
        self.assertAlmostEqual(report["overall"]["f"], 0.5)


class OllamaHost(unittest.TestCase):
    def test_ollama_host_forms(self):
        self.assertEqual(ev.normalise_host("0.0.0.0"), "http://0.0.0.0:11434")
        self.assertEqual(ev.normalise_host("gpu-box:8080"), "http://gpu-box:8080")
        self.assertEqual(ev.normalise_host("http://localhost:11434/"), "http://localhost:11434")
        self.assertEqual(ev.normalise_host("https://ollama.example.no"), "https://ollama.example.no")


class FakeOllama(http.server.BaseHTTPRequestHandler):
    requests = []

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        FakeOllama.requests.append((self.path, body))
        chunks = [{"model": body["model"], "message": {"role": "assistant", "content": "Pasienten opplever "},
                   "done": False},
                  {"model": body["model"], "message": {"role": "assistant", "content": "nummenhet i fingrene."},
                   "done": False},
                  {"model": body["model"], "message": {"role": "assistant", "content": ""}, "done": True,
                   "done_reason": "stop", "eval_count": 7}]
        data = "".join(json.dumps(c) + "\n" for c in chunks).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/x-ndjson")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


class EvaluateCli(TempDirMixin, unittest.TestCase):
    def test_predictions_file(self):
        tmp = self.make_tmp()
        preds = os.path.join(tmp, "preds.jsonl")
        with open(preds, "w", encoding="utf-8") as f:
            f.write(json.dumps({"prediction": "Pasienten opplever nummenhet i hendene."}, ensure_ascii=False) + "\n")
        report = os.path.join(tmp, "report.json")
        r = run_script("evaluate.py", "--data", fixture("export-a"), "--predictions", preds, "--report", report)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("spell_check", r.stdout)
        with open(report, encoding="utf-8") as f:
            data = json.load(f)
        self.assertAlmostEqual(data["perTask"]["spell_check"]["f"], 0.8)  # LCS 4 of 5 and 5 tokens

    def test_too_few_predictions_is_invalid(self):
        preds = os.path.join(self.make_tmp(), "p.jsonl")
        open(preds, "w").close()
        r = run_script("evaluate.py", "--data", fixture("export-a"), "--predictions", preds)
        self.assertEqual(r.returncode, cd.EXIT_INVALID)

    def test_ollama_over_http(self):
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), FakeOllama)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        self.addCleanup(server.server_close)
        self.addCleanup(server.shutdown)
        FakeOllama.requests.clear()
        saved = os.path.join(self.make_tmp(), "saved.jsonl")
        r = run_script("evaluate.py", "--data", fixture("export-a"), "--ollama",
                       f"http://127.0.0.1:{server.server_address[1]}", "--model", "chiro-norwegian",
                       "--save-predictions", saved)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(len(FakeOllama.requests), 1)
        path, body = FakeOllama.requests[0]
        self.assertEqual(path, "/api/chat")
        self.assertEqual(body["model"], "chiro-norwegian")
        self.assertEqual([m["role"] for m in body["messages"]], ["system", "user"])  # reference not sent
        self.assertEqual(body["options"]["temperature"], 0)
        self.assertRegex(r.stdout, r"ALL\s+1\s+1\.0000\s+1\.0000\s+1\.0000")
        self.assertEqual(cd.read_jsonl(saved)[0][1]["prediction"], "Pasienten opplever nummenhet i fingrene.")

    def test_ollama_unreachable(self):
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
        s.close()
        r = run_script("evaluate.py", "--data", fixture("export-a"), "--ollama", f"http://127.0.0.1:{port}",
                       "--timeout", "5")
        self.assertEqual(r.returncode, cd.EXIT_EXTERNAL)
        self.assertIn("ollama serve", r.stderr)


if __name__ == "__main__":
    unittest.main()
