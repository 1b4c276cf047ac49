#!/usr/bin/env python3
"""GitHub Action post-processing of blastradius reports.

  postprocess.py sarif --all ALL.sarif --reported A.json [--unbaselined B.json]
                       --prefix SUB --root DIR --category CAT -o OUT.sarif
      Code-scanning SARIF: results from the scan that reported everything
      (no baseline, --no-allow-markers); the ones the real scan did not report
      carry `suppressions` (allow marker: inSource; baseline: external), so
      GitHub shows them as dismissed instead of forgetting them. Info findings
      (publishable keys, base damage 0) are left out: not alerts. URIs are
      made relative to the repository root (SUB/ prepended when `path` was a
      subfolder) and %SRCROOT% is declared in originalUriBaseIds.
  postprocess.py annotate REPORT.json --prefix SUB --max N
      Workflow commands: ::error for critical/high, ::warning for medium,
      ::notice for low; none for info.
"""
import argparse, json, os, sys
from urllib.parse import quote

LEVELS = {"critical": "error", "high": "error", "medium": "warning", "low": "notice"}


def fingerprints(path):
    with open(path) as f:
        return {x["fingerprint"] for x in json.load(f)["findings"]}


def sarif(a):
    with open(a.all) as f:
        doc = json.load(f)
    reported = fingerprints(a.reported)
    unbaselined = fingerprints(a.unbaselined) if a.unbaselined else None
    prefix = quote(a.prefix.strip("/") + "/", safe="/-_.~") if a.prefix.strip("/") not in ("", ".") else ""
    root = os.path.abspath(a.root)
    for run in doc["runs"]:
        kept, used = [], set()
        for r in run.get("results", []):
            props = r.get("properties", {})
            if props.get("severity") == "info":
                continue
            fp = r.get("partialFingerprints", {}).get("blastradius/v1")
            if fp not in reported:
                if unbaselined is not None and fp not in unbaselined:
                    r["suppressions"] = [{"kind": "external", "status": "accepted",
                                          "justification": "in the blastradius baseline"}]
                else:
                    r["suppressions"] = [{"kind": "inSource", "status": "accepted",
                                          "justification": "marked blastradius:allow"}]
            for loc in [*r.get("locations", []), *r.get("relatedLocations", [])]:
                art = loc.get("physicalLocation", {}).get("artifactLocation", {})
                if "uri" in art:
                    art["uri"] = prefix + art["uri"]
                    art["uriBaseId"] = "%SRCROOT%"
            used.add(r.get("ruleId"))
            kept.append(r)
        # Rules no kept result uses go too; ruleIndex must follow.
        rules = run["tool"]["driver"].get("rules", [])
        new_rules = [x for x in rules if x["id"] in used]
        index = {x["id"]: i for i, x in enumerate(new_rules)}
        for r in kept:
            if "ruleIndex" in r:
                r["ruleIndex"] = index[r["ruleId"]]
        run["tool"]["driver"]["rules"] = new_rules
        run["results"] = kept
        run["originalUriBaseIds"] = {"%SRCROOT%": {"uri": "file://" + quote(root.rstrip("/") + "/")}}
        run["automationDetails"] = {"id": a.category.rstrip("/") + "/"}
        for inv in run.get("invocations", []):
            for n in inv.get("toolExecutionNotifications", []):
                for loc in n.get("locations", []):
                    art = loc.get("physicalLocation", {}).get("artifactLocation", {})
                    if "uri" in art:
                        art["uri"] = prefix + art["uri"]
    tmp = a.output + ".tmp"
    with open(tmp, "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")
    os.replace(tmp, a.output)


def data(s):  # workflow-command message text
    return str(s).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def prop(s):  # property values also escape ':' and ','
    return data(s).replace(":", "%3A").replace(",", "%2C")


def annotate(a):
    with open(a.report) as f:
        findings = json.load(f).get("findings", [])
    alerts = [f for f in findings if f["severity"] in LEVELS]
    prefix = a.prefix.strip("/") + "/" if a.prefix.strip("/") not in ("", ".") else ""
    for f in alerts[:a.max]:
        loc = f["locations"][0]
        props = [f"file={prop(prefix + loc['path'])}", f"line={loc['line']}", f"endLine={loc['end_line']}"]
        if loc["line"] == loc["end_line"]:
            props += [f"col={loc['column']}", f"endColumn={loc['end_column']}"]
        title = (f"{f['severity'].upper()} {f['rule_id']} "
                 f"(damage {f['damage']:.1f}, confidence {f['confidence_score']:.2f})")
        props.append(f"title={prop(title)}")
        more = len(f["locations"]) - 1
        msg = f"{f['title']}: {f['worst_case']}"
        if f.get("notes"):
            msg += " Note: " + "; ".join(f["notes"]) + "."
        if more:
            msg += f" Also in {more} other location{'s' if more > 1 else ''}."
        msg += f" Revoke: {f['remediation']['revoke']}"
        print(f"::{LEVELS[f['severity']]} {','.join(props)}::{data(msg)}")
    if len(alerts) > a.max:
        rest = len(alerts) - a.max
        print(f"::warning title=blastradius::{rest} more finding{'s' if rest > 1 else ''}"
              " (see the job summary and code scanning)")


def main():
    p = argparse.ArgumentParser()
    sub = p.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("sarif")
    s.add_argument("--all", required=True)
    s.add_argument("--reported", required=True)
    s.add_argument("--unbaselined")
    s.add_argument("--prefix", default="")
    s.add_argument("--root", default=".")
    s.add_argument("--category", required=True)
    s.add_argument("-o", "--output", required=True)
    n = sub.add_parser("annotate")
    n.add_argument("report")
    n.add_argument("--prefix", default="")
    n.add_argument("--max", type=int, default=10)
    a = p.parse_args()
    sarif(a) if a.cmd == "sarif" else annotate(a)


if __name__ == "__main__":
    sys.exit(main())
