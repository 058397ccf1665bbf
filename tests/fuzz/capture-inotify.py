#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
# Captures real inotify read() buffers, as the directory binding backend receives them, for
# the unit tests of bindings-backends/directory/nfd-inotify-walk.c
# (bindings-backends/directory/tests/data/inotify/) and the seed corpus of fuzz-inotify
# (tests/fuzz/corpus/inotify/).  The watch has the backend's mask; the directory is a fresh
# one under $TMPDIR, removed afterwards.  What a VM manager's hooks do is done to it: a file
# written in place, one written aside and renamed over, removals, a subdirectory, names of
# 1 and 255 octets, editor files, 17000 files at once (IN_Q_OVERFLOW with the default
# fs.inotify.max_queued_events of 16384), and the directory renamed away and removed.
# Hand-made edge cases derived from the captures go to the corpus too (hand-*.bin).
# Run from the source root: tests/fuzz/capture-inotify.py [--edge-cases: those only]
import ctypes
import os
import select
import shutil
import struct
import sys
import tempfile

SRC = os.path.dirname(os.path.abspath(__file__)) + "/../.."
DATA = SRC + "/bindings-backends/directory/tests/data/inotify"
CORPUS = SRC + "/tests/fuzz/corpus/inotify"

IN_CLOSE_WRITE, IN_MOVED_FROM, IN_MOVED_TO = 0x8, 0x40, 0x80
IN_DELETE, IN_DELETE_SELF, IN_MOVE_SELF = 0x200, 0x400, 0x800
IN_Q_OVERFLOW, IN_IGNORED, IN_ISDIR = 0x4000, 0x8000, 0x40000000
IN_ONLYDIR, IN_EXCL_UNLINK = 0x1000000, 0x4000000
IN_NONBLOCK, IN_CLOEXEC = 0o4000, 0o2000000
# NFD_BINDING_DIRECTORY_MASK
MASK = (IN_CLOSE_WRITE | IN_MOVED_TO | IN_DELETE | IN_MOVED_FROM | IN_DELETE_SELF |
        IN_MOVE_SELF | IN_Q_OVERFLOW | IN_ONLYDIR | IN_EXCL_UNLINK)

libc = ctypes.CDLL(None, use_errno=True)


def save(name, data, corpus_only=False):
    for d in (CORPUS,) if corpus_only else (DATA, CORPUS):
        with open(os.path.join(d, name), "wb") as f:
            f.write(data)
    print("%s: %d octets" % (name, len(data)))


def read_all(fd):
    """every buffer read() gives until the queue is quiet for 0.2 s (64 KiB, as the backend)"""
    out = []
    while select.select([fd], [], [], 0.2)[0]:
        out.append(os.read(fd, 65536))
    return out


def write(path, text="IP=198.51.100.10\nMAC=52:54:00:00:00:07\n"):
    with open(path, "w") as f:
        f.write(text)


def capture():
    top = tempfile.mkdtemp(prefix="nfd-inotify-capture.")
    try:
        d = os.path.join(top, "bindings")
        os.mkdir(d)
        fd = libc.inotify_init1(IN_NONBLOCK | IN_CLOEXEC)
        assert fd >= 0, os.strerror(ctypes.get_errno())
        assert libc.inotify_add_watch(fd, d.encode(), MASK) >= 0

        write(os.path.join(d, "tap7"))
        save("close-write.bin", b"".join(read_all(fd)))
        write(os.path.join(d, "tap8.tmp"))
        os.rename(os.path.join(d, "tap8.tmp"), os.path.join(d, "tap8"))
        save("rename-over.bin", b"".join(read_all(fd)))
        os.unlink(os.path.join(d, "tap7"))
        save("delete.bin", b"".join(read_all(fd)))
        # "rm -f tap8; cat > tap8" in one read(): the backend coalesces them
        os.unlink(os.path.join(d, "tap8"))
        write(os.path.join(d, "tap8"))
        save("delete-rewrite.bin", b"".join(read_all(fd)))
        os.mkdir(os.path.join(d, "sub"))
        os.rename(os.path.join(d, "sub"), os.path.join(d, "sub2"))
        os.rmdir(os.path.join(d, "sub2"))
        save("subdir.bin", b"".join(read_all(fd)))
        write(os.path.join(d, "t"))
        write(os.path.join(d, "t" * 255))
        save("name-lengths.bin", b"".join(read_all(fd)))
        write(os.path.join(d, ".tap9.swp"))
        write(os.path.join(d, "tap9~"))
        write(os.path.join(d, "#tap9#"))
        write(os.path.join(d, "tap9.dpkg-new"))
        save("editor-files.bin", b"".join(read_all(fd)))

        # more events than the queue holds: the last buffer ends with IN_Q_OVERFLOW
        for i in range(17000):
            write(os.path.join(d, "tap%d" % i), "")
        bufs = read_all(fd)
        save("overflow-last.bin", bufs[-1])
        for name in os.listdir(d):
            os.unlink(os.path.join(d, name))
        read_all(fd)

        os.rename(d, os.path.join(top, "moved"))
        save("move-self.bin", b"".join(read_all(fd)))
        os.rmdir(os.path.join(top, "moved"))
        save("delete-self.bin", b"".join(read_all(fd)))
        os.close(fd)
    finally:
        shutil.rmtree(top)


def record(wd, mask, cookie, name, length=None):
    n = len(name) if length is None else length
    return struct.pack("=iIII", wd, mask, cookie, n) + name


def edge_cases():
    """malformed and unusual buffers around the captured ones"""
    with open(os.path.join(DATA, "rename-over.bin"), "rb") as f:
        rename = f.read()
    tap = b"tap7" + b"\0" * 12
    save("hand-header-only.bin", record(1, IN_CLOSE_WRITE, 0, b""), True)
    save("hand-short-header.bin", rename[:15], True)
    save("hand-cut-in-name.bin", rename[:20], True)
    save("hand-name-past-end.bin", record(1, IN_CLOSE_WRITE, 0, tap, 17), True)
    save("hand-name-len-huge.bin", record(1, IN_CLOSE_WRITE, 0, tap, 0xFFFFFFF0) + tap, True)
    save("hand-name-unterminated.bin", record(1, IN_CLOSE_WRITE, 0, b"tap7" * 4), True)
    save("hand-name-empty.bin", record(1, IN_DELETE, 0, b"\0" * 16), True)
    save("hand-name-unpadded.bin", record(1, IN_CLOSE_WRITE, 0, b"tap7\0"), True)
    save("hand-name-nul-inside.bin", record(1, IN_MOVED_TO, 0, b"ta\0p7\0\0\0"), True)
    save("hand-other-wd.bin", record(2, IN_CLOSE_WRITE, 0, tap) + rename, True)
    save("hand-overflow-only.bin", record(-1, IN_Q_OVERFLOW, 0, b""), True)
    save("hand-overflow-and-lost.bin", record(-1, IN_Q_OVERFLOW, 0, b"") +
         record(1, IN_DELETE_SELF, 0, b"") + record(1, IN_IGNORED, 0, b""), True)
    save("hand-isdir-close-write.bin", record(1, IN_CLOSE_WRITE | IN_ISDIR, 0, tap), True)
    save("hand-all-bits.bin", record(1, 0xFFFFFFFF, 0xFFFFFFFF, tap), True)
    save("hand-slash-and-dots.bin", record(1, IN_MOVED_TO, 0, b"../x\0\0\0\0") +
         record(1, IN_MOVED_TO, 0, b".\0\0\0") + record(1, IN_MOVED_TO, 0, b"a/b\0"), True)


def main():
    os.makedirs(DATA, exist_ok=True)
    os.makedirs(CORPUS, exist_ok=True)
    if "--edge-cases" not in sys.argv:
        capture()
    edge_cases()


if __name__ == "__main__":
    main()
