#!/usr/bin/env python3
"""End-to-end tests of the blastradius CLI: exit codes, JSON and SARIF
validated against their schemas, redaction in every format, determinism
across thread counts, atomic output, unreadable files, bad signatures.

usage: cli_test.py /path/to/blastradius
"""
import base64, binascii, json, os, random, shutil, stat, string, subprocess, sys, tempfile, unittest

import jsonschema

BIN = None
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
# The OASIS SARIF 2.1.0 schema, from a pinned npm package that
# scripts/install-test-deps.sh installs (`make test` runs it).
SARIF_SCHEMA = os.path.join(ROOT, "tests", "tools", "sarif-schema", "node_modules", "@microsoft", "jest-sarif", "lib",
                            "schemas", "sarif-2.1.0-rtm.5.json")
if not os.path.exists(SARIF_SCHEMA):
    sys.exit(f"missing {SARIF_SCHEMA}: run scripts/install-test-deps.sh (make test does)")
REPORT_SCHEMA = os.path.join(ROOT, "reports", "schema", "report.schema.json")

# Synthetic secrets generated for these tests (random characters, not real).
ACCOUNT_UUID = "3f6c1a9e-52b7-4d0e-9a61-c8e4b27d05f3"
PROJECT_UUID = "0c9f3b6e-1a47-4d28-8e5b-62f0a7d1c394"
TOK = "tok_q8ztr2vlm0pk"

EXTRA_SIGNATURES = {
    "provider": "e2etest", "name": "E2E Test",
    "signatures": [{
        "id": "e2etest.token", "name": "E2E test token",
        "references": ["https://example.org/docs"],
        "pattern": "\\b(tok_[a-z0-9]{12})\\b", "scope": "project",
        "capabilities": ["data:read"], "irreversible": [], "expires": "days",
        "base_severity": "low", "blast_radius": 2.0,
        "worst_case": "Reads test data of one project.",
        "remediation": {"revoke": "Delete it in settings.", "replace": "Use nothing."},
        "examples": ["tok_q8ztr2vlm0pk", "x tok_b7yqs1ukl9oj"], "negative_examples": ["tok_short"],
    }],
}


def load(path):
    with open(path) as f:
        return json.load(f)


def run(*args, cwd=None, user=None):
    cmd = [BIN, *args]
    if user:
        cmd = ["setpriv", "--reuid", str(user), "--regid", str(user), "--clear-groups", *cmd]
    return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=600)


# Synthetic secrets come from one seeded generator: a failure reproduces
# with the same values.
RNG = random.Random(20261205)


def rand(n, alphabet=string.ascii_letters + string.digits):
    return "".join(RNG.choice(alphabet) for _ in range(n))


def crc_token(prefix):
    """A GitHub/npm-style token with a valid CRC32/base62 checksum."""
    b62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
    body = rand(30)
    n, out = binascii.crc32(body.encode()) & 0xFFFFFFFF, ""
    while n:
        n, r = divmod(n, 62)
        out = b62[r] + out
    return prefix + body + out.rjust(6, "0")


def jwt(payload):
    enc = lambda b: base64.urlsafe_b64encode(b).decode().rstrip("=")
    return enc(b'{"alg":"HS256","typ":"JWT"}') + "." + enc(json.dumps(payload).encode()) + "." + rand(43)


class RankingTest(unittest.TestCase):
    """Ranking sanity on a fixture repository generated with synthetic secrets."""

    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="blastradius-rank-")
        ref = rand(20, string.ascii_lowercase)
        self.secrets = {
            "railway.token.account": "3f6c1a9e-52b7-4d0e-9a61-c8e4b27d05f3",
            "railway.token.project": "0c9f3b6e-1a47-4d28-8e5b-62f0a7d1c394",
            "stripe.secret_key.live": "sk_live_" + rand(40),
            "stripe.publishable_key.live": "pk_live_" + rand(40),
            "supabase.jwt.service_role": jwt({"iss": "supabase", "ref": ref, "role": "service_role"}),
            "supabase.jwt.anon": jwt({"iss": "supabase", "ref": ref, "role": "anon"}),
            "npm.token.granular": crc_token("npm_"),
            "slack.webhook.incoming": "https://hooks.slack.com/services/T%s/B%s/%s" % (
                rand(10, string.ascii_uppercase + string.digits), rand(10, string.ascii_uppercase + string.digits), rand(24)),
        }
        s = self.secrets
        files = {
            ".env": f"RAILWAY_API_TOKEN={s['railway.token.account']}\nRAILWAY_TOKEN={s['railway.token.project']}\n",
            "src/pay.py": f"stripe.api_key = \"{s['stripe.secret_key.live']}\"\nPUBLISHABLE = \"{s['stripe.publishable_key.live']}\"\n",
            "src/db.js": f"const admin = \"{s['supabase.jwt.service_role']}\";\nconst anon = \"{s['supabase.jwt.anon']}\";\n",
            "ops/release.sh": f"export NPM_TOKEN={s['npm.token.granular']}\ncurl -d hi {s['slack.webhook.incoming']}\n",
            ".gitignore": ".env\n",
        }
        for rel, text in files.items():
            p = os.path.join(self.dir, rel)
            os.makedirs(os.path.dirname(p), exist_ok=True)
            with open(p, "w") as f:
                f.write(text)
        subprocess.run(["git", "init", "-q", self.dir], check=True)
        subprocess.run(["git", "-C", self.dir, "add", "src", "ops", ".gitignore"], check=True)

    def tearDown(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    def test_ranking_and_exposure(self):
        r = run("scan", self.dir, "-f", "json", "--fail-on", "none")
        self.assertEqual(r.returncode, 0, r.stderr)
        doc = json.loads(r.stdout)
        score = {f["rule_id"]: f["blast_radius"] for f in doc["findings"]}
        self.assertEqual(set(score), set(self.secrets), score)
        self.assertGreater(score["railway.token.account"], score["railway.token.project"])
        self.assertGreater(score["stripe.secret_key.live"], score["stripe.publishable_key.live"])
        self.assertGreater(score["supabase.jwt.service_role"], score["supabase.jwt.anon"])
        self.assertGreater(score["npm.token.granular"], score["slack.webhook.incoming"])
        exposure = {f["rule_id"]: f["locations"][0]["exposure"] for f in doc["findings"]}
        self.assertEqual(exposure["railway.token.account"], "gitignored")
        self.assertEqual(exposure["stripe.secret_key.live"], "tracked")
        for secret in self.secrets.values():
            self.assertNotIn(secret, r.stdout)


class CliTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="blastradius-e2e-")
        self.tree = os.path.join(self.dir, "tree")
        self.sigs = os.path.join(self.dir, "sigs")
        os.makedirs(os.path.join(self.tree, "deploy"))
        os.makedirs(self.sigs)
        with open(os.path.join(self.sigs, "e2e.json"), "w") as f:
            json.dump(EXTRA_SIGNATURES, f)
        self.write(".env", f"RAILWAY_API_TOKEN={ACCOUNT_UUID}\n")
        self.write("deploy/railway.sh", f"curl -H 'Project-Access-Token: {PROJECT_UUID}' https://backboard.railway.com/graphql/v2\n")
        self.write("a dir/notes.txt", f"token {TOK}\n")
        self.write("copy.txt", f"again {TOK}\n")

    def tearDown(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    def write(self, rel, text):
        p = os.path.join(self.tree, rel)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, "w") as f:
            f.write(text)
        return p

    def scan(self, *extra, user=None):
        return run("scan", self.tree, "--signatures", self.sigs, *extra, user=user)

    def test_help_and_version(self):
        for args in (["--help"], ["version"], ["scan", "--help"], ["rules", "--help"], ["explain", "--help"]):
            r = run(*args)
            self.assertEqual(r.returncode, 0, args)
            self.assertTrue(r.stdout)

    def test_usage_errors_exit_2_with_one_line(self):
        for args in (["scan", "--bogus"], ["frobnicate"], ["scan", "--fail-on", "severe"],
                     ["scan", "-f", "xml"], ["scan", "/no/such/path"], ["explain", "no.such.id"],
                     ["scan", "--threads", "0"]):
            r = run(*args)
            self.assertEqual(r.returncode, 2, args)
            self.assertEqual(len(r.stderr.strip().splitlines()), 1, r.stderr)
            self.assertTrue(r.stderr.startswith("blastradius: "))

    def test_json_report_is_valid_ranked_and_redacted(self):
        r = self.scan("-f", "json")
        self.assertEqual(r.returncode, 1, r.stderr)
        doc = json.loads(r.stdout)
        jsonschema.validate(doc, load(REPORT_SCHEMA))
        ids = [f["rule_id"] for f in doc["findings"]]
        self.assertEqual(ids[0], "railway.token.account")
        self.assertIn("railway.token.project", ids)
        scores = [f["blast_radius"] for f in doc["findings"]]
        self.assertEqual(scores, sorted(scores, reverse=True))
        tok = next(f for f in doc["findings"] if f["rule_id"] == "e2etest.token")
        self.assertEqual(sorted(l["path"] for l in tok["locations"]), ["a dir/notes.txt", "copy.txt"])
        self.assertEqual(doc["scan"]["files_scanned"], 4)
        for secret in (ACCOUNT_UUID, PROJECT_UUID, TOK):
            self.assertNotIn(secret, r.stdout)

    def test_no_secret_in_any_format_unless_asked(self):
        for fmt in ("text", "json", "sarif"):
            r = self.scan("-f", fmt, "-v")
            for secret in (ACCOUNT_UUID, PROJECT_UUID, TOK):
                self.assertNotIn(secret, r.stdout + r.stderr, fmt)
        r = self.scan("-f", "json", "--show-secrets")
        self.assertIn(ACCOUNT_UUID, r.stdout)

    def test_sarif_is_valid(self):
        r = self.scan("-f", "sarif")
        self.assertEqual(r.returncode, 1, r.stderr)
        doc = json.loads(r.stdout)
        jsonschema.validate(doc, load(SARIF_SCHEMA))
        rules = doc["runs"][0]["tool"]["driver"]["rules"]
        self.assertEqual(len({x["id"] for x in rules}), len(rules))
        for x in rules:
            float(x["properties"]["security-severity"])
        uris = [res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for res in doc["runs"][0]["results"]]
        self.assertIn("a%20dir/notes.txt", uris)

    def test_sarif_columns_are_code_points(self):
        # The run declares columnKind unicodeCodePoints: every column must be
        # one (a non-ASCII line gave byte columns: 44 where 35 was right).
        line = "# réglages — clé 🔑 café: token " + TOK + " fin"
        self.write("unicode.txt", "first line\n" + line + "\n")
        r = self.scan("-f", "sarif")
        doc = json.loads(r.stdout)
        run = doc["runs"][0]
        self.assertEqual(run["columnKind"], "unicodeCodePoints")
        regions = []
        for res in run["results"]:
            for loc in res["locations"] + res.get("relatedLocations", []):
                p = loc["physicalLocation"]
                if p["artifactLocation"]["uri"] == "unicode.txt":
                    regions.append(p["region"])
        start = line.index(TOK) + 1
        self.assertEqual(regions, [{"startLine": 2, "startColumn": start, "endLine": 2,
                                    "endColumn": start + len(TOK)}])
        self.assertNotEqual(start, len(line.encode()[:line.encode().index(TOK.encode())]) + 1)
        # JSON keeps byte columns, as its schema says.
        doc = json.loads(self.scan("-f", "json").stdout)
        locs = [l for f in doc["findings"] for l in f["locations"] if l["path"] == "unicode.txt"]
        self.assertEqual(locs[0]["column"], line.encode().index(TOK.encode()) + 1)

    def test_two_roots_with_the_same_relative_path(self):
        # Regression (issue 12): both locations were "config/app.env".
        for root in ("a", "b"):
            p = os.path.join(self.dir, root, "config", "app.env")
            os.makedirs(os.path.dirname(p))
            with open(p, "w") as f:
                f.write(f"KEY={TOK}\n")
        r = run("scan", "a", "b/", "--signatures", self.sigs, "-f", "json", cwd=self.dir)
        doc = json.loads(r.stdout)
        tok = next(f for f in doc["findings"] if f["rule_id"] == "e2etest.token")
        self.assertEqual(sorted(l["path"] for l in tok["locations"]), ["a/config/app.env", "b/config/app.env"])
        self.assertIn("sprawl", [x["name"] for x in tok["factors"]])
        r = run("scan", "a", "b", "--signatures", self.sigs, "-f", "sarif", cwd=self.dir)
        res = json.loads(r.stdout)["runs"][0]["results"][0]
        uris = [l["physicalLocation"]["artifactLocation"]["uri"]
                for l in res["locations"] + res.get("relatedLocations", [])]
        self.assertEqual(sorted(uris), ["a/config/app.env", "b/config/app.env"])

    def test_clean_scan(self):
        empty = os.path.join(self.dir, "empty")
        os.makedirs(empty)
        r = run("scan", empty, "-f", "sarif")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(json.loads(r.stdout)["runs"][0]["results"], [])

    def test_kubernetes_secret_with_a_stock_password_is_kept_at_info(self):
        # A Secret manifest's entry decoding to user:stock-password is the
        # workload's weak credential: kept (at info), though the generic
        # value-shape filter would read "admin:password" as Dotted:Words.
        tree = os.path.join(self.dir, "k8s-stock")
        os.makedirs(os.path.join(tree, "deploy"))
        entry = base64.b64encode(b"admin:password").decode()
        with open(os.path.join(tree, "deploy", "db-secret.yaml"), "w") as f:
            f.write("apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\ntype: Opaque\n"
                    "data:\n  auth: %s\n" % entry)
        r = run("scan", tree, "-f", "json", "--fail-on", "none", "--show-secrets")
        self.assertEqual(r.returncode, 0, r.stderr)
        found = [(f["rule_id"], f["severity"], f["secret"]) for f in json.loads(r.stdout)["findings"]]
        self.assertEqual(found, [("kubernetes.secret.data", "info", "admin:password")])

    def test_fail_on(self):
        self.assertEqual(self.scan("--fail-on", "none").returncode, 0)
        self.assertEqual(self.scan("--fail-on", "critical").returncode, 1)  # the account token
        os.remove(os.path.join(self.tree, ".env"))
        self.assertEqual(self.scan("--fail-on", "critical").returncode, 0)
        self.assertEqual(self.scan("--fail-on", "medium").returncode, 1)

    def test_same_output_for_any_thread_count(self):
        # Byte for byte in every format but HTML (timings and the start time
        # masked), for 1, 2 and 8 worker threads.
        import re
        outs = []
        for n in ("1", "2", "8"):
            out = ""
            for fmt in ("json", "sarif", "text", "gitlab", "markdown"):
                r = self.scan("-f", fmt, "--threads", n, "-v")
                out += re.sub(r'\d+ ms|"duration_ms": \d+|\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d', "<t>", r.stdout)
            outs.append(out)
        self.assertEqual(outs[0], outs[1])
        self.assertEqual(outs[0], outs[2])

    def test_several_formats_and_atomic_output(self):
        sarif = os.path.join(self.dir, "out.sarif")
        js = os.path.join(self.dir, "out.json")
        r = self.scan("-f", "sarif", "-o", sarif, "-f", "json", "--output", js, "-f", "text")
        self.assertEqual(r.returncode, 1)
        self.assertEqual(load(sarif)["version"], "2.1.0")
        self.assertIn("findings", load(js))
        self.assertIn("railway.token.account", r.stdout)
        self.assertEqual([n for n in os.listdir(self.dir) if ".tmp." in n], [])

    def test_sarif_line_hashes_whatever_other_formats_are_asked_for(self):
        # Line hashes are computed only when a SARIF report is asked for:
        # SARIF after other formats carries the same hashes as SARIF alone.
        # (--show-secrets: the files are not in git, whose hashes SARIF
        # otherwise leaves out.)
        alone = self.scan("-f", "sarif", "--show-secrets")
        js = os.path.join(self.dir, "out.json")
        mixed = self.scan("-f", "json", "-o", js, "-f", "text", "-o", os.path.join(self.dir, "t.txt"),
                          "-f", "sarif", "--show-secrets")

        def hashes(out):
            results = json.loads(out)["runs"][0]["results"]
            return [r["partialFingerprints"].get("primaryLocationLineHash") for r in results]

        self.assertEqual(alone.returncode, 1, alone.stderr)
        want = hashes(alone.stdout)
        self.assertTrue(want)
        self.assertNotIn(None, want)
        self.assertEqual(hashes(mixed.stdout), want)

    def test_output_to_a_fifo_keeps_the_fifo(self):
        # Regression: the atomic write renamed over -o /dev/null.
        fifo = os.path.join(self.dir, "out.fifo")
        os.mkfifo(fifo)
        got = []
        import threading
        reader = threading.Thread(target=lambda: got.append(open(fifo).read()))
        reader.start()
        r = self.scan("-f", "json", "-o", fifo)
        reader.join(timeout=60)
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertTrue(stat.S_ISFIFO(os.stat(fifo).st_mode))
        self.assertIn("findings", json.loads(got[0]))

    def test_bad_signature_file_names_file_and_pointer(self):
        bad = dict(EXTRA_SIGNATURES)
        bad["signatures"] = [dict(EXTRA_SIGNATURES["signatures"][0], capabilities=["data:explode"])]
        with open(os.path.join(self.sigs, "e2e.json"), "w") as f:
            json.dump(bad, f)
        r = self.scan()
        self.assertEqual(r.returncode, 2)
        self.assertIn("e2e.json: /signatures/0/capabilities/0 (e2etest.token)", r.stderr)

    def test_max_file_size_and_excludes(self):
        self.write("big.txt", "x" * 5000 + TOK)
        doc = json.loads(self.scan("-f", "json", "--max-file-size", "4K", "--exclude", "copy.txt").stdout)
        tok = next(f for f in doc["findings"] if f["rule_id"] == "e2etest.token")
        self.assertEqual([l["path"] for l in tok["locations"]], ["a dir/notes.txt"])
        self.assertEqual(doc["scan"]["files_too_large"], 1)

    def test_unreadable_file_is_reported_and_scan_goes_on(self):
        p = self.write("locked.txt", f"{TOK}\n")
        os.chmod(p, 0)
        user = None
        if os.geteuid() == 0:
            if not shutil.which("setpriv"):
                self.skipTest("setpriv not available")
            os.chmod(self.dir, 0o755)
            for base, dirs, files in os.walk(self.dir):
                for d in dirs:
                    os.chmod(os.path.join(base, d), 0o755)
                for f in files:
                    if not f.startswith("locked"):
                        os.chmod(os.path.join(base, f), 0o644)
            user = 65534  # nobody
        # A partial scan: every report is still written, then exit 2...
        r = self.scan("-f", "json", "--no-cache", user=user)
        self.assertEqual(r.returncode, 2, r.stderr)
        doc = json.loads(r.stdout)
        self.assertEqual([e["path"] for e in doc["scan"]["errors"]], ["locked.txt"])
        self.assertIn("locked.txt", r.stderr)
        self.assertTrue(any(f["rule_id"] == "railway.token.account" for f in doc["findings"]))
        # ...unless --allow-partial: then the findings decide.
        r = self.scan("-f", "json", "--no-cache", "--allow-partial", user=user)
        self.assertEqual(r.returncode, 1, r.stderr)

    def test_engine_disagreement_is_counted_and_named(self):
        # \v: Vectorscan's vertical-space class holds the carriage return,
        # RE2's vertical tab does not; a match only one engine sees is
        # reported, never skipped silently.
        sig = dict(EXTRA_SIGNATURES["signatures"][0], id="e2etest.vt", pattern="key\\v(tok_[a-z0-9]{12})",
                   examples=["key\vtok_q8ztr2vlm0pk", "key\vtok_b7yqs1ukl9oj"])
        with open(os.path.join(self.sigs, "vt.json"), "w") as f:
            json.dump(dict(EXTRA_SIGNATURES, provider="e2evt", signatures=[sig]), f)
        self.write("vt.txt", "key\rtok_c7yqs1ukl9oj\n")
        r = self.scan("-f", "json", "-v")
        doc = json.loads(r.stdout)
        jsonschema.validate(doc, load(REPORT_SCHEMA))
        self.assertEqual(doc["scan"]["engine_disagreements"], 1)
        self.assertIn("vt.txt: engine disagreement: Vectorscan matched e2etest.vt ending at byte 20", r.stderr)
        self.assertIn("1 engine disagreement:", self.scan("-f", "text").stdout)
        os.remove(os.path.join(self.tree, "vt.txt"))
        self.assertEqual(json.loads(self.scan("-f", "json").stdout)["scan"]["engine_disagreements"], 0)

    def test_rules_and_explain(self):
        r = run("rules")
        self.assertEqual(r.returncode, 0)
        self.assertIn("railway.token.account", r.stdout)
        r = run("explain", "railway.token.account")
        self.assertEqual(r.returncode, 0)
        for word in ("Worst case", "Revoke", "Replace with", "backups:delete"):
            self.assertIn(word, r.stdout)
        # The derivation of the base damage, term by term.
        self.assertIn("Base damage: 9.60 (critical)", r.stdout)
        self.assertIn("damage model: backups:delete 7.5 + breadth 1.20 (10 more) +0.3 scope account", r.stdout)
        self.assertIn("Least capabilities: infra:read", r.stdout)
        # A format whose value shows its reach (Fly.io caveats): the figures a
        # decoded finding moves to.
        r = run("explain", "flyio.token.macaroon")
        self.assertEqual(r.returncode, 0)
        self.assertIn("permissions unknown from the value when it does not decode", r.stdout)
        self.assertIn("Decoded from the value when it can be: organisation-wide 9.70, confined to apps (project) 8.60",
                      r.stdout)

    def test_explain_unknown_id_suggests_the_closest(self):
        r = run("explain", "railway.token.acount")
        self.assertEqual(r.returncode, 2)
        self.assertIn("did you mean railway.token.account", r.stderr)
        r = run("explain", "zzzz.nothing.like.it.at.all")
        self.assertEqual(r.returncode, 2)
        self.assertNotIn("did you mean", r.stderr)

    def test_rules_filters_and_json(self):
        r = run("rules", "--format", "json")
        self.assertEqual(r.returncode, 0, r.stderr)
        every = json.loads(r.stdout)
        self.assertGreater(len(every), 1000)
        keys = ["id", "provider", "category", "scope", "capabilities", "base_damage", "severity", "model",
                "override_reason", "capabilities_inferred_from_category", "account_damage"]
        for x in every:
            self.assertEqual(list(x), keys)
        by_id = {x["id"]: x for x in every}
        self.assertEqual(by_id["railway.token.account"]["severity"], "critical")
        self.assertAlmostEqual(by_id["railway.token.account"]["base_damage"], 9.6, places=6)

        def ids(*args):
            r = run("rules", "-f", "json", *args)
            self.assertEqual(r.returncode, 0, r.stderr)
            return {x["id"] for x in json.loads(r.stdout)}

        self.assertEqual(ids("--provider", "railway"), {x["id"] for x in every if x["provider"] == "railway"})
        self.assertIn("railway.token.account", ids("RAILWAY"))  # positional: id or provider substring
        self.assertEqual(ids("--capability", "backups:delete"),
                         {x["id"] for x in every if "backups:delete" in x["capabilities"]})
        self.assertEqual(ids("--severity", "info"), {x["id"] for x in every if x["severity"] == "info"})
        cat = by_id["railway.token.account"]["category"] or next(x["category"] for x in every if x["category"])
        self.assertEqual(ids("--category", cat), {x["id"] for x in every if x["category"] == cat})
        both = ids("--provider", "railway", "--capability", "backups:delete")
        self.assertTrue(both and all(by_id[i]["provider"] == "railway" and "backups:delete" in by_id[i]["capabilities"]
                                     for i in both))
        self.assertLess(len(both), len(ids("--provider", "railway")) + 1)
        self.assertEqual(ids("no-such-provider-anywhere"), set())
        r = run("rules", "--provider", "railway")
        self.assertEqual(r.returncode, 0)
        self.assertIn("railway.token.account", r.stdout)
        self.assertNotIn("github.pat.classic", r.stdout)
        self.assertEqual(run("rules", "--severity", "extreme").returncode, 2)
        self.assertEqual(run("rules", "-f", "sarif").returncode, 2)
        self.assertEqual(run("scan", "--provider", "railway").returncode, 2)


if __name__ == "__main__":
    BIN = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=2)
