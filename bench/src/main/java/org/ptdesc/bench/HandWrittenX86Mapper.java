package org.ptdesc.bench;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import org.ptdesc.runtime.MapOutcome;
import org.ptdesc.runtime.PhysicalMemory;
import org.ptdesc.runtime.TableAllocator;
import org.ptdesc.runtime.TreeInfo;
import org.ptdesc.runtime.TreeMapper;

/**
 * The bar for the generated x86-64 mapper: map and unmap written by hand for 4-level paging
 * the way a kernel writes them (one function per level, as Linux's {@code pte/pmd/pud/p4d}
 * range functions), reading and writing the segment directly as {@link HandWrittenX86Walker}
 * does. Same semantics as the mapper generated from {@code x86_64.ptdesc}: the largest page
 * alignment allows (or a given size), tables written as P|RW|US|A|D, leaves as P|A|D with R/W,
 * U/S, XD and G from the attribute word (bits 0..3: writable, user, nx, global), conflicts
 * reported, unmap splitting superpages and freeing tables it empties. It writes the same bytes
 * (checked by a test). Protect is not written: the benchmark does not need it.
 */
final class HandWrittenX86Mapper implements TreeMapper {

    private static final ValueLayout.OfLong ENTRY = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final long P = 1;
    private static final long PS = 1L << 7;
    private static final long TABLE = 0x67;           // P | RW | US | A | D
    private static final long ADDRESS = 0x000f_ffff_ffff_f000L;
    private static final long LOW_LAST = 0x7fff_ffff_ffffL;
    private static final long HIGH_FIRST = 0xffff_8000_0000_0000L;

    private final MemorySegment segment;
    private final TreeInfo info;

    HandWrittenX86Mapper(MemorySegment segment, TreeInfo info) {
        this.segment = segment;
        this.info = info;
    }

    @Override
    public TreeInfo info() {
        return info;
    }

    @Override
    public long pageSizes() {
        return (1L << 12) | (1L << 21) | (1L << 30);
    }

    @Override
    public long newRoot(PhysicalMemory mem, int root, TableAllocator tables) {
        long pa = tables.allocate(4096, 4096);
        return pa == TableAllocator.NO_MEMORY || (pa & ~ADDRESS) != 0 ? NO_ROOT : pa;
    }

    private static long leaf(long pa, long attributes) {
        return pa | P | 0x60 | (attributes & 1) << 1 | (attributes >>> 1 & 1) << 2 | (attributes >>> 3 & 1) << 8
                | (attributes >>> 2 & 1) << 63;
    }

    private static long word(long entry) {
        return (entry >>> 1 & 1) | (entry >>> 2 & 1) << 1 | (entry >>> 63) << 2 | (entry >>> 8 & 1) << 3;
    }

    private long read(long pa) {
        return segment.get(ENTRY, pa);
    }

    private void write(long pa, long value) {
        segment.set(ENTRY, pa, value);
    }

    private static boolean canonicalRange(long first, long last) {
        return Long.compareUnsigned(first, last) <= 0
                && (Long.compareUnsigned(last, LOW_LAST) <= 0 || Long.compareUnsigned(first, HIGH_FIRST) >= 0);
    }

    @Override
    public MapOutcome map(PhysicalMemory mem, long[] roots, long va, long pa, long size, long attributes,
            long pageSize, int flags, TableAllocator tables) {
        if (roots.length != 1) {
            throw new IllegalArgumentException("x86_64 has one root");
        }
        if ((attributes & ~0xfL) != 0) {
            return MapOutcome.failed(MapOutcome.Kind.NOT_ENCODABLE.ordinal(), va, -1, 0);
        }
        long smallest = pageSize == 0 ? 4096 : pageSize;
        if (size == 0 || ((va | pa | size) & (smallest - 1)) != 0) {
            return MapOutcome.failed(MapOutcome.Kind.MISALIGNED.ordinal(), va, -1, 0);
        }
        long last = va + size - 1;
        if (!canonicalRange(va, last)) {
            return MapOutcome.failed(MapOutcome.Kind.OUT_OF_RANGE.ordinal(), va, -1, 0);
        }
        if ((flags & REPLACE) != 0) {
            MapOutcome o = unmap(mem, roots, va, size, tables);
            if (!o.ok()) {
                return o;
            }
        }
        return mapPml4(roots[0] & ADDRESS, va, last, pa - va, attributes, pageSize, tables);
    }

    private MapOutcome mapPml4(long table, long first, long last, long delta, long attrs, long pageSize,
            TableAllocator tables) {
        for (long s = first; ; ) {
            long end = (s | ((1L << 39) - 1));
            long t = Long.compareUnsigned(last, end) <= 0 ? last : end;
            long at = table + ((s >>> 39) & 511) * 8;
            long e = read(at);
            long next;
            if ((e & P) == 0) {
                next = newTable(at, tables);
                if (next < 0) {
                    return MapOutcome.failed((next == -1 ? MapOutcome.Kind.NO_MEMORY : MapOutcome.Kind.NOT_ENCODABLE).ordinal(), s, 0, 0);
                }
            } else {
                next = e & ADDRESS;
            }
            MapOutcome o = mapPdpt(next, s, t, delta, attrs, pageSize, tables);
            if (o != MapOutcome.OK) {
                return o;
            }
            if (t == last) {
                return MapOutcome.OK;
            }
            s = t + 1;
        }
    }

    private MapOutcome mapPdpt(long table, long first, long last, long delta, long attrs, long pageSize,
            TableAllocator tables) {
        return mapMiddle(1, 30, table, first, last, delta, attrs, pageSize, tables);
    }

    private MapOutcome mapMiddle(int level, int shift, long table, long first, long last, long delta, long attrs,
            long pageSize, TableAllocator tables) {
        long span = 1L << shift;
        for (long s = first; ; ) {
            long start = s & -span;
            long t = Long.compareUnsigned(last, start + span - 1) <= 0 ? last : start + span - 1;
            long at = table + ((s >>> shift) & 511) * 8;
            long e = read(at);
            if ((pageSize == 0 || pageSize == span) && s == start && t == start + span - 1 && ((s + delta) & (span - 1)) == 0) {
                if ((e & P) != 0) {
                    return MapOutcome.failed(MapOutcome.Kind.CONFLICT.ordinal(), s, level, e);
                }
                write(at, leaf(s + delta, attrs) | PS);
            } else {
                long next;
                if ((e & P) == 0) {
                    next = newTable(at, tables);
                    if (next < 0) {
                        return MapOutcome.failed((next == -1 ? MapOutcome.Kind.NO_MEMORY : MapOutcome.Kind.NOT_ENCODABLE).ordinal(), s, level, 0);
                    }
                } else if ((e & PS) != 0) {
                    return MapOutcome.failed(MapOutcome.Kind.CONFLICT.ordinal(), s, level, e);
                } else {
                    next = e & ADDRESS;
                }
                MapOutcome o = level == 1 ? mapMiddle(2, 21, next, s, t, delta, attrs, pageSize, tables)
                        : mapPt(next, s, t, delta, attrs, tables);
                if (o != MapOutcome.OK) {
                    return o;
                }
            }
            if (t == last) {
                return MapOutcome.OK;
            }
            s = t + 1;
        }
    }

    private MapOutcome mapPt(long table, long first, long last, long delta, long attrs, TableAllocator tables) {
        long template = leaf(0, attrs);
        for (long s = first; ; s += 4096) {
            long at = table + ((s >>> 12) & 511) * 8;
            long e = read(at);
            if ((e & P) != 0) {
                return MapOutcome.failed(MapOutcome.Kind.CONFLICT.ordinal(), s, 3, e);
            }
            write(at, template | (s + delta));
            if (s + 4095 == last) {
                return MapOutcome.OK;
            }
        }
    }

    private long newTable(long at, TableAllocator tables) {
        long next = tables.allocate(4096, 4096);
        if (next == TableAllocator.NO_MEMORY) {
            return -1;
        }
        if ((next & ~ADDRESS) != 0) {
            tables.free(next, 4096);
            return -2;
        }
        write(at, next | TABLE);
        return next;
    }

    @Override
    public MapOutcome unmap(PhysicalMemory mem, long[] roots, long va, long size, TableAllocator tables) {
        long last = va + size - 1;
        if (size == 0) {
            return MapOutcome.failed(MapOutcome.Kind.MISALIGNED.ordinal(), va, -1, 0);
        }
        if (!canonicalRange(va, last)) {
            return MapOutcome.failed(MapOutcome.Kind.OUT_OF_RANGE.ordinal(), va, -1, 0);
        }
        return unmapLevel(0, roots[0] & ADDRESS, va, last, tables);
    }

    private static final int[] SHIFTS = {39, 30, 21, 12};

    private MapOutcome unmapLevel(int level, long table, long first, long last, TableAllocator tables) {
        int shift = SHIFTS[level];
        long span = 1L << shift;
        for (long s = first; ; ) {
            long start = s & -span;
            long t = Long.compareUnsigned(last, start + span - 1) <= 0 ? last : start + span - 1;
            long at = table + ((s >>> shift) & 511) * 8;
            long e = read(at);
            if ((e & P) != 0) {
                boolean isLeaf = level == 3 || (level > 0 && (e & PS) != 0);
                long next;
                if (isLeaf && s == start && t == start + span - 1) {
                    write(at, 0);
                    next = -1;
                } else if (isLeaf) {
                    if (level == 3) {
                        return MapOutcome.failed(MapOutcome.Kind.NOT_ENCODABLE.ordinal(), s, level, e);
                    }
                    next = split(level, at, e, tables);
                    if (next < 0) {
                        return MapOutcome.failed((next == -1 ? MapOutcome.Kind.NO_MEMORY : MapOutcome.Kind.NOT_ENCODABLE).ordinal(), s, level, e);
                    }
                } else {
                    next = e & ADDRESS;
                }
                if (next >= 0) {
                    MapOutcome o = unmapLevel(level + 1, next, s, t, tables);
                    if (o != MapOutcome.OK) {
                        return o;
                    }
                    if (empty(next)) {
                        write(at, 0);
                        tables.free(next, 4096);
                    }
                }
            }
            if (t == last) {
                return MapOutcome.OK;
            }
            s = t + 1;
        }
    }

    private long split(int level, long at, long e, TableAllocator tables) {
        long pa = level == 1 ? e & 0x000f_ffff_c000_0000L : e & 0x000f_ffff_ffe0_0000L;
        long attrs = word(e);
        long next = newTable(at, tables);
        if (next < 0) {
            return next;
        }
        long span = 1L << SHIFTS[level + 1];
        long ps = level + 1 == 3 ? 0 : PS;
        for (int i = 0; i < 512; i++) {
            write(next + i * 8L, leaf(pa + i * span, attrs) | ps);
        }
        return next;
    }

    private boolean empty(long table) {
        for (int i = 0; i < 512; i++) {
            if ((read(table + i * 8L) & P) != 0) {
                return false;
            }
        }
        return true;
    }

    @Override
    public MapOutcome protect(PhysicalMemory mem, long[] roots, long va, long size, long attributes,
            TableAllocator tables) {
        throw new UnsupportedOperationException("the benchmark's hand-written mapper maps and unmaps only");
    }
}
