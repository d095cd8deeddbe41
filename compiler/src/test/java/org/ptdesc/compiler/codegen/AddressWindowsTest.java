package org.ptdesc.compiler.codegen;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.ptdesc.compiler.load.WalkerLoader;
import org.ptdesc.compiler.Compilation;
import org.ptdesc.compiler.Ptdesc;
import org.ptdesc.compiler.interp.Interpreter;
import org.ptdesc.compiler.ir.WalkerIr;
import org.ptdesc.runtime.Failure;
import org.ptdesc.runtime.PhysicalMemory;
import org.ptdesc.runtime.Translation;
import org.ptdesc.runtime.TreeWalker;

/**
 * An AArch64-like tree whose walkable ranges sit above its 48 address bits (language extension
 * A: without {@code sign-extended}, a range only needs fixed bits 63..48): a TTBR0 window at
 * {@code 0x0000_xxxx_xxxx_xxxx} and a TTBR1 window at {@code 0xffff_xxxx_xxxx_xxxx}, both indexed
 * by bits 47..0. Run by the interpreter and by the generated walker, with expectations worked out
 * by hand from the tables below. The same tree with {@code tag 63:56;} (extension B, Arm's
 * top-byte-ignore) translates tagged addresses as their untagged form, reports the caller's
 * address, and walks exactly as without the tag.
 */
class AddressWindowsTest {

    static final String WINDOWS = """
            tree windows {
                address 48 bits;
                offset 12 bits;
                entry 64 bits;
                range 0x0000_0000_0000_0000 .. 0x0000_ffff_ffff_ffff;
                range 0xffff_0000_0000_0000 .. 0xffff_ffff_ffff_ffff;
                root ttbr0 for 0x0000_0000_0000_0000 .. 0x0000_ffff_ffff_ffff = ttbr0[47:12] << 12;
                root ttbr1 for 0xffff_0000_0000_0000 .. 0xffff_ffff_ffff_ffff = ttbr1[47:12] << 12;
                flag V [0];
                field next [47:12];
                level L0 bits 9 { invalid when !V; table -> next << 12; }
                level L1 bits 9 { invalid when !V; table -> next << 12; }
                level L2 bits 9 { invalid when !V; table -> next << 12; }
                level L3 bits 9 { invalid when !V; leaf -> next << 12; }
            }
            """;

    /** The same tree with VA[63:56] a tag, as with TCR_EL1.TBI0 = TBI1 = 1. */
    static final String TAGGED = WINDOWS.replace("    offset 12 bits;\n", "    offset 12 bits;\n    tag 63:56;\n");

    /** One root, tag 63:48 right above the 48 bits: bit 47 is copied into bits 63..48. */
    static final String ONE_ROOT_TAGGED = """
            tree one {
                address 48 bits;
                offset 12 bits;
                entry 64 bits;
                tag 63:48;
                root ttbr0 = ttbr0[47:12] << 12;
                flag V [0];
                field next [47:12];
                level L0 bits 9 { invalid when !V; table -> next << 12; }
                level L1 bits 9 { invalid when !V; table -> next << 12; }
                level L2 bits 9 { invalid when !V; table -> next << 12; }
                level L3 bits 9 { invalid when !V; leaf -> next << 12 with page_va = va; }
                attribute page_va : 64 bits set "The address the rules see: untagged.";
            }
            """;

    static final long TTBR0 = 0x1000;
    /** ASID bits in 63:48 are not part of the table address. */
    static final long TTBR1 = 0x2000 | 0x00ab_0000_0000_0000L;
    static final long LOW = 0x0000_0000_0040_1234L;
    static final long HIGH = 0xffff_ffff_ffe0_3abcL;

    /** TTBR0: L0[0] -> L1[0] -> L2[2] -> L3[1] -> page 0x8000_1000; TTBR1: every index 511, then L3[3] -> 0xabcd000. */
    static PhysicalMemory memory() {
        MemorySegment mem = Arena.ofAuto().allocate(64 << 10);
        put(mem, 0x1000, 0, 0x3000);
        put(mem, 0x3000, 0, 0x4000);
        put(mem, 0x4000, 2, 0x5000);
        put(mem, 0x5000, 1, 0x8000_1000L);
        put(mem, 0x2000, 511, 0x6000);
        put(mem, 0x6000, 511, 0x7000);
        put(mem, 0x7000, 511, 0x9000);
        put(mem, 0x9000, 3, 0xabc_d000L);
        return PhysicalMemory.of(mem);
    }

    /** A valid descriptor (bit 0) pointing at {@code address}, little-endian. */
    static void put(MemorySegment mem, long table, int index, long address) {
        mem.set(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), table + index * 8L, address | 1);
    }

    static WalkerIr ir(String text) {
        Compilation c = Ptdesc.compile("windows.ptdesc", text, Map.of());
        assertFalse(c.hasErrors(), c::renderDiagnostics);
        assertEquals(List.of(), c.diagnostics(), c::renderDiagnostics);
        return c.trees().getFirst();
    }

    static Stream<TreeWalker> walkers() {
        return engines(WINDOWS, "Windows");
    }

    static Stream<TreeWalker> taggedWalkers() {
        return engines(TAGGED, "TaggedWindows");
    }

    static Stream<TreeWalker> oneRootWalkers() {
        return engines(ONE_ROOT_TAGGED, "OneRootTagged");
    }

    /** The interpreter and the generated walker for the tree of {@code text}. */
    static Stream<TreeWalker> engines(String text, String name) {
        WalkerIr ir = ir(text);
        return Stream.of(new Interpreter(ir), WalkerLoader.shared().load(ir, "org.ptdesc.generated." + name + "TestWalker"));
    }

    @ParameterizedTest
    @MethodSource("walkers")
    void translatesInBothWindows(TreeWalker w) {
        PhysicalMemory mem = memory();
        long[] roots = {TTBR0, TTBR1};
        Translation low = w.translateDetailed(mem, roots, LOW);
        Translation high = w.translateDetailed(mem, roots, HIGH);
        assertAll(
                () -> assertEquals(Translation.mapped(LOW, 0x8000_1234L, 3, 0x1000, 0x8000_1001L, 0), low),
                () -> assertEquals(Translation.mapped(HIGH, 0xabc_dabcL, 3, 0x1000, 0xabc_d001L, 0), high),
                () -> assertEquals(0x8000_1234L, w.translate(mem, roots, LOW)),
                () -> assertEquals(0xabc_dabcL, w.translate(mem, TTBR0, TTBR1, HIGH)),
                // The lowest and highest address of each window: L0 entries 511 and 0 are empty.
                () -> assertEquals(Translation.failed(0x0000_ffff_ffff_ffffL, 0, 0, Failure.NOT_PRESENT, ""),
                        w.translateDetailed(mem, roots, 0x0000_ffff_ffff_ffffL)),
                () -> assertEquals(Translation.failed(0xffff_0000_0000_0000L, 0, 0, Failure.NOT_PRESENT, ""),
                        w.translateDetailed(mem, roots, 0xffff_0000_0000_0000L)),
                // Between the windows: out of range, for both translate forms.
                () -> assertEquals(Translation.failed(0x0001_0000_0000_0000L, -1, 0, Failure.OUT_OF_RANGE, ""),
                        w.translateDetailed(mem, roots, 0x0001_0000_0000_0000L)),
                () -> assertEquals(Translation.failed(0xfffe_ffff_ffff_f234L, -1, 0, Failure.OUT_OF_RANGE, ""),
                        w.translateDetailed(mem, roots, 0xfffe_ffff_ffff_f234L)),
                () -> assertEquals(-1L, w.translate(mem, roots, 0x8000_0000_0040_1234L)),
                // The same index bits with other bits 63..48 are not the same address.
                () -> assertEquals(-1L, w.translate(mem, roots, 0x0100_0000_0040_1234L)));
    }

    @ParameterizedTest
    @MethodSource("walkers")
    void walksBothWindowsAndNothingBetween(TreeWalker w) {
        EventLog all = new EventLog();
        w.walk(memory(), new long[] {TTBR0, TTBR1}, 0, -1L, all);
        List<String> leaves = all.events.stream().filter(e -> e.startsWith("leaf")).toList();
        assertEquals(List.of(
                "leaf 0x401000 -> 0x80001000 size 0x1000 L3 entry 0x80001001 attrs 0x0",
                "leaf 0xffffffffffe03000 -> 0xabcd000 size 0x1000 L3 entry 0xabcd001 attrs 0x0"), leaves);
        // One top-level walk per window, nothing in the gap.
        assertEquals(List.of(
                "pre 0x0..0xffffffffffff L0 table 0x1000",
                "pre 0xffff000000000000..0xffffffffffffffff L0 table 0x2000"),
                all.events.stream().filter(e -> e.startsWith("pre") && e.contains(" L0 ")).toList());
        EventLog gap = new EventLog();
        w.walk(memory(), new long[] {TTBR0, TTBR1}, 0x0001_0000_0000_0000L, 0xfffe_ffff_ffff_ffffL, gap);
        assertEquals(List.of(), gap.events);
    }

    @ParameterizedTest
    @MethodSource("walkers")
    void withoutATagTheTopByteIsPartOfTheAddress(TreeWalker w) {
        PhysicalMemory mem = memory();
        long[] roots = {TTBR0, TTBR1};
        assertAll(
                () -> assertEquals(-1L, w.translate(mem, roots, 0x5a00_0000_0040_1234L)),
                () -> assertEquals(-1L, w.translate(mem, roots, 0x00ff_ffff_ffe0_3abcL)));
    }

    @ParameterizedTest
    @MethodSource("taggedWalkers")
    void aTaggedAddressTranslatesAsItsUntaggedForm(TreeWalker w) {
        PhysicalMemory mem = memory();
        long[] roots = {TTBR0, TTBR1};
        // VA[55] = 0: bits 63..56 become zeros, TTBR0's window; the result reports the tagged va.
        long lowTagged = 0x5a00_0000_0040_1234L;
        // VA[55] = 1: bits 63..56 become ones, TTBR1's window, whatever the tag (0x00 here).
        long highTagged = 0x00ff_ffff_ffe0_3abcL;
        assertAll(
                () -> assertEquals(Translation.mapped(lowTagged, 0x8000_1234L, 3, 0x1000, 0x8000_1001L, 0),
                        w.translateDetailed(mem, roots, lowTagged)),
                () -> assertEquals(Translation.mapped(highTagged, 0xabc_dabcL, 3, 0x1000, 0xabc_d001L, 0),
                        w.translateDetailed(mem, roots, highTagged)),
                () -> assertEquals(0x8000_1234L, w.translate(mem, roots, 0xff00_0000_0040_1234L)),
                () -> assertEquals(0xabc_dabcL, w.translate(mem, TTBR0, TTBR1, highTagged)),
                () -> assertEquals(0x8000_1234L, w.translate(mem, roots, LOW)),
                () -> assertEquals(0xabc_dabcL, w.translate(mem, roots, HIGH)),
                // Untagged failures keep the caller's address too.
                () -> assertEquals(Translation.failed(0x7700_ffff_ffff_ffffL, 0, 0, Failure.NOT_PRESENT, ""),
                        w.translateDetailed(mem, roots, 0x7700_ffff_ffff_ffffL)),
                // The tag does not hide bits 55..48: they must still all equal bit 55.
                () -> assertEquals(Translation.failed(0x0001_0000_0000_0000L, -1, 0, Failure.OUT_OF_RANGE, ""),
                        w.translateDetailed(mem, roots, 0x0001_0000_0000_0000L)),
                () -> assertEquals(Translation.failed(0x12fe_ffff_ffe0_3abcL, -1, 0, Failure.OUT_OF_RANGE, ""),
                        w.translateDetailed(mem, roots, 0x12fe_ffff_ffe0_3abcL)),
                () -> assertEquals(-1L, w.translate(mem, roots, 0xab80_0000_0040_1234L)));
    }

    @ParameterizedTest
    @MethodSource("taggedWalkers")
    void aTagDoesNotChangeTheWalk(TreeWalker w) {
        EventLog tagged = new EventLog();
        w.walk(memory(), new long[] {TTBR0, TTBR1}, 0, -1L, tagged);
        EventLog plain = new EventLog();
        new Interpreter(ir(WINDOWS)).walk(memory(), new long[] {TTBR0, TTBR1}, 0, -1L, plain);
        assertEquals(plain.events, tagged.events);
        // Tagged bounds are addresses like any other: the gap between the windows holds nothing.
        EventLog gap = new EventLog();
        w.walk(memory(), new long[] {TTBR0, TTBR1}, 0x5a00_0000_0000_0000L, 0x5a00_0000_ffff_ffffL, gap);
        assertEquals(List.of(), gap.events);
    }

    @ParameterizedTest
    @MethodSource("oneRootWalkers")
    void aTagRightAboveTheAddressCopiesItsTopBit(TreeWalker w) {
        PhysicalMemory mem = memory();
        long tagged = 0xabcd_0000_0040_1234L;
        Translation t = w.translateDetailed(mem, TTBR0, tagged);
        assertAll(
                // The rules see the untagged address: page_va is va in the leaf rule.
                () -> assertEquals(Translation.mapped(tagged, 0x8000_1234L, 3, 0x1000, 0x8000_1001L, LOW), t),
                () -> assertEquals(0x8000_1234L, w.translate(mem, TTBR0, tagged)),
                () -> assertEquals(0x8000_1234L, w.translate(mem, new long[] {TTBR0}, tagged)),
                // Bit 47 set: the untagged address is 0xffff_8..., outside 0 .. 2^48-1.
                () -> assertEquals(Translation.failed(0x0000_8000_0000_0000L, -1, 0, Failure.OUT_OF_RANGE, ""),
                        w.translateDetailed(mem, TTBR0, 0x0000_8000_0000_0000L)),
                () -> assertEquals(-1L, w.translate(mem, TTBR0, 0x0000_8000_0000_0000L)));
    }
}
