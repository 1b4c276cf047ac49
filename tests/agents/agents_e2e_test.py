#!/usr/bin/env python3
"""Issue 15 through the binary: agent exposure in the reports, `guard`,
`agent-hook` on recorded Claude Code hook events, `hook install --agent`.

Fixture repositories are generated in temporary directories with secrets
from a seeded PRNG (random characters, not real credentials); HOME points
to an empty temporary directory so the user's own agent settings never
count.

usage: agents_e2e_test.py /path/to/blastradius
"""
import json, os, random, re, shutil, string, subprocess, sys, tempfile, unittest

import jsonschema

BIN = None
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
REPORT_SCHEMA = os.path.join(ROOT, "reports", "schema", "report.schema.json")
RNG = random.Random(15)


def rand(n, alphabet=string.ascii_letters + string.digits):
    return "".join(RNG.choice(alphabet) for _ in range(n))


ENV_KEY = "sk_live_" + rand(40)
CONFIG_KEY = "sk_live_" + rand(40)
CLAUDE_KEY = "sk_live_" + rand(40)
PROMPT_KEY = "sk_live_" + rand(40)
ALL_SECRETS = [ENV_KEY, CONFIG_KEY, CLAUDE_KEY, PROMPT_KEY]


class Fixture:
    def __init__(self):
        self.home = tempfile.mkdtemp(prefix="blastradius-agents-home-")
        self.root = tempfile.mkdtemp(prefix="blastradius-agents-")
        self.files = {
            ".env": f"STRIPE_SECRET_KEY={ENV_KEY}\n",
            "config/stripe.yml": f"stripe:\n  secret_key: {CONFIG_KEY}\n",
            "CLAUDE.md": f"# Project notes\n\nFor refunds use the Stripe key {CLAUDE_KEY} with the API.\n",
            "src/app.py": "def main():\n    print('hello')\n\n\nif __name__ == '__main__':\n    main()\n",
            ".cursorignore": "# keep secrets away from Cursor\n.env\n",
            ".cursorindexingignore": "config/\n",
            ".claude/settings.json": json.dumps(
                {"model": "sonnet", "permissions": {"allow": ["Bash(npm test)"], "deny": ["Read(./.env)"]}}, indent=2)
            + "\n",
        }
        for rel, text in self.files.items():
            self.write(rel, text)

    def write(self, rel, text):
        p = os.path.join(self.root, rel)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, "w") as f:
            f.write(text)

    def read(self, rel):
        with open(os.path.join(self.root, rel)) as f:
            return f.read()

    def cleanup(self):
        shutil.rmtree(self.root, ignore_errors=True)
        shutil.rmtree(self.home, ignore_errors=True)


def run(*args, stdin=None, home=None, cwd=None):
    env = dict(os.environ)
    if home:
        env["HOME"] = home
    return subprocess.run([BIN, *args], input=stdin, capture_output=True, text=True, timeout=600, env=env, cwd=cwd)


def no_secret(test, text):
    for s in ALL_SECRETS:
        test.assertNotIn(s, text)
        test.assertNotIn(s[8:], text)


def finding_at(report, path):
    hits = [f for f in report["findings"] if any(l["path"] == path for l in f["locations"])]
    assert len(hits) == 1, (path, [f["locations"] for f in report["findings"]])
    return hits[0]


class ExposureTest(unittest.TestCase):
    def setUp(self):
        self.fx = Fixture()

    def tearDown(self):
        self.fx.cleanup()

    def scan(self, *fmt):
        r = run("scan", self.fx.root, *fmt, "--fail-on", "none", home=self.fx.home)
        self.assertEqual(r.returncode, 0, r.stderr)
        no_secret(self, r.stdout + r.stderr)
        return r.stdout

    def test_json_reports_which_agents_read_each_location(self):
        report = json.loads(self.scan("-f", "json"))
        jsonschema.validate(report, json.load(open(REPORT_SCHEMA)))
        env = finding_at(report, ".env")["locations"][0]["agents"]
        self.assertEqual(env["excluded"], ["claude", "cursor"])
        self.assertEqual(env["readable"], ["copilot", "gemini", "windsurf", "aider", "jetbrains", "codex"])
        self.assertEqual(env["advisory"], [])
        self.assertFalse(env["in_context"])
        cfg = finding_at(report, "config/stripe.yml")
        agents = cfg["locations"][0]["agents"]
        self.assertIn("cursor", agents["readable"])  # an indexing ignore does not stop reads
        self.assertEqual(agents["advisory"], ["cursor"])
        self.assertEqual(agents["excluded"], [])
        self.assertEqual(cfg["exposure"]["agents"],
                         sorted(["claude", "cursor", "copilot", "gemini", "windsurf", "aider", "jetbrains", "codex"]))
        self.assertFalse(cfg["exposure"]["agent_context"])

    def test_secret_in_agent_instruction_file_is_in_context_and_more_damaging(self):
        report = json.loads(self.scan("-f", "json"))
        ctx = finding_at(report, "CLAUDE.md")
        plain = finding_at(report, "config/stripe.yml")
        self.assertEqual(ctx["rule_id"], plain["rule_id"])
        self.assertTrue(ctx["exposure"]["agent_context"])
        self.assertTrue(ctx["locations"][0]["agents"]["in_context"])
        factors = {f["name"]: f["effect"] for f in ctx["factors"] if f["axis"] == "damage"}
        self.assertEqual(factors.get("agent context"), 0.5)
        self.assertNotIn("agent context", [f["name"] for f in plain["factors"]])
        self.assertAlmostEqual(ctx["damage"] - plain["damage"], 0.5, places=6)
        self.assertTrue(any("context by design" in n for n in ctx["notes"]))

    def test_html_shows_per_agent_what_it_reads_and_the_worst(self):
        html = self.scan("-f", "html")
        rows = {m[0]: (int(m[1]), int(m[2]), int(m[3]), int(m[4]), m[5]) for m in re.findall(
            r'<tr><th scope="row">(\w+)</th><td class="num">(\d+)</td><td class="num">(\d+)</td>'
            r'<td class="num">(\d+)</td><td class="num">(\d+)</td><td>(.*?)</td></tr>', html)}
        # (secrets readable, files, advisory only, excluded)
        self.assertEqual(rows["claude"][:4], (2, 2, 0, 1))   # Read(./.env) denied
        self.assertEqual(rows["cursor"][:4], (2, 2, 1, 1))   # .cursorignore; config/ index-only
        self.assertEqual(rows["copilot"][:4], (3, 3, 0, 0))  # no repository-side exclusion
        # The worst is the key in CLAUDE.md: in the agent's context by design.
        for agent in ("claude", "cursor", "copilot"):
            self.assertIn("CLAUDE.md:3", rows[agent][4])
            self.assertIn("Stripe", rows[agent][4])

    def test_text_column_and_sarif_property(self):
        text = self.scan()
        self.assertIn("AGENTS", text.splitlines()[0])
        line = next(l for l in text.splitlines() if l.rstrip().endswith("CLAUDE.md:3"))
        self.assertIn("8/8 ctx", line)
        line = next(l for l in text.splitlines() if ".env:1" in l)
        self.assertIn("6/8", line)
        verbose = self.scan("-v")
        self.assertIn("excluded: claude, cursor", verbose)
        self.assertIn("advisory ignore only: cursor", verbose)
        sarif = json.loads(self.scan("-f", "sarif"))
        results = sarif["runs"][0]["results"]
        env = next(r for r in results if r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == ".env")
        self.assertEqual(env["properties"]["agents"], ["aider", "codex", "copilot", "gemini", "jetbrains", "windsurf"])
        self.assertFalse(env["properties"]["agent_context"])

    def test_home_rules_apply_when_the_root_is_below_home(self):
        proj = os.path.join(self.fx.home, "proj")
        shutil.copytree(self.fx.root, proj)
        os.makedirs(os.path.join(self.fx.home, ".claude"))
        with open(os.path.join(self.fx.home, ".claude", "settings.json"), "w") as f:
            json.dump({"permissions": {"deny": ["Read(~/proj/config/**)"]}}, f)
        r = run("scan", proj, "-f", "json", "--fail-on", "none", home=self.fx.home)
        report = json.loads(r.stdout)
        self.assertIn("claude", finding_at(report, "config/stripe.yml")["locations"][0]["agents"]["excluded"])


class GuardTest(unittest.TestCase):
    def setUp(self):
        self.fx = Fixture()

    def tearDown(self):
        self.fx.cleanup()

    def guard(self, *args):
        r = run("guard", self.fx.root, *args, home=self.fx.home)
        no_secret(self, r.stdout + r.stderr)
        return r

    def test_diff_by_default_then_write_then_idempotent(self):
        before = {rel: self.fx.read(rel) for rel in self.fx.files}
        r = self.guard()
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertIn("+++ b/.cursorignore", r.stdout)
        self.assertIn("+/config/stripe.yml", r.stdout)
        self.assertIn('+      "Read(./config/stripe.yml)"', r.stdout)
        self.assertNotIn("+/.env", r.stdout)  # already excluded for both configured agents
        self.assertNotIn(".geminiignore", r.stdout)  # Gemini is not configured here
        self.assertIn("CLAUDE.md: agents load this file into their context", r.stderr)
        self.assertEqual({rel: self.fx.read(rel) for rel in self.fx.files}, before)  # the diff writes nothing
        w = self.guard("--write")
        self.assertEqual(w.returncode, 0, w.stderr)
        cursor = self.fx.read(".cursorignore")
        self.assertTrue(cursor.startswith("# keep secrets away from Cursor\n.env\n"))
        self.assertIn("# >>> blastradius guard", cursor)
        self.assertIn("\n/config/stripe.yml\n", cursor)
        settings = json.loads(self.fx.read(".claude/settings.json"))
        self.assertEqual(settings["model"], "sonnet")
        self.assertEqual(settings["permissions"]["allow"], ["Bash(npm test)"])
        self.assertEqual(settings["permissions"]["deny"][0], "Read(./.env)")
        self.assertIn("Read(./config/stripe.yml)", settings["permissions"]["deny"])
        again = self.guard()
        self.assertEqual((again.returncode, again.stdout), (0, ""), again.stderr)
        snapshot = {rel: self.fx.read(rel) for rel in (".cursorignore", ".claude/settings.json")}
        self.assertEqual(self.guard("--write").returncode, 0)
        self.assertEqual({rel: self.fx.read(rel) for rel in snapshot}, snapshot)
        # After the guard, the configured agents cannot read the files (other than context files).
        report = json.loads(run("scan", self.fx.root, "-f", "json", "--fail-on", "none", home=self.fx.home).stdout)
        for path in (".env", "config/stripe.yml"):
            excluded = finding_at(report, path)["locations"][0]["agents"]["excluded"]
            self.assertIn("claude", excluded)
            self.assertIn("cursor", excluded)

    def test_all_agents_writes_every_ignore_file(self):
        w = self.guard("--all-agents", "--write")
        self.assertEqual(w.returncode, 0, w.stderr)
        for rel in (".geminiignore", ".aiderignore", ".aiignore", ".codeiumignore"):
            text = self.fx.read(rel)
            self.assertIn("/.env\n", text)
            self.assertIn("/config/stripe.yml\n", text)
        self.assertIn("windsurf: .codeiumignore only keeps files out of the index", w.stderr)
        self.assertIn("copilot: no file-level exclusion", w.stderr)

    def test_severity_threshold(self):
        r = self.guard("--severity", "critical", "--agent", "gemini")
        # Live Stripe secret keys are critical: still in the diff.
        self.assertIn("+/.env", r.stdout)
        bad = self.guard("--severity", "bogus")
        self.assertEqual(bad.returncode, 2)
        self.assertEqual(self.guard("--agent", "nosuch").returncode, 2)


class AgentHookTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.fx = Fixture()

    @classmethod
    def tearDownClass(cls):
        cls.fx.cleanup()

    def event(self, name):
        with open(os.path.join(HERE, "events", name)) as f:
            text = f.read()
        return text.replace("__ROOT__", self.fx.root).replace("__SECRET__", PROMPT_KEY)

    def hook(self, name, *args):
        r = run("agent-hook", *args, stdin=self.event(name), home=self.fx.home)
        self.assertEqual(r.returncode, 0, r.stderr)
        no_secret(self, r.stdout + r.stderr)
        return r

    def assert_denied(self, name, where):
        r = self.hook(name)
        out = json.loads(r.stdout)["hookSpecificOutput"]
        self.assertEqual(out["hookEventName"], "PreToolUse")
        self.assertEqual(out["permissionDecision"], "deny")
        self.assertIn(where, out["permissionDecisionReason"])
        self.assertIn("Stripe", out["permissionDecisionReason"])
        self.assertIn("stripe.secret_key.live", out["permissionDecisionReason"])

    def assert_allowed(self, name):
        r = self.hook(name)
        self.assertEqual(r.stdout, "")

    def test_read_of_secret_file_denied(self):
        self.assert_denied("read_env.json", ".env:1")

    def test_read_of_ordinary_file_allowed(self):
        self.assert_allowed("read_ordinary.json")

    def test_bash_cat_of_secret_file_denied(self):
        self.assert_denied("bash_cat_env.json", ".env:1")

    def test_bash_grep_over_secret_directory_denied(self):
        self.assert_denied("bash_grep_config.json", "config/stripe.yml:2")

    def test_bash_without_reads_allowed(self):
        self.assert_allowed("bash_ls.json")

    def test_grep_tool(self):
        self.assert_allowed("grep_tool_src.json")
        self.assert_denied("grep_tool_root.json", self.fx.root)

    def test_glob_lists_names_only(self):
        self.assert_allowed("glob_env.json")

    def test_prompt_with_secret_blocked(self):
        r = self.hook("prompt_secret.json")
        out = json.loads(r.stdout)
        self.assertEqual(out["decision"], "block")
        self.assertIn("stripe.secret_key.live", out["reason"])
        self.assertEqual(self.hook("prompt_plain.json").stdout, "")

    def test_threshold_above_the_finding_allows(self):
        r = run("agent-hook", "--severity", "critical", stdin=self.event("read_env.json"), home=self.fx.home)
        self.assertIn("deny", r.stdout)  # live Stripe keys are critical
        # A low-damage credential: a Stripe publishable key is public by design.
        self.fx.write("public.txt", "pk_live_" + rand(40) + "\n")
        ev = self.event("read_ordinary.json").replace("src/app.py", "public.txt")
        r = run("agent-hook", stdin=ev, home=self.fx.home)
        self.assertEqual((r.returncode, r.stdout), (0, ""), r.stderr)

    def test_fast_path_decides_as_the_full_scan(self):
        # The fast path (no Vectorscan event in the file or its decoded view:
        # allow without loading signatures) must give the full scan's answer
        # on every recorded event, allowed and denied, for both agents; and a
        # secret that is only there base64-encoded still goes the full way.
        import base64
        self.addCleanup(os.remove, os.path.join(self.fx.root, "blobs", "encoded.txt"))
        self.fx.write("blobs/encoded.txt", "blob: " + base64.b64encode(
            ("STRIPE_SECRET_KEY=" + ENV_KEY).encode()).decode() + "\n")
        events = sorted(n for n in os.listdir(os.path.join(HERE, "events")) if n.endswith(".json"))
        texts = [self.event(n) for n in events]
        texts.append(self.event("read_ordinary.json").replace("src/app.py", "blobs/encoded.txt"))
        denied = 0
        for text in texts:
            fast = run("agent-hook", stdin=text, home=self.fx.home)
            full = run("agent-hook", "--no-fast-path", stdin=text, home=self.fx.home)
            self.assertEqual((fast.returncode, fast.stdout), (full.returncode, full.stdout), text)
            denied += "deny" in fast.stdout or "block" in fast.stdout or '"continue":false' in fast.stdout
        self.assertGreaterEqual(denied, 9)
        self.assertIn("deny", run("agent-hook", stdin=texts[-1], home=self.fx.home).stdout)

    def test_fails_open_on_bad_input(self):
        r = run("agent-hook", stdin="not json", home=self.fx.home)
        self.assertEqual((r.returncode, r.stdout), (0, ""))
        self.assertIn("allowing the call", r.stderr)

    # Cursor (beforeReadFile, beforeShellExecution, beforeSubmitPrompt):
    # every call gets an answer, since Cursor refuses a silent fail-closed hook.
    def cursor(self, name):
        return json.loads(self.hook(name).stdout)

    def test_cursor_read_and_shell(self):
        for name, where in (("cursor_read_env.json", ".env:1"), ("cursor_shell_cat_env.json", ".env:1"),
                            ("cursor_read_content.json", "notes/unsaved.txt:1")):
            out = self.cursor(name)
            self.assertEqual(out["permission"], "deny", name)
            self.assertIn(where, out["user_message"], name)
            self.assertIn("stripe.secret_key.live", out["agent_message"], name)
        for name in ("cursor_read_ordinary.json", "cursor_shell_ls.json"):
            self.assertEqual(self.cursor(name), {"permission": "allow"}, name)

    def test_cursor_prompt(self):
        out = self.cursor("cursor_prompt_secret.json")
        self.assertFalse(out["continue"])
        self.assertIn("stripe.secret_key.live", out["user_message"])
        self.assertEqual(self.cursor("cursor_prompt_plain.json"), {"continue": True})

    def test_cursor_fails_open_with_an_answer(self):
        # A path that cannot be read is not a reason to block: allow, explicitly.
        ev = self.event("cursor_read_ordinary.json").replace("src/app.py", "missing/nowhere.txt")
        r = run("agent-hook", stdin=ev, home=self.fx.home)
        self.assertEqual((r.returncode, json.loads(r.stdout)), (0, {"permission": "allow"}), r.stderr)


class HookInstallTest(unittest.TestCase):
    def test_install_claude_hooks_keeps_settings_and_is_idempotent(self):
        fx = Fixture()
        try:
            r = run("hook", "install", "--agent", "claude", fx.root, home=fx.home)
            self.assertEqual(r.returncode, 0, r.stderr)
            s = json.loads(fx.read(".claude/settings.json"))
            self.assertEqual(s["model"], "sonnet")
            self.assertEqual(s["permissions"]["deny"], ["Read(./.env)"])
            pre = s["hooks"]["PreToolUse"]
            self.assertEqual(len(pre), 1)
            self.assertEqual(pre[0]["matcher"], "Read|Grep|Glob|Bash")
            self.assertIn(" agent-hook --severity medium", pre[0]["hooks"][0]["command"])
            self.assertEqual(len(s["hooks"]["UserPromptSubmit"]), 1)
            first = fx.read(".claude/settings.json")
            self.assertEqual(run("hook", "install", "--agent", "claude", fx.root, home=fx.home).returncode, 0)
            self.assertEqual(fx.read(".claude/settings.json"), first)
            self.assertEqual(run("hook", "install", "--agent", "vim", fx.root, home=fx.home).returncode, 2)
        finally:
            fx.cleanup()

    def test_install_cursor_hooks_keeps_entries_and_is_idempotent(self):
        fx = Fixture()
        try:
            fx.write(".cursor/hooks.json", json.dumps(
                {"version": 1, "hooks": {"afterFileEdit": [{"command": "./format.sh"}],
                                         "beforeShellExecution": [{"command": "./audit.sh"}]}}))
            r = run("hook", "install", "--agent", "cursor", fx.root, home=fx.home)
            self.assertEqual(r.returncode, 0, r.stderr)
            h = json.loads(fx.read(".cursor/hooks.json"))
            self.assertEqual(h["version"], 1)
            self.assertEqual(h["hooks"]["afterFileEdit"], [{"command": "./format.sh"}])
            shell = h["hooks"]["beforeShellExecution"]
            self.assertEqual(shell[0], {"command": "./audit.sh"})
            self.assertEqual(len(shell), 2)
            for event in ("beforeReadFile", "beforeShellExecution", "beforeSubmitPrompt"):
                self.assertIn(" agent-hook --severity medium", h["hooks"][event][-1]["command"])
            first = fx.read(".cursor/hooks.json")
            self.assertEqual(run("hook", "install", "--agent", "cursor", fx.root, home=fx.home).returncode, 0)
            self.assertEqual(fx.read(".cursor/hooks.json"), first)
            # --user writes the home file.
            self.assertEqual(run("hook", "install", "--agent", "cursor", "--user", home=fx.home).returncode, 0)
            self.assertTrue(os.path.exists(os.path.join(fx.home, ".cursor", "hooks.json")))
        finally:
            fx.cleanup()


if __name__ == "__main__":
    BIN = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=2)
