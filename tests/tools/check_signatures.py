#!/usr/bin/env python3
"""Quick offline checker for signatures/*.json, used while writing signatures.

Mirrors the scanner's rules (schema, unique ids, one capture group, severity
bucket, examples fire / negative examples stay silent) with Python's `re` as an
approximation of RE2 + Vectorscan. The authoritative test is the C++ suite
(`make test`), which runs the real engine.

usage: check_signatures.py [--schema-only] [FILE.json ...]   (default: every signatures/*.json)
"""
import base64, binascii, glob, json, math, os, re, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import damage_model  # noqa: E402  (base damage breaks overlap ties, like the scanner)

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SIG_DIR = os.path.join(ROOT, "signatures")

MACROS = {
    "{{assign}}": r"""(?:[A-Za-z0-9_.\-]{0,40}["'\x60]?\]?[ \t]{0,5}(?:=|:=|=>|:|,)[ \t]{0,5}["'\x60(]?[ \t]{0,2})""",
    "{{uuid}}": r"(?:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})",
}
PLACEHOLDER = re.compile(
    r"example|placeholder|changeme|change_me|change-me|your[_-]?(?:api[_-]?)?(?:key|token|secret|password)"
    r"|<[A-Za-z][A-Za-z0-9_ .\-]{0,40}>|\$\{[A-Za-z_]|\{\{[ A-Za-z_.]|%\([a-z_]+\)s|x{6,}|\*{4,}|\.{4,}|0123456789|1234567890|abcdefghij|dummy|redacted"
    r"|insert[_-]|replace[_-]?me|sample[_-]?(?:key|token)|fake[_-]?(?:key|token|secret)|not[_-]?a[_-]?real",
    re.I)
BUCKETS = [(9.0, "critical"), (7.0, "high"), (4.0, "medium"), (0.1, "low"), (0.0, "info")]
B62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def expand(p):
    for k, v in MACROS.items():
        p = p.replace(k, v)
    return p


def bucket(score):
    for lo, name in BUCKETS:
        if score >= lo:
            return name
    return "info"


def entropy(s):
    if not s:
        return 0.0
    counts = {}
    for c in s:
        counts[c] = counts.get(c, 0) + 1
    return -sum(n / len(s) * math.log2(n / len(s)) for n in counts.values())


def randomness_floor(s):
    """Mirrors validators.cc RandomnessFloor."""
    import string as _s
    if s and all(c in _s.digits for c in s):
        k = 10
    elif s and (all(c in "0123456789abcdef-" for c in s) or all(c in "0123456789ABCDEF-" for c in s)):
        k = 16
    elif all(c.isalnum() and c.isascii() for c in s) and not (any(c.islower() for c in s) and any(c.isupper() for c in s)):
        k = 36
    elif all(c.isalnum() and c.isascii() for c in s):
        k = 62
    elif all((c.isalnum() and c.isascii()) or c in "+/=-_" for c in s):
        k = 64
    else:
        k = 94
    return 0.8 * math.log2(min(k, max(len(s), 1)))


STOCK = re.compile(r"(?:password|passw0rd|pass|secret|admin|root|test|guest|user|changeit|letmein|qwerty|default|welcome"
                   r"|foobar|mypassword|mysecret|postgres|mysql|redis|rabbitmq|guest|minioadmin|adminadmin)[-_.]?[0-9]*[!.]?", re.I)


def is_placeholder(s, documented):
    if s in documented or PLACEHOLDER.search(s) or STOCK.fullmatch(s):
        return True
    return re.search(r"(.)\1{7,}", s) is not None


def b62(n):
    out = ""
    while n:
        n, r = divmod(n, 62)
        out = B62[r] + out
    return out.rjust(6, "0")


def checksum_ok(secret):
    tail = secret.rsplit("_", 1)[-1]
    if len(tail) < 7:
        return False
    body, check = tail[:-6], tail[-6:]
    return b62(binascii.crc32(body.encode()) & 0xFFFFFFFF) == check


def b64url(s):
    s += "=" * (-len(s) % 4)
    return base64.urlsafe_b64decode(s)


def k8s_secret_entry(text, start):
    """Approximates k8s_secret.cc: the match's line is an entry of a data or
    stringData mapping in a YAML document that says kind: Secret."""
    doc_begin = max(text.rfind("\n---", 0, start), -1) + 1
    doc_end = text.find("\n---", start)
    doc = text[doc_begin:doc_end if doc_end >= 0 else len(text)]
    if not re.search(r"(?im)^[ \t]*(?:-[ \t]+)?kind:[ \t]*[\"']?secret[\"']?[ \t]*$", doc):
        return None
    lines = text[doc_begin:start].split("\n")
    entry = text[start:].split("\n")[0]
    name = entry.strip(" -").split(":")[0].lower()
    if not re.search(r"pass|pwd|secret|token|key|auth|cred|cfg|config|conn|url|uri|endpoint", name) and re.search(
            r"namespace|host|port|user|name|email|login|region|database|server|crt|cert", name):
        return None
    indent = len(entry) - len(entry.lstrip(" "))
    for line in reversed(lines[:-1]):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        lead = len(line) - len(line.lstrip(" -"))
        if lead < indent:
            return {} if re.fullmatch(r"(?:data|stringData):[ \t]*", line.strip(" -")) else None
    return None


def decoded_facts(kind, secret):
    try:
        if kind == "jwt":
            payload = json.loads(b64url(secret.split(".")[1]))
            return {k: (v if isinstance(v, str) else json.dumps(v)) for k, v in payload.items()}
        if kind == "pypi-macaroon":
            raw = b64url(secret[len("pypi-"):].replace("+", "-").replace("/", "_"))
            text = raw.decode("latin-1")
            project = '"projects"' in text or '"project_ids"' in text or re.search(r"\[\s*[12]\s*,\s*\[", text)
            return {"scope": "project" if project else "user"}
        if kind in ("fly-macaroon", "url-userinfo"):
            return {}  # informative only: the scanner keeps undecodable values
        if kind == "basic-auth":
            text = base64.b64decode(secret + "=" * (-len(secret) % 4)).decode("utf-8")
            user, sep, password = text.partition(":")
            if not sep or not user or len(password) < 3 or not text.isprintable():
                return None
            return {}
    except Exception:
        return None
    return None


def findings(sigs, text, documented):
    """All surviving matches, overlap-resolved like the scanner: list of (id, secret, confidence)."""
    cands = []
    for s in sigs:
        rx = s["_rx"]
        for m in rx.finditer(text):
            if m.lastindex is None or m.group(1) is None or m.group(1) == "":
                continue
            sec, (a, b) = m.group(1), m.span(1)
            if s.get("keywords"):
                window = text[max(0, a - 256):b].lower()
                if not any(k.lower() in window for k in s["keywords"]):
                    continue
            if is_placeholder(sec, documented):
                continue
            if s.get("min_entropy", 0) > 0 and entropy(sec) < (min(s["min_entropy"], randomness_floor(sec)) if len(sec) >= 12 else s["min_entropy"]):
                continue
            dec = s.get("decode")
            if dec:
                facts = k8s_secret_entry(text, m.start()) if dec["kind"] == "k8s-secret-data" else decoded_facts(dec["kind"], sec)
                if facts is None or any(facts.get(k) != v for k, v in dec.get("require", {}).items()):
                    continue
            conf = "high"
            if s.get("checksum") and not checksum_ok(sec):
                conf = "low"
            elif s.get("generic"):
                conf = "low"
            elif s.get("context"):
                conf = "medium"
            cands.append((a, b, m.end() - m.start(), s, sec, conf))
    # overlap resolution: keep the best candidate of each overlapping cluster
    cands.sort(key=lambda c: (c[0], c[1]))
    out, cluster, cend = [], [], -1
    def flush():
        if cluster:
            best = min(cluster, key=lambda c: (bool(c[3].get("generic")), not (c[3].get("generic") and c[3].get("decode") and c[3]["decode"]["kind"] != "url-userinfo"), -c[2], -c[3].get("_damage", 5.0), c[3]["id"]))
            out.append((best[3]["id"], best[4], best[5]))
    for c in cands:
        if cluster and c[0] >= cend:
            flush()
            cluster, cend = [], -1
        cluster.append(c)
        cend = max(cend, c[1])
    flush()
    return out


def main(argv):
    try:
        import jsonschema
    except ImportError:
        jsonschema = None
    schema = json.load(open(os.path.join(SIG_DIR, "schema.json")))
    categories = json.load(open(os.path.join(SIG_DIR, "categories.json")))["categories"]
    damage_cfg = damage_model.load_model(SIG_DIR)
    documented = set(l.strip() for l in open(os.path.join(SIG_DIR, "documented-examples.txt")) if l.strip())
    all_files = sorted(f for f in glob.glob(os.path.join(SIG_DIR, "*.json"))
                       if os.path.basename(f) not in ("schema.json", "categories.json", "damage.json"))
    schema_only = "--schema-only" in argv
    argv = [a for a in argv if a != "--schema-only"]
    targets = [os.path.abspath(a) for a in argv] or all_files
    errors, sigs, seen = [], [], {}
    for f in sorted(set(all_files) | set(targets)):
        try:
            doc = json.load(open(f))
        except Exception as e:
            errors.append(f"{f}: invalid JSON: {e}")
            continue
        if jsonschema:
            for e in jsonschema.Draft7Validator(schema).iter_errors(doc):
                errors.append(f"{f}: /{'/'.join(map(str, e.absolute_path))}: {e.message}")
        for i, s in enumerate(doc.get("signatures", [])):
            where = f"{f}: /signatures/{i} ({s.get('id')})"
            s["_file"] = f
            category = s.get("category", doc.get("category"))
            for field in ("scope", "capabilities", "irreversible", "expires", "worst_case"):
                if field not in s and category is None:
                    errors.append(f"{where}: no {field} and no category to inherit it from")
            if category is not None and category not in categories:
                errors.append(f"{where}: unknown category {category}")
            if s.get("id") in seen:
                errors.append(f"{where}: duplicate id, also in {seen[s['id']]}")
            seen[s.get("id")] = f
            try:
                rx = re.compile(expand(s["pattern"]))
            except Exception as e:
                errors.append(f"{where}: pattern does not compile: {e}")
                continue
            if rx.groups != 1:
                errors.append(f"{where}: pattern must have exactly one capturing group, has {rx.groups}")
            if re.search(r"\(\?[=!<]|\\[1-9]|\\Z|\(\?P?<", s["pattern"]):
                errors.append(f"{where}: look-around, back-references, named groups and \\Z are not allowed")
            if any(int(n) > 1000 for n in re.findall(r"\{(?:\d+,)?(\d+)\}", s["pattern"])):
                errors.append(f"{where}: RE2 allows at most 1000 repetitions in {{n,m}}; use a smaller bound")
            if rx.match(""):
                errors.append(f"{where}: pattern matches the empty string")
            s["_file_category"] = doc.get("category")
            try:
                s["_damage"] = damage_model.damage(s, damage_cfg, categories)[0]
            except Exception as e:
                errors.append(f"{where}: damage model: {e!r}")
            s["_rx"] = rx
            sigs.append(s)
    ids = set(seen)
    for s in sigs:
        if s["_file"] not in targets or schema_only:
            continue
        where = f"{s['_file']}: {s['id']}"
        for p in s.get("pairs_with", []):
            if p not in ids:
                errors.append(f"{where}: pairs_with names unknown id {p}")
        for j, ex in enumerate(s.get("examples", [])):
            text = ex if isinstance(ex, str) else ex["text"]
            got = findings(sigs, text, documented)
            mine = [g for g in got if g[0] == s["id"]]
            if not mine:
                errors.append(f"{where}: examples/{j} produced no finding of this id (got {[g[0] for g in got]})")
            elif all(g[2] == "low" and not s.get("generic") for g in mine):
                errors.append(f"{where}: examples/{j} only at low confidence (checksum failed?)")
        for j, ex in enumerate(s.get("negative_examples", [])):
            text = ex if isinstance(ex, str) else ex["text"]
            if any(g[0] == s["id"] for g in findings(sigs, text, documented)):
                errors.append(f"{where}: negative_examples/{j} produced a finding")
    errors = [e for e in errors if any(e.startswith(t) for t in targets)]
    for e in errors:
        print(e)
    print(f"{len(sigs)} signatures, {len(errors)} problems")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
