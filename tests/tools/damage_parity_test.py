#!/usr/bin/env python3
"""The C++ damage model agrees with the Python reference (damage_model.py):
for every signature, `blastradius rules --format json` must give the same
base damage (within 0.01), the same model figure, the same severity, the
same account-class figures (damage.json "accounts"), and the same set of ids.

usage: damage_parity_test.py /path/to/blastradius
"""
import json, os, subprocess, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import damage_model  # noqa: E402

TOLERANCE = 0.01


def main(argv):
    binary = argv[1]
    r = subprocess.run([binary, "rules", "--format", "json"], capture_output=True, text=True, timeout=120)
    if r.returncode != 0:
        print("FAIL: rules --format json exited %d: %s" % (r.returncode, r.stderr.strip()))
        return 1
    cpp = {x["id"]: x for x in json.loads(r.stdout)}
    model = damage_model.load_model()
    categories = damage_model.load_categories()
    py, sigs = {}, {}
    for _, s in damage_model.load_signatures():
        sigs[s["id"]] = s
        d, source, m = damage_model.damage(s, model, categories)
        py[s["id"]] = (d, source, m)
    problems = []
    for sid in sorted(set(py) - set(cpp)):
        problems.append("%s: in the signature files but not in `rules --format json`" % sid)
    for sid in sorted(set(cpp) - set(py)):
        problems.append("%s: in `rules --format json` but not in the signature files" % sid)
    for sid in sorted(set(py) & set(cpp)):
        d, source, m = py[sid]
        c = cpp[sid]
        if abs(c["base_damage"] - d) > TOLERANCE:
            problems.append("%s: base damage C++ %.4f, Python %.4f (%s)" % (sid, c["base_damage"], d, source))
        if abs(c["model"] - m) > TOLERANCE:
            problems.append("%s: model damage C++ %.4f, Python %.4f" % (sid, c["model"], m))
        want = {k: damage_model.account_damage(damage_model.card(sigs[sid], categories), k, model)
                for k in damage_model.account_classes_for(sigs[sid], model)}
        got = c.get("account_damage", {})
        if set(want) != set(got):
            problems.append("%s: account classes C++ %s, Python %s" % (sid, sorted(got), sorted(want)))
        for k in set(want) & set(got):
            if abs(want[k] - got[k]) > TOLERANCE:
                problems.append("%s: account %s damage C++ %.4f, Python %.4f" % (sid, k, got[k], want[k]))
        if c["severity"] != damage_model.severity(d):
            problems.append("%s: severity C++ %s, Python %s" % (sid, c["severity"], damage_model.severity(d)))
    for p in problems:
        print("FAIL: " + p)
    print("%d signatures compared, %d disagreements" % (len(set(py) & set(cpp)), len(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
