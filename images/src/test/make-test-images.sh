#!/bin/sh
# Remakes the test images in resources/org/ptdesc/images/ with the distribution's tools
# (Debian 12: apt-get install qemu-system-x86 makedumpfile python3 gzip zstd).
# Not run by the build. Usage: sh images/src/test/make-test-images.sh
set -eu
out=$(cd "$(dirname "$0")" && pwd)/resources/org/ptdesc/images
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# 8 pages loaded at 0x100000: x86-64 tables mapping VA 0..0x3fff to the data pages, then
# two text pages (compressible), one random page (stored uncompressed) and one zero page.
python3 - "$work/tables.bin" <<'PY'
import random, struct, sys
page = 4096
img = bytearray(8 * page)
def entry(table, index, value):
    struct.pack_into('<Q', img, table * page + index * 8, value)
entry(0, 0, 0x101003)                       # PML4[0] -> PDPT
entry(1, 0, 0x102003)                       # PDPT[0] -> PD
entry(2, 0, 0x103003); entry(2, 1, 0x200083)  # PD[0] -> PT, PD[1] 2 MiB leaf
for i, pa in enumerate([0x104003, 0x105003, 0x106003, 0x107003]):
    entry(3, i, pa)                          # PT[0..3] -> data pages
def text(n):
    return b''.join(b'ptdesc kdump test page %d, line %04d\n' % (n, k) for k in range(200))[:page]
img[4 * page:5 * page] = text(4)
rng = random.Random(13)
img[5 * page:6 * page] = bytes(rng.getrandbits(8) for _ in range(page))
img[7 * page:8 * page] = text(7)
open(sys.argv[1], 'wb').write(img)
PY
head -c 65536 /dev/zero > "$work/bios.bin"   # a blank 64 KiB BIOS: the machine never runs

# A stopped 2 MiB PC with no OS: dump it as an ELF core and in QEMU's kdump-zlib
# (flattened) format. Debian's QEMU 7.2 is built without LZO and Snappy for dumps.
printf 'dump-guest-memory %s\ndump-guest-memory -z %s\nquit\n' "$work/qemu.elf" "$work/qemu-zlib.flat" |
    qemu-system-x86_64 -M pc -m 2 -nodefaults -display none -S -bios "$work/bios.bin" \
        -device loader,file="$work/tables.bin",addr=0x100000,force-raw=on -monitor stdio >/dev/null

# makedumpfile rearranges the flattened stream into a plain kdump-compressed file.
makedumpfile -R "$work/qemu-zlib.kdump" < "$work/qemu-zlib.flat" >/dev/null

gzip -9n -c "$work/qemu.elf" > "$out/qemu.elf.gz"
gzip -9n -c "$work/qemu-zlib.flat" > "$out/qemu-zlib.flat.gz"
gzip -9n -c "$work/qemu-zlib.kdump" > "$out/qemu-zlib.kdump.gz"

# Single pages compressed by the reference tools, for the decoders that no dump here uses.
dd if="$work/tables.bin" of="$work/page4" bs=4096 skip=4 count=1 2>/dev/null
cp "$work/page4" "$out/page4.bin"
zstd -q -19 --no-check -c "$work/page4" > "$out/page4.zst"
qemu-system-x86_64 --version | head -1 > "$out/tool-versions.txt"
makedumpfile -v 2>&1 | head -1 >> "$out/tool-versions.txt"
zstd --version >> "$out/tool-versions.txt"
