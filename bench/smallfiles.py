#!/usr/bin/env python3
"""Writes the many-small-files benchmark tree: FILES source-like text files
(default 100,000) of a few hundred bytes to a few KB in nested directories
(DIRS_PER_LEVEL ** 3 leaf directories), deterministic for a given seed.

About one file in 100 holds a generated credential-shaped value (AWS access
key id + secret, GitHub classic token, Slack bot token, Stripe live key, a
Postgres URL with a password): random characters from a seeded PRNG, never
real. Everything else is filler built from a small vocabulary of code,
configuration and prose lines, so the tree looks like a source repository
to a scanner (many keyword hits, few secrets).

    smallfiles.py OUT_DIR [--files N] [--seed S]

OUT_DIR must not exist (bench/smallfiles.sh owns it and the stamp).
"""
import argparse
import os
import random
import string

EXTENSIONS = [".py", ".js", ".ts", ".go", ".java", ".rb", ".yml", ".json", ".md", ".sh", ".env", ".toml"]
WORDS = ("user account token client server request response config cache session handler "
         "service record value index buffer stream parser router model schema query worker "
         "manager result status error timeout retry limit region bucket secret key name path").split()

UPPER_DIGITS = string.ascii_uppercase + string.digits
ALNUM = string.ascii_letters + string.digits
B64 = ALNUM + "+/"


def ident(rng):
    return "_".join(rng.choice(WORDS) for _ in range(rng.randint(1, 3)))


def filler_line(rng, ext):
    a, b, c = ident(rng), ident(rng), ident(rng)
    n = rng.randint(0, 99999)
    if ext in (".py",):
        return rng.choice([
            f"def {a}({b}, {c}=None):", f"    return {b}.get('{c}', {n})", f"# {a} {b} {c}",
            f"{a} = {b}({c})", f"    if {b} is None:", f"        raise ValueError('{a}: {b}')",
            f"import {a.split('_')[0]}", f"    self.{a} = {b}"])
    if ext in (".js", ".ts"):
        return rng.choice([
            f"function {a}({b}, {c}) {{", f"  const {a} = {b}.{c} ?? {n};", "}", f"// {a} {b} {c}",
            f"export const {a} = require('./{b}');", f"  if (!{b}) throw new Error('{a}');",
            f"  return {{ {b}, {c}: {n} }};"])
    if ext in (".go",):
        return rng.choice([
            f"func {a.title().replace('_', '')}({b} string) error {{", f"\t{b} := {c}({n})", "}",
            f"// {a} {b} {c}", f"\tif err != nil {{ return fmt.Errorf(\"{a}: %w\", err) }}"])
    if ext in (".java",):
        return rng.choice([
            f"  public int {b}(String {c}) {{", f"    return {c}.length() + {n};", "  }",
            f"  // {a} {b} {c}", f"  private final String {a} = \"{b}\";"])
    if ext in (".yml",):
        return rng.choice([f"{a}:", f"  {b}: {n}", f"  {c}: \"{b}\"", f"# {a} {b}", f"  - {b}"])
    if ext in (".json",):
        return rng.choice([f'  "{a}": {n},', f'  "{b}": "{c}",', f'  "{c}": true,'])
    if ext in (".env",):
        return rng.choice([f"{a.upper()}={n}", f"{b.upper()}={c}", f"# {a} {b}"])
    if ext in (".toml",):
        return rng.choice([f"[{a}]", f"{b} = {n}", f'{c} = "{b}"'])
    if ext in (".sh",):
        return rng.choice([f'{a.upper()}="${{{b.upper()}:-{n}}}"', f"echo \"{a} {b}\"", f"# {a} {c}"])
    return rng.choice([f"The {a} passes the {b} to the {c}.", f"## {a.replace('_', ' ').title()}",
                       f"- `{b}`: {c} ({n})", ""])


def fake_credential(rng, ext):
    """One generated credential-shaped line (random characters, not real)."""
    kind = rng.randrange(5)
    if kind == 0:
        kid = "AKIA" + "".join(rng.choice(UPPER_DIGITS) for _ in range(16))
        sec = "".join(rng.choice(B64) for _ in range(40))
        return f"AWS_ACCESS_KEY_ID={kid}\nAWS_SECRET_ACCESS_KEY={sec}"
    if kind == 1:
        return "GITHUB_TOKEN=ghp_" + "".join(rng.choice(ALNUM) for _ in range(36))
    if kind == 2:
        digits = lambda k: "".join(rng.choice(string.digits) for _ in range(k))
        tail = "".join(rng.choice(ALNUM) for _ in range(24))
        return f"SLACK_BOT_TOKEN=xoxb-{digits(12)}-{digits(13)}-{tail}"
    if kind == 3:
        return "STRIPE_SECRET_KEY=sk_live_" + "".join(rng.choice(ALNUM) for _ in range(24))
    pw = "".join(rng.choice(ALNUM) for _ in range(20))
    return f"DATABASE_URL=postgres://app_rw:{pw}@db{rng.randint(1, 9)}.internal:5432/app"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--files", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=16)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    per_level = 10  # 10 x 10 x 10 = 1,000 leaf directories, 100 files each
    os.makedirs(args.out)
    secrets = 0
    for i in range(args.files):
        leaf = i % (per_level ** 3)
        d = os.path.join(args.out, f"pkg{leaf // 100:02d}", f"mod{leaf // 10 % 10}", f"part{leaf % 10}")
        if i < per_level ** 3:
            os.makedirs(d, exist_ok=True)
        ext = rng.choice(EXTENSIONS)
        target = int(rng.lognormvariate(6.8, 0.6))  # median ~900 bytes, most 300 B - 3 KB
        target = max(200, min(target, 6000))
        lines, size = [], 0
        while size < target:
            line = filler_line(rng, ext)
            lines.append(line)
            size += len(line) + 1
        if rng.random() < 0.01:
            lines.insert(rng.randrange(len(lines) + 1), fake_credential(rng, ext))
            secrets += 1
        with open(os.path.join(d, f"{ident(rng)}_{i}{ext}"), "w") as f:
            f.write("\n".join(lines) + "\n")
    print(f"smallfiles: {args.files} files, {secrets} with a generated credential, seed {args.seed}")


if __name__ == "__main__":
    main()
