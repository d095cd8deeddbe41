package org.ptdesc.samples.nested;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ptdesc.runtime.Access.EXECUTE;
import static org.ptdesc.runtime.Access.READ;
import static org.ptdesc.runtime.Access.USER;
import static org.ptdesc.runtime.Access.WRITE;

import java.lang.foreign.MemorySegment;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.ptdesc.runtime.Access;
import org.ptdesc.runtime.Failure;
import org.ptdesc.runtime.NestedTranslation;
import org.ptdesc.runtime.NestedTranslation.Stage;
import org.ptdesc.runtime.NestedWalker;
import org.ptdesc.runtime.PhysicalMemory;
import org.ptdesc.runtime.TreeInfo;
import org.ptdesc.runtime.TreeWalker;

/**
 * Access checks through both stages of x86-64 paging under Intel EPT, on the hand-built trees of
 * {@link X86OverEptTest} with four more entries, on every {@link NestedEngine}. Expectations by
 * hand from the SDM: the guest's rules (Vol. 3A §4.6.1) on the guest leaf, EPT's (Vol. 3C
 * §29.3.3.2, "an EPT violation occurs ... if the access is a data read and bit 0 was clear in
 * any of the EPT paging-structure entries used") on the final guest physical address for the
 * same access, and EPT's read permission on every guest paging-structure read (§29.3.3.2: the
 * processor's accesses to guest paging structures are data reads).
 *
 * <pre>
 * EPT PT[2]: GPA 0x20_2000 -> HPA 0x10_2000 read-only (bits 2:0 = 001b)
 * EPT PT[8]: GPA 0x20_8000 -> HPA 0x10_8000 execute-only (100b, allowed by EXECUTE_ONLY = 1)
 * guest PD[6] -> PT at GPA 0x20_8000 (in the execute-only EPT page), whose PT[0] -> GPA 0x5000
 * guest PT[6] -> GPA 0x6000, P and U/S without R/W (read-only for every mode with CR0.WP = 1)
 * </pre>
 */
class NestedAccessTest {

    static final long P = 1, RW = 2, US = 4;
    static final long R = 1, X = 4, WB = 6 << 3;

    static PhysicalMemory memory() {
        MemorySegment m = X86OverEptTest.hostMemory();
        PhysicalMemory mem = PhysicalMemory.of(m);
        mem.writeLong(0x4000 + 2 * 8, 0x10_2000 | R | WB, false);
        mem.writeLong(0x4000 + 8 * 8, 0x10_8000 | X | WB, false);
        X86OverEptTest.guest(mem, 0x3000, 6, 0x20_8000 | P | RW | US);
        mem.writeLong(0x10_8000, 0x5000 | P | RW | US, false);
        X86OverEptTest.guest(mem, 0x4000, 6, 0x6000 | P | US);
        return mem;
    }

    @ParameterizedTest
    @EnumSource(NestedEngine.class)
    void bothStagesRulesApply(NestedEngine engine) {
        NestedWalker w = X86OverEptTest.nested(engine);
        Checked c = new Checked(w, memory());
        // Allowed by both: a user write to a guest RW/US page over an RWX EPT page (GPA 0x5abc).
        c.allows(0x3abc, WRITE | USER, 0x20_5abc);
        // Allowed by the guest (a user page, R/W = 1), denied by EPT: GPA 0x20_2345 is read-only there.
        c.allows(0x20_2345, READ | USER, 0x10_2345);
        NestedTranslation ro = c.denied(0x20_2345, WRITE | USER, Stage.HOST, "bit 1 (write) = 0");
        assertEquals(-1, ro.guestLevel());
        assertEquals(0x20_2345, ro.failedGpa());
        assertEquals(3, ro.host().level());
        assertEquals(0x20_2345, ro.gpa());
        // A guest table in an execute-only EPT page: the read of the guest PT (level 3) at GPA
        // 0x20_8000 is denied whatever the access, even an instruction fetch.
        for (int access : new int[] {READ, WRITE, EXECUTE, EXECUTE | USER}) {
            NestedTranslation table = c.denied(0xc0_0000, access, Stage.HOST, "bit 0 (read) = 0");
            assertEquals(3, table.guestLevel());
            assertEquals(0x20_8000, table.failedGpa());
            assertNull(table.guest());
        }
        // Unchecked, the same address maps: only the permission rules stop it.
        assertEquals(0x20_5000, w.translate(c.mem, X86OverEptTest.CR3, X86OverEptTest.EPTP, 0xc0_0000));
        // Denied by the guest, allowed by EPT: GPA 0x6000 is RWX in EPT, read-only in the guest.
        c.allows(0x6010, READ | USER, 0x20_6010);
        NestedTranslation user = c.denied(0x6010, WRITE | USER, Stage.GUEST, "user-mode write to a read-only address");
        assertEquals(3, user.guest().level());
        assertEquals(0x6010, user.gpa());
        c.denied(0x6010, WRITE, Stage.GUEST, "supervisor-mode write to a read-only address with CR0.WP = 1");
        // With CR0.WP = 0 and SMAP off, the supervisor may write it (§4.6.1).
        c.guestModes = Map.of("WP", 0L, "SMAP", 0L);
        c.allows(0x6010, WRITE, 0x20_6010);
        // The guest's modes are the guest's: SMAP (default 1) denies the same supervisor write.
        c.guestModes = Map.of("WP", 0L);
        c.denied(0x6010, WRITE, Stage.GUEST, "CR4.SMAP = 1");
        // EPT's mode: with mode-based execute control, user fetches need bit 10, set nowhere here.
        c.guestModes = Map.of();
        c.allows(0x3abc, EXECUTE | USER, 0x20_5abc);
        c.hostModes = Map.of("MBEC", 1L);
        c.denied(0x3abc, EXECUTE | USER, Stage.HOST, "execute permission 0");
        // Failures stay failures, with or without an access.
        c.hostModes = Map.of();
        NestedTranslation gone = w.translateDetailed(c.mem, new long[] {X86OverEptTest.CR3},
                new long[] {X86OverEptTest.EPTP}, 0x6000 + 0x1000, READ, c.word(c.guest, Map.of()), c.word(c.host, Map.of()));
        assertEquals(Failure.NOT_PRESENT, gone.guest().failure());
        assertFalse(gone.denied());
        assertThrows(IllegalArgumentException.class,
                () -> w.translate(c.mem, X86OverEptTest.CR3, X86OverEptTest.EPTP, 0x3abc, READ | WRITE, 0, 0));
    }

    /**
     * The pair class's checked translate allocates nothing at run time, whether the answer is a
     * host physical address, DENIED by either stage (a guest table read included) or NO_MAPPING:
     * measured with the JVM's per-thread allocation counter over many calls after warm-up.
     */
    @Test
    void pairClassCheckedTranslateAllocatesNothing() {
        NestedWalker w = X86OverEptTest.nested(NestedEngine.GENERATED_PAIR);
        PhysicalMemory mem = memory();
        long[] vas = {0x3abc, 0x20_2345, 0xc0_0000, 0x6010, 0x7000, 0x8000_0000_0000L};
        int[] accesses = {READ, WRITE | USER, EXECUTE | USER, WRITE};
        long guestModes = w.guestInfo().modeWord(Map.of());
        long hostModes = w.hostInfo().modeWord(Map.of("MBEC", 1L));
        long sum = 0;
        int denied = 0;
        for (int round = 0; round < 3; round++) {
            long before = allocatedBytes();
            for (int i = 0; i < 200_000; i++) {
                long pa = w.translate(mem, X86OverEptTest.CR3, X86OverEptTest.EPTP, vas[i % vas.length],
                        accesses[i % accesses.length], guestModes, hostModes);
                sum += pa;
                denied += pa == TreeWalker.DENIED ? 1 : 0;
            }
            long allocated = allocatedBytes() - before;
            if (round == 2) {
                // A few bytes of slack for the counter itself; one object per call would be megabytes.
                assertTrue(allocated < 4096, "allocated " + allocated + " bytes");
            }
        }
        assertTrue(denied > 0 && sum != 0);
    }

    static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean())
                .getThreadAllocatedBytes(Thread.currentThread().threadId());
    }

    /** Checked translations of one memory, both forms and the one-root form, under the modes set. */
    static final class Checked {
        final NestedWalker w;
        final PhysicalMemory mem;
        final TreeInfo guest;
        final TreeInfo host;
        final long guestRoot;
        final long hostRoot;
        Map<String, Long> guestModes = Map.of();
        Map<String, Long> hostModes = Map.of();

        Checked(NestedWalker w, PhysicalMemory mem) {
            this(w, mem, X86OverEptTest.CR3, X86OverEptTest.EPTP);
        }

        Checked(NestedWalker w, PhysicalMemory mem, long guestRoot, long hostRoot) {
            this.w = w;
            this.mem = mem;
            this.guest = w.guestInfo();
            this.host = w.hostInfo();
            this.guestRoot = guestRoot;
            this.hostRoot = hostRoot;
        }

        long word(TreeInfo info, Map<String, Long> modes) {
            return info.modeWord(modes);
        }

        NestedTranslation detailed(long va, int access) {
            return w.translateDetailed(mem, new long[] {guestRoot}, new long[] {hostRoot}, va, access,
                    word(guest, guestModes), word(host, hostModes));
        }

        long plain(long va, int access) {
            long gm = word(guest, guestModes);
            long hm = word(host, hostModes);
            long pa = w.translate(mem, new long[] {guestRoot}, new long[] {hostRoot}, va, access, gm, hm);
            assertEquals(pa, w.translate(mem, guestRoot, hostRoot, va, access, gm, hm), "one-root form");
            return pa;
        }

        void allows(long va, int access, long pa) {
            NestedTranslation t = detailed(va, access);
            String where = Access.toString(access) + " 0x" + Long.toHexString(va) + ": " + t;
            assertTrue(t.mapped(), where);
            assertEquals(pa, t.pa(), where);
            assertEquals(pa, plain(va, access), where);
        }

        NestedTranslation denied(long va, int access, Stage stage, String rule) {
            NestedTranslation t = detailed(va, access);
            String where = Access.toString(access) + " 0x" + Long.toHexString(va) + ": " + t;
            assertTrue(t.denied(), where);
            assertEquals(stage, t.stage(), where);
            assertEquals(TreeWalker.DENIED, t.pa(), where);
            assertEquals(Failure.DENIED, t.failing().failure(), where);
            assertTrue(t.failing().message().contains(rule), where);
            TreeInfo info = stage == Stage.GUEST ? guest : host;
            assertEquals(info.permissions().get(t.failing().rule()).text(), t.failing().message(), where);
            assertEquals(TreeWalker.DENIED, plain(va, access), where);
            return t;
        }
    }
}
