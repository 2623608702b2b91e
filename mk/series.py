#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Generate the patch series from the repository, against the pristine tree.

The pristine tree is imported once into a bare git repository in the cache.
Each patch is the cumulative content of the parts up to it (mk/apply.py's
series_parts()), so a file edited by several patches changes step by step.
Commit messages are mk/series/<part>.txt; the cover letter is
mk/series/cover.txt with the benchmark figures and the rendered man page.

usage: series.py --src TREE --work TREE --cache DIR --out DIR [--bench JSON]
       series.py --materialize GITDIR K DEST   (write the tree of patches 1..K)
"""

import argparse
import json
import os
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import apply  # noqa: E402

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BASE_DATE = "2000-01-01T00:00:00+00:00"


def run(cmd, **kw):
    kw.setdefault("check", True)
    kw.setdefault("capture_output", True)
    kw.setdefault("text", True)
    return subprocess.run(cmd, **kw)


def git(gitdir, *args, env=None, **kw):
    e = dict(os.environ)
    e.update(env or {})
    return run(["git", "--git-dir", gitdir, *args], env=e, **kw).stdout.strip()


def import_pristine(src, gitdir):
    """A bare repository whose branch `base` is the pristine tree."""
    ident = apply.pristine_identity(src)
    stamp = os.path.join(gitdir, "rsc-pristine")
    if os.path.exists(stamp) and open(stamp).read() == ident:
        return git(gitdir, "rev-parse", "refs/heads/base")
    print(f"series: importing {src} into {gitdir} (once)", flush=True)
    shutil.rmtree(gitdir, ignore_errors=True)
    run(["git", "init", "-q", "--bare", gitdir])
    index = os.path.join(gitdir, "rsc-index")
    env = {"GIT_INDEX_FILE": index, "GIT_WORK_TREE": src}
    # -f: a distribution tree may ignore everything (Debian adds "/*").
    git(gitdir, "add", "-A", "-f", "--", ".", ":!.git", env=env, cwd=src)
    tree = git(gitdir, "write-tree", env=env)
    count = len(git(gitdir, "ls-tree", "-r", "--name-only", tree).splitlines())
    if count < 1000:
        sys.exit(f"series: importing {src} gave {count} files: not a kernel tree?")
    version = run(["make", "-s", "-C", src, "kernelversion"]).stdout.strip()
    fixed = {"GIT_AUTHOR_NAME": "Linux", "GIT_AUTHOR_EMAIL": "linux@kernel.org",
             "GIT_COMMITTER_NAME": "Linux", "GIT_COMMITTER_EMAIL": "linux@kernel.org",
             "GIT_AUTHOR_DATE": BASE_DATE, "GIT_COMMITTER_DATE": BASE_DATE}
    base = git(gitdir, "commit-tree", tree, "-m", f"Linux {version}", env=fixed)
    git(gitdir, "update-ref", "refs/heads/base", base)
    os.remove(index)
    with open(stamp, "w") as f:
        f.write(ident)
    return base


ALLOW_ANONYMOUS = False


def identity():
    def cfg(key):
        return run(["git", "-C", REPO, "config", key], check=False).stdout.strip()
    name, email = cfg("user.name"), cfg("user.email")
    if not name or not email:
        if not ALLOW_ANONYMOUS:
            sys.exit("series: set git config user.name and user.email: they sign the patches")
        print("series: warning: no git user.name/user.email; signing as a placeholder "
              "(fine for checks, not for sending)", file=sys.stderr)
        return "rust-syscalls checks", "checks@localhost"
    return name, email


def commit_parts(src, gitdir, base):
    """Commit each part on top of base; return the list of commits."""
    name, email = identity()
    date = run(["git", "-C", REPO, "log", "-1", "--format=%aI"]).stdout.strip()
    env = {"GIT_AUTHOR_NAME": name, "GIT_AUTHOR_EMAIL": email,
           "GIT_COMMITTER_NAME": name, "GIT_COMMITTER_EMAIL": email,
           "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date,
           "GIT_INDEX_FILE": os.path.join(gitdir, "rsc-series-index")}
    commits, prev, prev_files = [], base, {}
    parts = apply.series_parts(src)
    for i, part in enumerate(parts):
        files = apply.compute(src, REPO, test=False, parts=parts[:i + 1])
        git(gitdir, "read-tree", prev, env=env)
        for rel, data in sorted(files.items()):
            if prev_files.get(rel) == data:
                continue
            sha = run(["git", "--git-dir", gitdir, "hash-object", "-w", "--stdin"],
                      input=data.decode()).stdout.strip()
            git(gitdir, "update-index", "--add", "--cacheinfo", f"100644,{sha},{rel}", env=env)
        tree = git(gitdir, "write-tree", env=env)
        msg = open(os.path.join(REPO, "mk", "series", f"{part}.txt")).read().strip()
        msg += f"\n\nSigned-off-by: {name} <{email}>\n"
        prev = git(gitdir, "commit-tree", tree, "-p", prev, "-m", msg, env=env)
        commits.append(prev)
        prev_files = files
    git(gitdir, "update-ref", "refs/heads/series", prev)
    return commits


def render_man():
    page = os.path.join(REPO, "Documentation", "man", "readfile.2")
    env = dict(os.environ, MANWIDTH="72")
    out = run(["man", "-l", "-E", "ascii", page], env=env).stdout
    return run(["col", "-bx"], input=out).stdout


def bench_text(path):
    if not path or not os.path.exists(path):
        return "(run `make bench` to fill in the figures)\n"
    b = json.load(open(path))
    lines = [
        "Time per file in guest instructions (QEMU TCG, -icount shift=0, so",
        "runs repeat exactly; x86_64, 2 vCPUs). Fastest of "
        f"{b['rounds']} blocks of calls.",
        "",
        "  file    lookup    readfile  open+read+close  speedup  syscalls",
    ]
    for f in b["files"]:
        sp = f["open_read_close_ns"] / f["readfile_ns"]
        lines.append(f"  {f['fs']:7} {f['lookup']:8} {f['readfile_ns']:9.0f} "
                     f"{f['open_read_close_ns']:16.0f} {sp:7.3f}x  "
                     f"{f['syscalls_readfile']} vs {f['syscalls_open_read_close']}")
    lines += ["", "Where readfile()'s time goes (path walk / open+close / read):", ""]
    for f in b["files"]:
        walk, oc = f["stat_ns"], f["readfile_bufsize0_ns"]
        lines.append(f"  {f['fs']:7} {f['lookup']:8} {walk:6.0f} / {oc - walk:5.0f} / "
                     f"{f['readfile_ns'] - oc:6.0f}")
    return "\n".join(lines) + "\n"


def cover_letter(path, work, bench):
    text = open(os.path.join(REPO, "mk", "series", "cover.txt")).read()
    subject, body = text.split("\n", 1)
    body = body.strip("\n") + "\n"
    body = body.replace("@BENCH@", bench_text(bench).rstrip("\n"))
    body = body.replace("@MANPAGE@", render_man())
    cover = open(path).read()
    cover = cover.replace("*** SUBJECT HERE ***", subject)
    cover = cover.replace("*** BLURB HERE ***", body.rstrip("\n"))
    # Recipients from get_maintainer.pl, run in the patched tree.
    patches = sorted(p for p in os.listdir(os.path.dirname(path))
                     if p.endswith(".patch") and not p.startswith("0000"))
    cc = run(["perl", os.path.join(work, "scripts", "get_maintainer.pl"), "--no-git",
              "--no-git-fallback", "--no-rolestats", "--no-keywords", "--m", "--r", "--l"]
             + [os.path.join(os.path.dirname(path), p) for p in patches],
             cwd=work, check=False).stdout.strip().splitlines()
    heads = "".join(f"Cc: {c}\n" for c in cc if c)
    cover = cover.replace("\n\n", "\n" + heads + "\n", 1) if heads else cover
    with open(path, "w") as f:
        f.write(cover)
    return cc


def materialize(gitdir, k, dest):
    """Write the tree of the first k patches into dest, touching only changed files."""
    base = git(gitdir, "rev-parse", "refs/heads/base")
    commits = git(gitdir, "rev-list", "--reverse", f"{base}..refs/heads/series").split()
    if not 1 <= k <= len(commits):
        sys.exit(f"series: no prefix {k} (the series has {len(commits)} patches)")
    commit = commits[k - 1]
    in_prefix = set(git(gitdir, "diff", "--name-only", base, commit).splitlines())
    in_base = set(git(gitdir, "ls-tree", "-r", "--name-only", base).splitlines())
    changed = 0
    for rel in git(gitdir, "diff", "--name-only", base, commits[-1]).splitlines():
        path = os.path.join(dest, rel)
        if rel in in_prefix or rel in in_base:
            rev = commit if rel in in_prefix else base
            data = run(["git", "--git-dir", gitdir, "show", f"{rev}:{rel}"],
                       text=False).stdout
            changed += apply.write_if_changed(path, data)
        elif os.path.exists(path):
            os.remove(path)
            changed += 1
    print(f"series: prefix 1-{k} in {dest} ({changed} files written)")


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "--materialize":
        materialize(sys.argv[2], int(sys.argv[3]), sys.argv[4])
        return
    ap = argparse.ArgumentParser(description="generate the patch series")
    ap.add_argument("--src", required=True)
    ap.add_argument("--work", required=True, help="patched work tree (for get_maintainer.pl)")
    ap.add_argument("--cache", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--bench")
    ap.add_argument("--allow-anonymous", action="store_true",
                    help="sign with a placeholder when git has no identity (for checks)")
    a = ap.parse_args()
    global ALLOW_ANONYMOUS
    ALLOW_ANONYMOUS = a.allow_anonymous

    gitdir = os.path.join(a.cache, "series.git")
    base = import_pristine(a.src, gitdir)
    commits = commit_parts(a.src, gitdir, base)
    shutil.rmtree(a.out, ignore_errors=True)
    os.makedirs(a.out)
    git(gitdir, "format-patch", "-q", "--cover-letter", "--thread", f"--base={base}",
        "-o", a.out, f"{base}..{commits[-1]}")
    cover = os.path.join(a.out, sorted(os.listdir(a.out))[0])
    cc = cover_letter(cover, a.work, a.bench)
    with open(os.path.join(a.out, "base"), "w") as f:
        f.write(base + "\n")
    print(f"series: {len(commits)} patches and a cover letter in {a.out}")
    for p in sorted(os.listdir(a.out)):
        if p.endswith(".patch"):
            print(f"  {p}")
    print(f"series: Cc from get_maintainer.pl: {', '.join(cc) if cc else '(none)'}")


if __name__ == "__main__":
    main()
