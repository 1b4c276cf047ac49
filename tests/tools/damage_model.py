#!/usr/bin/env python3
"""The damage model of signatures/damage.json, in Python (reference for the C++ loader and the lint).

For a signature card with capabilities C, scope S, irreversible list I and expiry E:
  1. every capability is public:identify              -> damage 0
  2. w = weights of C, descending
     raw = w[0] + min(breadth_max, breadth_per_weight * sum(w[1:]))
           + scope_adjust[S] + (irreversible_bonus if I) + expiry_adjust[E]
  3. "test_mode": true                                 -> raw += test_mode_adjust
  4. public:identify together with other capabilities  -> raw = min(raw, public_cap)
  5. damage = max(raw, 0.1), not clamped at 10; severity reads min(damage, 10)
  6. a stated blast_radius replaces the model; it needs blast_radius_reason when it differs
     from the model by more than tolerance.
A signature lacking scope/capabilities/irreversible/expires inherits them from its own
`category`, else from the file's `category` (signatures/categories.json).

usage: damage_model.py [--lint] [--all-fields] [FILE.json ...]
  (no flag)  one line per signature: id damage severity source(model|override), sorted by id
  --lint     exit 1 on: stored blast_radius off the model by more than tolerance without
             blast_radius_reason; blast_radius_reason on a figure that agrees (stale);
             base_severity still present; unknown capabilities, scopes or expiries
"""
import glob, json, os, sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SIG_DIR = os.path.join(ROOT, "signatures")
NOT_PROVIDERS = ("schema.json", "categories.json", "damage.json")
FIELDS = ("scope", "capabilities", "irreversible", "expires")


def load_model(sig_dir=SIG_DIR):
    with open(os.path.join(sig_dir, "damage.json")) as f:
        return json.load(f)


def load_categories(sig_dir=SIG_DIR):
    with open(os.path.join(sig_dir, "categories.json")) as f:
        return json.load(f)["categories"]


def provider_files(sig_dir=SIG_DIR):
    return sorted(f for f in glob.glob(os.path.join(sig_dir, "*.json"))
                  if os.path.basename(f) not in NOT_PROVIDERS)


def load_signatures(files=None, sig_dir=SIG_DIR):
    """[(file, signature dict)] for every signature of the given (default: all) provider files."""
    out = []
    for f in files or provider_files(sig_dir):
        try:
            with open(f) as fh:
                doc = json.load(fh)
        except ValueError as e:
            print(f"{os.path.relpath(f, ROOT)}: invalid JSON, skipped: {e}", file=sys.stderr)
            continue
        for s in doc.get("signatures", []):
            s = dict(s)
            s.setdefault("_file_category", doc.get("category"))
            out.append((f, s))
    return out


def card(sig, categories):
    """The effective card: the signature's own fields, missing ones from its (file's) category."""
    cat = sig.get("category", sig.get("_file_category"))
    base = categories.get(cat, {}) if cat else {}
    c = {}
    for k in FIELDS:
        if k in sig:
            c[k] = sig[k]
        elif k in base:
            c[k] = base[k]
    c["test_mode"] = bool(sig.get("test_mode", False))
    return c


def model_damage(c, model):
    """Base damage of an effective card (dict with capabilities, scope, irreversible, expires, test_mode)."""
    caps = list(c.get("capabilities") or [])
    if not caps or all(x == "public:identify" for x in caps):
        return 0.0
    w = sorted((model["capability_weights"][x] for x in caps), reverse=True)
    raw = w[0] + min(model["breadth_max"], model["breadth_per_weight"] * sum(w[1:]))
    raw += model["scope_adjust"][c["scope"]]
    if c.get("irreversible"):
        raw += model["irreversible_bonus"]
    raw += model["expiry_adjust"][c["expires"]]
    if c.get("test_mode"):
        raw += model["test_mode_adjust"]
    if "public:identify" in caps:
        raw = min(raw, model["public_cap"])
    return max(raw, 0.1)


def account_damage(c, cls, model):
    """Damage of card c narrowed or widened to an account class of damage.json "accounts"."""
    k = model["accounts"]["classes"][cls]
    return model_damage({**c, "capabilities": k["capabilities"], "scope": k["scope"],
                         "irreversible": [k["reason"]] if k["irreversible"] else []}, model)


def account_classes_for(sig, model):
    """The account classes a signature's findings can take: every class but key/* for URL
    credentials (decode url-userinfo), the classes a key name gives for other generic ones."""
    classes = list(model.get("accounts", {}).get("classes", {}))
    if (sig.get("decode") or {}).get("kind") == "url-userinfo":
        return [k for k in classes if not k.startswith("key/")]
    if sig.get("generic"):
        return [k for k in classes if k in ("key/privileged", "database/privileged")]
    return []


def lint_accounts(model):
    """The account table: weights, scopes and reasons exist; a privileged class outranks its siblings."""
    problems = []
    acc = model.get("accounts")
    if not acc:
        return ["damage.json: no accounts table"]
    for key in ("services", "privileged_users", "read_only_users", "anonymous_users", "password_key_words", "classes"):
        if key not in acc:
            problems.append(f"damage.json: /accounts/{key} is missing")
    for cls, k in acc.get("classes", {}).items():
        where = f"damage.json: /accounts/classes/{cls}"
        bad = [x for x in k.get("capabilities", []) if x not in model["capability_weights"]]
        if bad or not k.get("capabilities"):
            problems.append(f"{where}: capabilities without a weight: {bad or 'none listed'}")
        if k.get("scope") not in model["scope_adjust"]:
            problems.append(f"{where}: scope {k.get('scope')} has no adjustment")
        if not isinstance(k.get("irreversible"), bool):
            problems.append(f"{where}: irreversible must be true or false")
        if not k.get("reason"):
            problems.append(f"{where}: a class needs its reason")
        service = cls.split("/")[0]
        if service not in acc.get("services", {}) and service != "key":
            problems.append(f"{where}: {service} is not a service of /accounts/services")
    if problems:
        return problems
    ref = {"scope": "resource", "capabilities": ["data:read"], "irreversible": [], "expires": "never"}
    for hi, lo in (("shell/privileged", "shell/user"), ("database/privileged", "database/read-only")):
        if hi in acc["classes"] and lo in acc["classes"]:
            if account_damage(ref, hi, model) <= account_damage(ref, lo, model):
                problems.append(f"damage.json: /accounts/classes: {hi} must derive more damage than {lo}")
    return problems


def damage(sig, model, categories):
    """(damage, source, model figure): the stated blast_radius if any ('override'), else the model."""
    m = model_damage(card(sig, categories), model)
    if "blast_radius" in sig:
        return float(sig["blast_radius"]), "override", m
    return m, "model", m


def severity(d):
    d = min(d, 10.0)
    if d >= 9.0:
        return "critical"
    if d >= 7.0:
        return "high"
    if d >= 4.0:
        return "medium"
    if d > 0.0:
        return "low"
    return "info"


def lint(sigs, model, categories):
    problems = []
    tol = model["tolerance"]
    weights = model["capability_weights"]
    for f, s in sigs:
        where = f"{os.path.relpath(f, ROOT)}: {s.get('id')}"
        c = card(s, categories)
        missing = [k for k in FIELDS if k not in c]
        if missing:
            problems.append(f"{where}: no {', '.join(missing)} (and no category to inherit from)")
            continue
        bad = [x for x in list(c["capabilities"]) + list(s.get("least_capabilities", [])) if x not in weights]
        if bad:
            problems.append(f"{where}: capabilities without a weight in damage.json: {bad}")
            continue
        if c["scope"] not in model["scope_adjust"]:
            problems.append(f"{where}: scope {c['scope']} has no adjustment in damage.json")
            continue
        if c["expires"] not in model["expiry_adjust"]:
            problems.append(f"{where}: expires {c['expires']} has no adjustment in damage.json")
            continue
        extra = [x for x in s.get("least_capabilities", [])
                 if x not in c["capabilities"] and x != "public:identify"]
        if extra:
            problems.append(f"{where}: least_capabilities not in capabilities: {extra}")
        if "base_severity" in s:
            problems.append(f"{where}: base_severity is derived now; remove it")
        m = model_damage(c, model)
        has_reason = bool(s.get("blast_radius_reason"))
        if "blast_radius" in s:
            off = abs(float(s["blast_radius"]) - m) > tol
            if off and not has_reason:
                problems.append(f"{where}: blast_radius {s['blast_radius']} disagrees with the model "
                                f"({m:.2f}, tolerance {tol}) and has no blast_radius_reason")
            if not off and has_reason:
                problems.append(f"{where}: stale blast_radius_reason: blast_radius {s['blast_radius']} "
                                f"agrees with the model ({m:.2f}); remove both")
        elif has_reason:
            problems.append(f"{where}: blast_radius_reason without a blast_radius")
    return problems


def main(argv):
    do_lint = "--lint" in argv
    files = [os.path.abspath(a) for a in argv if not a.startswith("--")] or None
    model = load_model()
    categories = load_categories()
    sigs = load_signatures(files)
    if do_lint:
        problems = lint(sigs, model, categories) + lint_accounts(model)
        for p in problems:
            print(p)
        print(f"{len(sigs)} signatures, {len(problems)} damage-model problems")
        return 1 if problems else 0
    rows = []
    for f, s in sigs:
        d, src, _ = damage(s, model, categories)
        rows.append((s["id"], d, src))
    for sid, d, src in sorted(rows):
        print(f"{sid} {d:.2f} {severity(d)} {src}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
