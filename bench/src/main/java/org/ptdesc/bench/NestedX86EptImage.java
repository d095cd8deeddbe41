package org.ptdesc.bench;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import org.ptdesc.runtime.PhysicalMemory;

/**
 * A guest's x86-64 tree ({@link X86TreeImage}) under Intel EPT, in one host memory: EPT tables
 * from host physical {@code 0x1000}, then the guest's image copied at {@link #guestBase()}.
 * EPT maps the guest's tables (guest physical {@code 0 ..} the guest image's size) to that copy,
 * and the guest's data pages ({@link X86TreeImage#DATA_BASE} ..) one to one, all with 4 KiB EPT
 * pages (memory type WB), so a nested translation of a guest 4 KiB page makes the full 24
 * reads. The guest's addresses and CR3 are the guest image's.
 */
public record NestedX86EptImage(X86TreeImage guest, MemorySegment segment, PhysicalMemory memory, long eptp,
        long guestBase) {

    private static final ValueLayout.OfLong ENTRY = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final long PAGE = 4096;
    private static final long TABLE = 7;                 // R, W, X
    private static final long LEAF = 7 | 6 << 3;         // R, W, X, memory type WB
    private static final long PML4 = 0x1000;

    /** {@code guest} under EPT. */
    public static NestedX86EptImage of(X86TreeImage guest) {
        long guestBytes = guest.segment().byteSize();
        long twoMiB = 2L << 20;
        // Tables: one PML4, PDPTs and PDs for the two ranges, one PT per 2 MiB of each range.
        long pts = (guestBytes + twoMiB - 1) / twoMiB + (guest.pages() * PAGE + twoMiB - 1) / twoMiB + 2;
        long upper = 2 * (2 + (guestBytes >>> 30) + ((guest.pages() * PAGE) >>> 30) + 2);
        long eptBytes = PML4 + (1 + upper + pts) * PAGE;
        long guestBase = (eptBytes + twoMiB - 1) / twoMiB * twoMiB;
        MemorySegment host = Arena.ofAuto().allocate(guestBase + guestBytes, PAGE);
        MemorySegment.copy(guest.segment(), 0, host, guestBase, guestBytes);
        long[] next = {PML4 + PAGE};
        for (long gpa = 0; gpa < guestBytes; gpa += PAGE) {
            map(host, next, gpa, guestBase + gpa);
        }
        for (long i = 0; i < guest.pages(); i++) {
            long gpa = X86TreeImage.DATA_BASE + i * PAGE;
            map(host, next, gpa, gpa);
        }
        if (next[0] > guestBase) {
            throw new IllegalStateException("EPT tables overran their room: " + next[0] + " > " + guestBase);
        }
        long eptp = PML4 | 3 << 3 | 6;                    // walk length 4, WB (SDM Vol. 3C §25.6.11)
        return new NestedX86EptImage(guest, host, PhysicalMemory.of(host), eptp, guestBase);
    }

    /** Maps the 4 KiB page at {@code gpa} to {@code hpa}, making tables from {@code next[0]} on. */
    private static void map(MemorySegment host, long[] next, long gpa, long hpa) {
        long table = PML4;
        for (int shift = 39; shift > 12; shift -= 9) {
            long at = table + ((gpa >>> shift) & 511) * 8;
            long e = host.get(ENTRY, at);
            if (e == 0) {
                e = next[0] | TABLE;
                next[0] += PAGE;
                host.set(ENTRY, at, e);
            }
            table = e & 0x000f_ffff_ffff_f000L;
        }
        host.set(ENTRY, table + ((gpa >>> 12) & 511) * 8, hpa | LEAF);
    }
}
