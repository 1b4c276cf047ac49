#!/usr/bin/env python3
"""Validates the report writers' output for the test fixture:
- JSON against reports/schema/report.schema.json,
- SARIF against the OASIS SARIF 2.1.0 schema, plus GitHub's ingestion rules
  (non-empty required texts, numeric security-severity, limits),
- GitLab against the constraints of the secret-detection report schema 15.x
  (written out below: required keys, enums, patterns, lengths),
- no fixture secret in any output without show_secrets.

usage: validate_reports.py /path/to/report_fixture_dump
Needs Debian's python3-jsonschema.
"""
import json, os, re, subprocess, sys, tempfile, unittest

import jsonschema

DUMP = None
OUT = None
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
REPORT_SCHEMA = os.path.join(ROOT, "reports", "schema", "report.schema.json")
# The OASIS SARIF 2.1.0 schema, from a pinned npm package that
# scripts/install-test-deps.sh installs (`make test` runs it).
SARIF_SCHEMA = os.path.join(ROOT, "tests", "tools", "sarif-schema", "node_modules", "@microsoft", "jest-sarif", "lib",
                            "schemas", "sarif-2.1.0-rtm.5.json")
if not os.path.exists(SARIF_SCHEMA):
    sys.exit(f"missing {SARIF_SCHEMA}: run scripts/install-test-deps.sh (make test does)")

# GitLab secret-detection report, schema 15.x (security-report-schemas,
# dist/secret-detection-report-format.json): the constraints that apply to
# what we emit. GitLab refuses a report that breaks any of them.
_STR1 = {"type": "string", "minLength": 1}
_TOOL = {"type": "object", "required": ["id", "name", "version", "vendor"],
         "properties": {"id": _STR1, "name": _STR1, "version": _STR1, "url": {"type": "string", "pattern": "^https?://.+"},
                        "vendor": {"type": "object", "required": ["name"], "properties": {"name": _STR1}}}}
_TIME = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$"}
_DETAIL_ITEM = {"type": "object", "required": ["type"], "oneOf": [
    {"properties": {"type": {"const": "text"}, "value": {"type": "string"}}, "required": ["value"]},
    {"properties": {"type": {"const": "file-location"}, "file_name": _STR1,
                    "line_start": {"type": "integer"}, "line_end": {"type": "integer"}},
     "required": ["file_name", "line_start"]}]}
_DETAIL = {"type": "object", "required": ["name", "type"],
           "properties": {"name": _STR1, "type": {"enum": ["text", "value", "list"]},
                          "items": {"type": "array", "items": _DETAIL_ITEM}}}
GITLAB_SCHEMA = {
    "type": "object",
    "required": ["version", "scan", "vulnerabilities"],
    "properties": {
        "version": {"type": "string", "pattern": r"^15\.[0-9]+\.[0-9]+$"},
        "schema": {"type": "string", "pattern": "^https?://.+"},
        "scan": {
            "type": "object",
            "required": ["analyzer", "scanner", "type", "start_time", "end_time", "status"],
            "properties": {
                "analyzer": _TOOL, "scanner": _TOOL, "type": {"const": "secret_detection"},
                "start_time": _TIME, "end_time": _TIME, "status": {"enum": ["success", "failure"]},
                "messages": {"type": "array", "items": {
                    "type": "object", "required": ["level", "value"],
                    "properties": {"level": {"enum": ["info", "warn", "fatal"]}, "value": _STR1}}},
            },
        },
        "vulnerabilities": {"type": "array", "items": {
            "type": "object",
            "required": ["id", "identifiers", "location"],
            "not": {"required": ["raw_source_code_extract"]},
            "properties": {
                "id": _STR1,
                "category": {"const": "secret_detection"},
                "name": {"type": "string", "maxLength": 255},
                "description": {"type": "string", "maxLength": 1048576},
                "severity": {"enum": ["Info", "Unknown", "Low", "Medium", "High", "Critical"]},
                "solution": {"type": "string", "maxLength": 7000},
                "identifiers": {"type": "array", "minItems": 1, "items": {
                    "type": "object", "required": ["type", "name", "value"],
                    "properties": {"type": _STR1, "name": _STR1, "value": _STR1,
                                   "url": {"type": "string", "pattern": "^(https?|ftp)://.+"}}}},
                "links": {"type": "array", "items": {
                    "type": "object", "required": ["url"],
                    "properties": {"name": {"type": "string"}, "url": {"type": "string", "pattern": "^(https?|ftp)://.+"}}}},
                "details": {"type": "object", "additionalProperties": _DETAIL},
                "location": {
                    "type": "object", "required": ["commit"],
                    "properties": {"file": {"type": "string"}, "start_line": {"type": "number"},
                                   "end_line": {"type": "number"},
                                   "commit": {"type": "object", "required": ["sha"], "properties": {"sha": _STR1}}}},
            },
        }},
    },
}


def load(name):
    with open(os.path.join(OUT, name), encoding="utf-8") as f:
        return json.load(f)


def validate(doc, schema, name):
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    errors = sorted(cls(schema).iter_errors(doc), key=lambda e: list(e.absolute_path))
    if errors:
        msg = "\n".join("  %s: %s" % ("/".join(map(str, e.absolute_path)), e.message) for e in errors[:20])
        raise AssertionError("%s does not match its schema:\n%s" % (name, msg))


class Reports(unittest.TestCase):
    def test_json_matches_report_schema(self):
        with open(REPORT_SCHEMA) as f:
            schema = json.load(f)
        for name in ("report.json", "report-show.json", "report-empty.json"):
            validate(load(name), schema, name)
        self.assertEqual(len(load("report.json")["findings"]), 25)

    def test_sarif_matches_oasis_schema_and_github_rules(self):
        self.assertTrue(os.path.exists(SARIF_SCHEMA), "SARIF schema not found: " + SARIF_SCHEMA)
        with open(SARIF_SCHEMA) as f:
            schema = json.load(f)
        for name in ("report.sarif", "report-show.sarif", "report-empty.sarif"):
            doc = load(name)
            validate(doc, schema, name)
            self.assertEqual(len(doc["runs"]), 1)
            run = doc["runs"][0]
            self.assertIn("results", run)
            self.assertLessEqual(len(run["results"]), 25000)
            rules = run["tool"]["driver"]["rules"]
            self.assertEqual(len({r["id"] for r in rules}), len(rules))
            for r in rules:
                for key in ("shortDescription", "fullDescription", "help"):
                    self.assertTrue(r[key]["text"], (name, r["id"], key))
                    self.assertLessEqual(len(r[key]["text"]), 1024 if key != "help" else 10 ** 6)
                sev = float(r["properties"]["security-severity"])
                self.assertTrue(0.0 < sev <= 10.0)
                tags = r["properties"]["tags"]
                self.assertLessEqual(len(tags), 10)
                self.assertEqual(len(set(tags)), len(tags))
            for res in run["results"]:
                self.assertTrue(res["message"]["text"])
                self.assertTrue(res["partialFingerprints"])
                self.assertEqual(len(res["locations"]), 1)
                self.assertLessEqual(len(res.get("relatedLocations", [])), 999)
                region = res["locations"][0]["physicalLocation"]["region"]
                for key in ("startLine", "startColumn", "endLine", "endColumn"):
                    self.assertGreaterEqual(region[key], 1)
                uri = res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                self.assertRegex(uri, r"^[A-Za-z0-9/._~%-]+$")  # percent-encoded uri-reference
            hashes = [r["partialFingerprints"]["primaryLocationLineHash"] for r in run["results"]
                      if "primaryLocationLineHash" in r["partialFingerprints"]]
            for h in hashes:
                self.assertRegex(h, r"^[0-9a-f]{1,16}:[0-9]+$")
            if name != "report-empty.sarif":
                # Tracked files only; the gitignored .env too with show_secrets.
                self.assertEqual(len(hashes), 3 if "-show" in name else 2, name)

    def test_gitlab_matches_secret_detection_schema(self):
        for name in ("report.gitlab.json", "report-show.gitlab.json", "report-empty.gitlab.json"):
            validate(load(name), GITLAB_SCHEMA, name)
        doc = load("report.gitlab.json")
        self.assertEqual(doc["scan"]["start_time"], "2026-11-25T10:00:00")
        self.assertEqual(doc["scan"]["end_time"], "2026-11-25T10:00:04")
        self.assertEqual(len(doc["vulnerabilities"]), len(load("report.json")["findings"]))  # one per finding
        self.assertEqual(doc["version"], "15.0.7")

    def test_no_secret_without_show_secrets(self):
        with open(os.path.join(OUT, "secrets.txt")) as f:
            secrets = [s for s in f.read().split("\n") if s]
        self.assertEqual(len(secrets), 25)
        for name in sorted(os.listdir(OUT)):
            if name == "secrets.txt":
                continue
            with open(os.path.join(OUT, name), encoding="utf-8") as f:
                text = f.read()
            show = "-show" in name
            leaked = [s for s in secrets if s in text or s[6:26] in text]
            if not show or name.endswith((".md", ".gitlab.json")):
                self.assertEqual(leaked, [], name)
            elif name == "report-show.json":
                self.assertEqual(len([s for s in secrets if s in text]), 25, name)

    def test_markdown_is_small(self):
        size = os.path.getsize(os.path.join(OUT, "report.md"))
        self.assertLess(size, 64 * 1024)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    DUMP = sys.argv[1]
    with tempfile.TemporaryDirectory(prefix="blastradius-reports-") as tmp:
        OUT = tmp
        subprocess.run([DUMP, OUT], check=True, stdout=subprocess.DEVNULL)
        result = unittest.main(argv=[sys.argv[0], "-v"], exit=False).result
    sys.exit(0 if result.wasSuccessful() else 1)
