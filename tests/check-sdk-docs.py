#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""The SDK headers document everything they declare, and say since when.

For every function (exported or static inline), type and public macro of the installed
headers there must be a gtk-doc block right above it ("/**" then " * name:") with a
"Since: MAJOR.MINOR" line; a function's block names each parameter ("@param:") and, unless it
returns void, has "Returns:"; an enum's names each value, a struct's each field.  The Since of
an exported function must be the version node of core/nfdhcpd.ver that lists it (NFD_1.0 ->
1.0), and nothing may be newer than the SDK version in meson.build.

usage: check-sdk-docs.py HEADER_DIR VERSION_SCRIPT|- MESON_BUILD   (prints TAP)
       check-sdk-docs.py --self-test FIXTURE_DIR                   (the checker can fail)
"""
import os
import re
import sys

DOC_RE = re.compile(r"/\*\*\n(.*?)\*/", re.S)
SINCE_RE = re.compile(r"^Since: (\d+)\.(\d+)\s*$", re.M)


def strip_comments(text):
    return re.sub(r"/\*.*?\*/", lambda m: "\n" * m.group(0).count("\n"), text, flags=re.S)


def doc_blocks(text):
    """name -> (body, end offset) of every gtk-doc block"""
    blocks = {}
    for m in DOC_RE.finditer(text):
        body = "\n".join(re.sub(r"^\s*\* ?", "", line) for line in m.group(1).splitlines())
        first = body.strip().splitlines()[0] if body.strip() else ""
        name = first.rstrip(":").strip() if first.endswith(":") else None
        if name:
            blocks[name] = (body, m.end())
    return blocks


def split_params(params):
    """parameter names of a C parameter list"""
    params = params.strip()
    if params in ("", "void"):
        return []
    out = []
    depth = 0
    cur = ""
    for ch in params:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        if ch == "," and depth == 0:
            out.append(cur)
            cur = ""
        else:
            cur += ch
    out.append(cur)
    names = []
    for p in out:
        p = p.strip()
        if p == "...":
            names.append("...")
            continue
        m = re.search(r"\(\s*\*\s*(\w+)\s*\)", p)  # function pointer parameter
        if m is None:
            m = re.search(r"(\w+)\s*(\[[^\]]*\])?\s*$", p)
        names.append(m.group(1))
    return names


def declarations(text):
    """(kind, name, details) for every declaration in a header"""
    code = strip_comments(text)
    decls = []
    # functions: a return type line, then name(params); or static inline ones
    for m in re.finditer(
        r"^((?:static inline )?[A-Za-z_][\w \*]*?)\s*\n(nfd_\w+)\(([^;{]*?)\)\s*(?:G_GNUC_\w+\([^)]*\)\s*)?([;{])",
        code,
        re.M | re.S,
    ):
        ret, name, params = m.group(1).strip(), m.group(2), m.group(3)
        kind = "inline" if ret.startswith("static inline") else "function"
        ret = ret.replace("static inline", "").strip()
        decls.append((kind, name, {"params": split_params(params), "void": ret == "void"}))
    # function pointer typedefs
    for m in re.finditer(r"typedef\s+[\w\s\*]+\(\s*\*\s*(\w+)\s*\)\s*\(([^;]*?)\)\s*;", code, re.S):
        ret = re.match(r"typedef\s+([\w\s\*]+?)\s*\(", m.group(0)).group(1).strip()
        decls.append(("callback", m.group(1), {"params": split_params(m.group(2)), "void": ret == "void"}))
    # enums and structs with a body
    for m in re.finditer(r"typedef\s+(enum|struct)\s*\{(.*?)\}\s*(\w+)\s*;", code, re.S):
        kind, body, name = m.group(1), m.group(2), m.group(3)
        if kind == "enum":
            members = re.findall(r"^\s*(\w+)\s*(?:=[^,\n]*)?,?\s*$", body, re.M)
        else:
            members = []
            for line in re.split(r";", body):
                line = " ".join(line.split())
                if not line:
                    continue
                fp = re.search(r"\(\s*\*\s*(\w+)\s*\)", line)
                if fp:
                    members.append(fp.group(1))
                else:
                    members.append(re.search(r"(\w+)\s*(\[[^\]]*\])?\s*$", line).group(1))
        decls.append((kind, name, {"members": members}))
    # opaque types
    for m in re.finditer(r"typedef\s+struct\s+_\w+\s+(\w+)\s*;", code):
        decls.append(("opaque", m.group(1), {}))
    # public macros: NFD_* not ending in '_' (those are the headers' own helpers)
    for m in re.finditer(r"^#define\s+(NFD_\w+)", code, re.M):
        if not m.group(1).endswith("_"):
            decls.append(("macro", m.group(1), {}))
    return decls


def version_nodes(path):
    """function -> "MAJOR.MINOR" of the node of the version script that lists it"""
    text = strip_comments(open(path).read())
    out = {}
    for m in re.finditer(r"NFD_(\d+)\.(\d+)\s*\{(.*?)\}", text, re.S):
        for sym in re.findall(r"^\s*(nfd_\w+)\s*;", m.group(3), re.M):
            out[sym] = "%s.%s" % (m.group(1), m.group(2))
    return out


def sdk_version(meson_build):
    text = open(meson_build).read()
    major = re.search(r"^api_major\s*=\s*(\d+)", text, re.M).group(1)
    minor = re.search(r"^api_minor\s*=\s*(\d+)", text, re.M).group(1)
    return (int(major), int(minor))


def check(header_dir, nodes, newest):
    """list of (ok, message)"""
    results = []
    for fn in sorted(os.listdir(header_dir)):
        if not (fn.endswith(".h") or fn.endswith(".h.in")):
            continue
        text = open(os.path.join(header_dir, fn)).read()
        blocks = doc_blocks(text)
        for kind, name, info in declarations(text):
            where = "%s: %s %s" % (fn, kind, name)
            problems = []
            if name not in blocks:
                results.append((False, "%s has no doc block" % where))
                continue
            body = blocks[name][0]
            since = SINCE_RE.search(body)
            if since is None:
                problems.append("no 'Since: X.Y'")
            else:
                version = (int(since.group(1)), int(since.group(2)))
                if version > newest:
                    problems.append("Since %d.%d is newer than the SDK %d.%d" % (version + newest))
                if kind == "function" and nodes is not None:
                    listed = nodes.get(name)
                    if listed is None:
                        problems.append("not in the version script")
                    elif listed != "%d.%d" % version:
                        problems.append("Since %d.%d but listed in NFD_%s" % (version + (listed,)))
            for p in info.get("params", []):
                if p == "...":
                    p = "..."
                if not re.search(r"^@%s:" % re.escape(p), body, re.M):
                    problems.append("parameter '%s' not documented" % p)
            if kind in ("function", "inline", "callback") and not info["void"]:
                if not re.search(r"^Returns:", body, re.M):
                    problems.append("no 'Returns:'")
            for member in info.get("members", []):
                if not re.search(r"^@%s:" % re.escape(member), body, re.M):
                    problems.append("'%s' not documented" % member)
            if problems:
                results.append((False, "%s: %s" % (where, "; ".join(problems))))
            else:
                results.append((True, "%s documented, since %s.%s" % (where, since.group(1), since.group(2))))
    return results


def tap(results):
    n = 0
    for ok, msg in results:
        n += 1
        print("%s %d - %s" % ("ok" if ok else "not ok", n, msg))
    print("1..%d" % n)
    return 0 if results and all(ok for ok, _ in results) else 1


def self_test(fixtures):
    """the good fixture passes; each bad one fails, for the reason its name gives"""
    results = []
    nodes = version_nodes(os.path.join(fixtures, "fixture.ver"))
    for case in sorted(os.listdir(fixtures)):
        path = os.path.join(fixtures, case)
        if not os.path.isdir(path):
            continue
        got = check(path, nodes, (1, 0))
        failed = [msg for ok, msg in got if not ok]
        if case == "good":
            results.append((not failed and len(got) > 0, "the good fixture passes (%d checks)" % len(got)))
            for msg in failed:
                results.append((False, "unexpected: " + msg))
            continue
        want = open(os.path.join(path, "EXPECT")).read().strip()
        hit = [msg for msg in failed if want in msg]
        results.append((len(hit) == 1, "fixture %s fails: %s" % (case, hit[0] if hit else "NOT: " + want)))
    return tap(results)


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--self-test":
        return self_test(sys.argv[2])
    if len(sys.argv) != 4:
        sys.stderr.write(__doc__)
        return 2
    header_dir, ver, meson_build = sys.argv[1:]
    # "-": a static library's header (the test kit), no version script to agree with
    nodes = None if ver == "-" else version_nodes(ver)
    return tap(check(header_dir, nodes, sdk_version(meson_build)))


if __name__ == "__main__":
    sys.exit(main())
