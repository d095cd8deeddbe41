package org.ptdesc.compiler.codegen;

import static org.junit.jupiter.api.Assertions.*;
import static org.objectweb.asm.Opcodes.*;

import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.MethodModel;
import java.lang.classfile.attribute.CodeAttribute;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.IntInsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.ptdesc.compiler.ir.WalkerIr;

/**
 * "Specialised" checked on the bytecode (BRIEF §3): translate has no loop over levels (no
 * backward jump), no call but the memory reads (no {@code invokeinterface}/{@code invokevirtual}
 * for lookups or predicates), no allocation; the walk allocates nothing per entry and loops
 * only over the entries of one table; the x86-64 translate fits HotSpot's inlining budget; a
 * translate too big for it moves only rare entries out of line, and a tag costs two shifts at
 * the start of each translate method and nothing anywhere else.
 */
class BytecodeShapeTest {

    /** HotSpot's FreqInlineSize: hot methods up to this many bytecode bytes get inlined. */
    static final int FREQ_INLINE_SIZE = 325;

    static final String MEMORY = "org/ptdesc/runtime/PhysicalMemory";

    static Stream<WalkerIr> fixtures() {
        return Stream.concat(Stream.of(IrFixtures.x86_64(), IrFixtures.linus()), RandomIrs.sample(60, 11L).stream());
    }

    static ClassNode tree(WalkerIr ir) {
        return tree(ir, TranslatePlanner.FREQ_INLINE_SIZE);
    }

    /** The class with the translate methods kept within {@code budget} bytes (0: every level out of line that can be). */
    static ClassNode tree(WalkerIr ir, int budget) {
        ClassNode node = new ClassNode();
        new ClassReader(WalkerGenerator.generate(ir, "t.Shape", budget)).accept(node, 0);
        return node;
    }

    static List<MethodNode> methods(ClassNode node, String name) {
        return node.methods.stream().filter(m -> m.name.equals(name)).toList();
    }

    static int backwardJumps(MethodNode m) {
        int n = 0;
        for (AbstractInsnNode insn : m.instructions) {
            if (insn instanceof JumpInsnNode j && m.instructions.indexOf(j.label) < m.instructions.indexOf(j)) {
                n++;
            }
        }
        return n;
    }

    static List<String> allocations(MethodNode m) {
        List<String> out = new ArrayList<>();
        for (AbstractInsnNode insn : m.instructions) {
            int op = insn.getOpcode();
            if (op == NEW || op == NEWARRAY || op == ANEWARRAY || op == MULTIANEWARRAY) {
                out.add(m.name + m.desc + ": " + (insn instanceof TypeInsnNode t ? "new " + t.desc : "array"));
            }
        }
        return out;
    }

    static List<MethodInsnNode> calls(MethodNode m) {
        List<MethodInsnNode> out = new ArrayList<>();
        for (AbstractInsnNode insn : m.instructions) {
            if (insn instanceof MethodInsnNode call) {
                out.add(call);
            }
        }
        assertTrue(java.util.stream.StreamSupport.stream(m.instructions.spliterator(), false)
                .noneMatch(i -> i.getOpcode() == INVOKEDYNAMIC), m.name + " uses invokedynamic");
        return out;
    }

    static boolean isRead(MethodInsnNode call) {
        return call.getOpcode() == INVOKEVIRTUAL && call.owner.equals(MEMORY) && call.name.startsWith("read")
                || isFlatRead(call);
    }

    /** A read of a flat segment: {@code PhysicalMemory.readFlatLong} and its siblings. */
    static boolean isFlatRead(MethodInsnNode call) {
        return call.getOpcode() == INVOKESTATIC && call.owner.equals(MEMORY) && call.name.startsWith("readFlat")
                && call.desc.equals("(Ljava/lang/foreign/MemorySegment;JJ)J");
    }

    /** The set-up of flat reads at the start of a plain translate: the memory's flat segment and its limit. */
    static boolean isFlatSetUp(MethodInsnNode call) {
        return call.owner.equals(MEMORY)
                && (call.getOpcode() == INVOKEVIRTUAL && call.name.equals("flatSegmentOrNull")
                        || call.getOpcode() == INVOKESTATIC && call.name.equals("flatLimit"));
    }

    static List<Integer> opcodes(MethodNode m) {
        List<Integer> out = new ArrayList<>();
        for (AbstractInsnNode insn : m.instructions) {
            if (insn.getOpcode() >= 0) {
                out.add(insn.getOpcode());
            }
        }
        return out;
    }

    @Test
    void aTagCostsTwoShiftsAtTheStartOfEachTranslateAndNothingElse() {
        WalkerIr plain = IrFixtures.x86_64();
        ClassNode without = tree(plain);
        ClassNode with = tree(plain.withTag(56));
        List<Integer> untag = List.of(LLOAD, BIPUSH, LSHL, BIPUSH, LSHR, LSTORE);
        int shifted = 0;
        for (MethodNode m : with.methods) {
            MethodNode o = without.methods.stream().filter(x -> x.name.equals(m.name) && x.desc.equals(m.desc))
                    .findFirst().orElseThrow();
            List<Integer> tagged = opcodes(m);
            List<Integer> untagged = opcodes(o);
            if (tagged.equals(untagged)) {
                // Unchanged: only methods that are no translation body (the walk, info, root-count errors).
                assertFalse(m.name.startsWith("translate") && tagged.size() > 20, m.name + m.desc + " does not untag");
                continue;
            }
            // The first place where taking out the untagging sequence leaves the untagged method.
            int at = -1;
            for (int i = 0; i + untag.size() <= tagged.size() && at < 0; i++) {
                List<Integer> rest = new ArrayList<>(tagged);
                rest.subList(i, i + untag.size()).clear();
                if (tagged.subList(i, i + untag.size()).equals(untag) && rest.equals(untagged)) {
                    at = i;
                }
            }
            assertTrue(at >= 0, m.name + m.desc + " differs by more than the two shifts");
            // Shift by 64 - 56 = 8, before the first entry read.
            List<AbstractInsnNode> insns = new ArrayList<>();
            m.instructions.forEach(i -> {
                if (i.getOpcode() >= 0) {
                    insns.add(i);
                }
            });
            assertEquals(8, ((IntInsnNode) insns.get(at + 1)).operand);
            assertEquals(8, ((IntInsnNode) insns.get(at + 3)).operand);
            assertTrue(insns.subList(0, at).stream().noneMatch(i -> i instanceof MethodInsnNode c && isRead(c)),
                    m.name + m.desc + " reads before untagging");
            assertTrue(m.name.equals("translate") || m.name.equals("translateDetailed")
                    || m.name.equals(TranslateEmitter.THROUGH_MEMORY), m.name + " changed");
            shifted++;
        }
        // translate(mem, root, va), translateDetailed(mem, root, va), the access-checked
        // translate of the same shape and the plain translate's twin for memory that is not flat:
        // x86-64 has one root, and the long[] forms forward to these.
        assertEquals(4, shifted);
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void translateHasNoLoopNoCallButReadsAndNoAllocation(WalkerIr ir) {
        assertTranslateIsStraightLine(ir);
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void translateWithEveryLevelOutOfLineHasNoLoopAndCallsOnlyOffTheFastPath(WalkerIr ir) {
        assertTranslateIsStraightLine(ir, 0);
    }

    /** Budget 0 must actually move levels out of line in most fixtures, or the test above proves little. */
    @Test
    void budgetZeroMovesLevelsOutOfLine() {
        long withRest = fixtures().filter(ir -> tree(ir, 0).methods.stream().anyMatch(m -> m.name.equals(TranslateEmitter.IN_FULL)))
                .count();
        long all = fixtures().count();
        System.out.println("fixtures with out-of-line levels at budget 0: " + withRest + " of " + all);
        assertTrue(withRest >= all / 2, withRest + " of " + all);
        // At the default budget the x86-64 fixtures stay inline: no method but translate's own.
        assertTrue(tree(IrFixtures.x86_64()).methods.stream().noneMatch(m -> m.name.equals(TranslateEmitter.IN_FULL)));
    }

    /**
     * Every plain translate with a body sets up flat reads once and reads every entry from the
     * flat segment; its twin for other memory has as many reads (the same blocks), all through
     * the memory, and sets up nothing. Forwarding overloads (the array form of a one-root tree) read nothing.
     */
    @ParameterizedTest
    @MethodSource("fixtures")
    void plainTranslateReadsTheFlatSegmentAndItsTwinTheMemory(WalkerIr ir) {
        ClassNode node = tree(ir);
        int bodies = 0;
        for (MethodNode m : methods(node, "translate")) {
            List<MethodInsnNode> calls = calls(m);
            if (m.desc.endsWith("IJ)J") || calls.stream().noneMatch(BytecodeShapeTest::isRead)) {
                continue;
            }
            if (calls.stream().noneMatch(BytecodeShapeTest::isFlatSetUp)) {
                // A tree too big for flat reads reads every memory through it, without the twin.
                assertTrue(calls.stream().filter(BytecodeShapeTest::isRead).noneMatch(BytecodeShapeTest::isFlatRead), m.desc);
                assertEquals(List.of(), methods(node, TranslateEmitter.THROUGH_MEMORY), "a twin without flat reads");
                System.out.println(ir.name() + " " + m.desc + ": reads through the memory, too big for flat reads");
                continue;
            }
            bodies++;
            assertEquals(1, calls.stream().filter(c -> c.name.equals("flatSegmentOrNull") && isFlatSetUp(c)).count(), m.desc);
            assertEquals(1, calls.stream().filter(c -> c.name.equals("flatLimit") && isFlatSetUp(c)).count(), m.desc);
            assertTrue(calls.stream().filter(BytecodeShapeTest::isRead).allMatch(BytecodeShapeTest::isFlatRead), m.desc);
            long reads = calls.stream().filter(BytecodeShapeTest::isFlatRead).count();
            assertTrue(reads >= 1, m.desc);
            MethodNode twin = methods(node, TranslateEmitter.THROUGH_MEMORY).stream()
                    .filter(t -> t.desc.equals(m.desc)).findFirst().orElseThrow();
            List<MethodInsnNode> twinCalls = calls(twin);
            assertTrue(twinCalls.stream().noneMatch(c -> isFlatSetUp(c) || isFlatRead(c)), twin.desc);
            assertEquals(reads, twinCalls.stream().filter(BytecodeShapeTest::isRead).count(), twin.desc + ": the same blocks");
        }
        assertEquals(bodies, methods(node, TranslateEmitter.THROUGH_MEMORY).size(), "one twin per body");
    }

    @Test
    void x86_64TranslateReadsFlatAndStaysInline() {
        ClassNode node = tree(IrFixtures.x86_64());
        assertEquals(1, methods(node, TranslateEmitter.THROUGH_MEMORY).size());
        assertEquals(List.of(), methods(node, TranslateEmitter.IN_FULL));
        MethodNode translate = methods(node, "translate").stream().filter(m -> m.desc.equals("(L" + MEMORY + ";JJ)J"))
                .findFirst().orElseThrow();
        assertEquals(4, calls(translate).stream().filter(BytecodeShapeTest::isFlatRead).count(), "four levels, four reads");
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void walkAllocatesNothingAndLoopsOnlyOverOneTable(WalkerIr ir) {
        assertWalkIsAllocationFree(ir);
    }

    /**
     * Translate methods: no backward jump, no call but reads (and the cold root-count error),
     * translate allocates nothing. A plain translate too big for the inlining budget may also
     * leave through a tail call to its private static twin {@code translateInFull} (same
     * parameters), and only off the fast path: the call sits after a return or jump, so
     * straight-line code never falls into it, and it returns what it gets. The twins obey the
     * same rules and call no twin. A plain translate also takes the memory's flat segment and
     * its limit ({@code flatSegmentOrNull}, {@code flatLimit}) and leaves other memory, off the
     * fast path, through a tail call to its twin {@code translateThroughMemory}, which obeys the
     * same rules and may leave for {@code translateInFull} as the public one does. An access-checked translate of a tree with permission rules
     * ends every leaf in a tail call of the class's one private static {@code checkedAddress},
     * which holds the rules and calls nothing, allocates nothing, and has no loop, or holds a
     * fast test of them and at most a tail call of the one private static
     * {@code exactCheckedAddress} (same parameters), which holds the rules and calls nothing; its
     * attribute updates are calls of private static {@code accumulateN(acc, entry, va)}, which
     * likewise call nothing, or inline raw accumulation. Where rules fold into the present test
     * ({@link RequiredBits}), the access-checked translate also calls its private static masks
     * and {@code remainingRulesAllow}, which call nothing, and leaves through an off-path tail
     * call of its twin {@code checkedTranslateInFull}, which obeys the rules above.
     */
    static void assertTranslateIsStraightLine(WalkerIr ir) {
        assertTranslateIsStraightLine(ir, TranslatePlanner.FREQ_INLINE_SIZE);
    }

    /** The same with the translate methods generated within {@code budget} bytes. */
    static void assertTranslateIsStraightLine(WalkerIr ir, int budget) {
        ClassNode node = tree(ir, budget);
        List<MethodNode> translates = new ArrayList<>(methods(node, "translate"));
        translates.addAll(methods(node, "translateDetailed"));
        // Three plain translates, three access-checked ones (one per root shape), two detailed.
        assertEquals(8, translates.size());
        List<MethodNode> twins = new ArrayList<>(methods(node, TranslateEmitter.IN_FULL));
        List<MethodNode> throughMemory = methods(node, TranslateEmitter.THROUGH_MEMORY);
        twins.addAll(throughMemory);
        for (MethodNode m : twins) {
            assertEquals(ACC_PRIVATE | ACC_STATIC, m.access, m.name + m.desc + " is private static");
            assertTrue(methods(node, "translate").stream().anyMatch(t -> t.desc.equals(m.desc)), m.desc);
        }
        List<MethodNode> gates = methods(node, AccessTranslateEmitter.CHECKED_ADDRESS);
        assertEquals(ir.permissions().isEmpty() ? 0 : 1, gates.size(), "one permission check when there are rules");
        for (MethodNode m : gates) {
            assertEquals(ACC_PRIVATE | ACC_STATIC, m.access, m.name + m.desc + " is private static");
            assertEquals(AccessTranslateEmitter.CHECKED_ADDRESS_DESCRIPTOR, m.desc);
            for (MethodInsnNode call : calls(m)) {
                assertTrue(call.getOpcode() == INVOKESTATIC && call.owner.equals(node.name)
                        && call.name.equals(AccessTranslateEmitter.EXACT_CHECKED_ADDRESS)
                        && call.desc.equals(AccessTranslateEmitter.CHECKED_ADDRESS_DESCRIPTOR)
                        && isFollowedByReturn(call), m.name + " calls " + call.name + " other than in a tail call of the exact check");
            }
        }
        List<MethodNode> exact = methods(node, AccessTranslateEmitter.EXACT_CHECKED_ADDRESS);
        assertTrue(exact.size() <= gates.size(), "an exact check only beside the fast one");
        for (MethodNode m : exact) {
            assertEquals(ACC_PRIVATE | ACC_STATIC, m.access, m.name + m.desc + " is private static");
            assertEquals(AccessTranslateEmitter.CHECKED_ADDRESS_DESCRIPTOR, m.desc);
            assertEquals(List.of(), calls(m), m.name + " calls nothing");
        }
        // The folded fast walk (RequiredBits): its exact twins, and its masks and leaf test, which call nothing.
        List<MethodNode> checkedTwins = methods(node, AccessTranslateEmitter.IN_FULL);
        for (MethodNode m : checkedTwins) {
            assertEquals(ACC_PRIVATE | ACC_STATIC, m.access, m.name + m.desc + " is private static");
            assertTrue(m.desc.endsWith("IJ)J") && methods(node, "translate").stream().anyMatch(t -> t.desc.equals(m.desc)), m.desc);
        }
        List<MethodNode> foldParts = new ArrayList<>(methods(node, AccessTranslateEmitter.REQUIRED_BITS));
        foldParts.addAll(methods(node, AccessTranslateEmitter.TESTED_BITS));
        foldParts.addAll(methods(node, AccessTranslateEmitter.REMAINING_RULES_ALLOW));
        assertTrue(foldParts.isEmpty() || !checkedTwins.isEmpty(), "a fast walk without its exact twin");
        for (MethodNode m : foldParts) {
            assertEquals(ACC_PRIVATE | ACC_STATIC, m.access, m.name + m.desc + " is private static");
            assertEquals(m.name.equals(AccessTranslateEmitter.REMAINING_RULES_ALLOW) ? AccessTranslateEmitter.REMAINING_DESCRIPTOR
                    : AccessTranslateEmitter.BITS_DESCRIPTOR, m.desc);
            assertEquals(List.of(), calls(m), m.name + " calls nothing");
        }
        List<MethodNode> steps = node.methods.stream().filter(m -> m.name.startsWith(AttributeSteps.PREFIX)).toList();
        for (MethodNode m : steps) {
            assertEquals(ACC_PRIVATE | ACC_STATIC, m.access, m.name + m.desc + " is private static");
            assertEquals(AttributeSteps.DESCRIPTOR, m.desc);
            assertEquals(List.of(), calls(m), m.name + " calls nothing");
        }
        List<MethodNode> checked = new ArrayList<>(translates);
        checked.addAll(twins);
        checked.addAll(gates);
        checked.addAll(exact);
        checked.addAll(steps);
        checked.addAll(checkedTwins);
        checked.addAll(foldParts);
        for (MethodNode m : checked) {
            assertEquals(0, backwardJumps(m), m.name + m.desc + " jumps backwards");
            for (MethodInsnNode call : calls(m)) {
                boolean allowed = isRead(call)
                        || (call.getOpcode() == INVOKESTATIC && call.owner.equals(node.name) && call.name.equals("rootCountError"))
                        || (m.name.equals("translateDetailed") && call.getOpcode() == INVOKESTATIC
                                && call.owner.equals("org/ptdesc/runtime/Translation"))
                        || ((m.name.equals("translate") || m.name.equals(TranslateEmitter.THROUGH_MEMORY))
                                && isOutOfLineTailCall(node, m, call, TranslateEmitter.IN_FULL))
                        || (m.name.equals("translate") && !m.desc.endsWith("IJ)J") && isFlatSetUp(call))
                        || (m.name.equals("translate") && isOutOfLineTailCall(node, m, call, TranslateEmitter.THROUGH_MEMORY))
                        || (m.name.equals("translate") && m.desc.endsWith("IJ)J")
                                && isOutOfLineTailCall(node, m, call, AccessTranslateEmitter.IN_FULL))
                        || (m.name.equals("translate") && m.desc.endsWith("IJ)J") && isFoldCall(node, call))
                        || (accessWalk(m) && isPermissionTailCall(node, call))
                        || (accessWalk(m) && call.getOpcode() == INVOKESTATIC
                                && call.owner.equals(node.name) && call.name.startsWith(AttributeSteps.PREFIX)
                                && call.desc.equals(AttributeSteps.DESCRIPTOR))
                        || (m.name.equals(AccessTranslateEmitter.CHECKED_ADDRESS) && call.getOpcode() == INVOKESTATIC
                                && call.owner.equals(node.name) && call.name.equals(AccessTranslateEmitter.EXACT_CHECKED_ADDRESS)
                                && isFollowedByReturn(call))
                        || isForwardToSeparateRoots(node, m, call);
                assertTrue(allowed, m.name + m.desc + " calls " + call.owner + "." + call.name);
            }
            if (!m.name.equals("translateDetailed")) {
                assertEquals(List.of(), allocations(m));
            }
        }
    }

    /**
     * The array form of an entry point forwarding to the form that takes the roots one by one:
     * a call of the same-named method of this class, right before the return, from a method that
     * takes the roots as {@code long[]}.
     */
    static boolean isForwardToSeparateRoots(ClassNode node, MethodNode m, MethodInsnNode call) {
        if (call.getOpcode() != INVOKEVIRTUAL || !call.owner.equals(node.name) || !call.name.equals(m.name)
                || !m.desc.contains("[J") || call.desc.contains("[J")) {
            return false;
        }
        AbstractInsnNode after = call.getNext();
        while (after != null && after.getOpcode() < 0) {
            after = after.getNext();
        }
        return after != null && after.getOpcode() >= IRETURN && after.getOpcode() <= RETURN;
    }

    /** True when the next instruction after {@code call} is {@code lreturn}. */
    private static boolean isFollowedByReturn(MethodInsnNode call) {
        AbstractInsnNode after = call.getNext();
        while (after != null && after.getOpcode() < 0) {
            after = after.getNext();
        }
        return after != null && after.getOpcode() == LRETURN;
    }

    /** A call of the class's own {@code checkedAddress} right before {@code lreturn}. */
    static boolean isPermissionTailCall(ClassNode node, MethodInsnNode call) {
        if (call.getOpcode() != INVOKESTATIC || !call.owner.equals(node.name)
                || !call.name.equals(AccessTranslateEmitter.CHECKED_ADDRESS)
                || !call.desc.equals(AccessTranslateEmitter.CHECKED_ADDRESS_DESCRIPTOR)) {
            return false;
        }
        AbstractInsnNode after = call.getNext();
        while (after != null && after.getOpcode() < 0) {
            after = after.getNext();
        }
        return after != null && after.getOpcode() == LRETURN;
    }

    /** An access-checked translate or its exact twin. */
    private static boolean accessWalk(MethodNode m) {
        return (m.name.equals("translate") || m.name.equals(AccessTranslateEmitter.IN_FULL)) && m.desc.endsWith("IJ)J");
    }

    /** A call of the folded fast walk's masks or leaf test ({@link RequiredBits}) in this class. */
    private static boolean isFoldCall(ClassNode node, MethodInsnNode call) {
        return call.getOpcode() == INVOKESTATIC && call.owner.equals(node.name)
                && ((call.name.equals(AccessTranslateEmitter.REQUIRED_BITS) || call.name.equals(AccessTranslateEmitter.TESTED_BITS))
                        && call.desc.equals(AccessTranslateEmitter.BITS_DESCRIPTOR)
                    || call.name.equals(AccessTranslateEmitter.REMAINING_RULES_ALLOW)
                        && call.desc.equals(AccessTranslateEmitter.REMAINING_DESCRIPTOR));
    }

    /** A call of {@code m}'s own twin with all of {@code m}'s parameters, right before {@code lreturn}, in code no instruction falls into. */
    static boolean isOutOfLineTailCall(ClassNode node, MethodNode m, MethodInsnNode call, String twin) {
        if (call.getOpcode() != INVOKESTATIC || !call.owner.equals(node.name) || !call.name.equals(twin)
                || !call.desc.equals(m.desc)) {
            return false;
        }
        AbstractInsnNode after = call.getNext();
        while (after != null && after.getOpcode() < 0) {
            after = after.getNext();
        }
        if (after == null || after.getOpcode() != LRETURN) {
            return false;
        }
        // The call's block: one load per parameter, after a label, and the instruction before it ends the flow.
        AbstractInsnNode start = call;
        int loads = 0;
        int parameters = org.objectweb.asm.Type.getArgumentTypes(m.desc).length;
        while (loads < parameters) {
            start = start.getPrevious();
            if (start.getOpcode() >= 0) {
                if (!(start instanceof org.objectweb.asm.tree.VarInsnNode)) {
                    return false;
                }
                loads++;
            }
        }
        AbstractInsnNode before = start.getPrevious();
        boolean label = false;
        while (before != null && before.getOpcode() < 0) {
            label |= before instanceof org.objectweb.asm.tree.LabelNode;
            before = before.getPrevious();
        }
        return label && before != null && (before.getOpcode() == GOTO || before.getOpcode() == LRETURN
                || before.getOpcode() == ARETURN || before.getOpcode() == ATHROW);
    }

    /**
     * Level walk methods: no allocation, two loops over the entries of the table (entry by entry
     * with a check of each, and counted over a wholly readable table), calls only to memory, the
     * visitor and the next level.
     */
    static void assertWalkIsAllocationFree(WalkerIr ir) {
        ClassNode node = tree(ir);
        List<MethodNode> levelMethods = node.methods.stream().filter(m -> m.name.matches("walk\\d+_.*")).toList();
        assertEquals(ir.levels().size(), levelMethods.size());
        for (MethodNode m : levelMethods) {
            assertEquals(List.of(), allocations(m));
            assertEquals(2, backwardJumps(m), m.name + ": two loops, over the entries of its table");
            for (MethodInsnNode call : calls(m)) {
                boolean allowed = isRead(call)
                        || (call.getOpcode() == INVOKEVIRTUAL && call.owner.equals(MEMORY) && call.name.equals("contains"))
                        || (call.getOpcode() == INVOKEINTERFACE && call.owner.equals("org/ptdesc/runtime/WalkVisitor"))
                        || (call.getOpcode() == INVOKESTATIC && call.owner.equals(node.name) && call.name.startsWith("walk"));
                assertTrue(allowed, m.name + " calls " + call.owner + "." + call.name);
            }
        }
        for (MethodNode m : methods(node, "walk")) {
            assertEquals(List.of(), allocations(m));
            assertEquals(0, backwardJumps(m), m.name + m.desc + ": the pieces are unrolled");
        }
    }

    /** Each level method calls only the next level's: recursion depth equals the number of levels. */
    @ParameterizedTest
    @MethodSource("fixtures")
    void eachLevelCallsOnlyTheNextLevel(WalkerIr ir) {
        ClassNode node = tree(ir);
        for (int i = 0; i < ir.levels().size(); i++) {
            String name = LevelWalkEmitter.methodName(ir, i);
            MethodNode m = node.methods.stream().filter(x -> x.name.equals(name)).findFirst().orElseThrow();
            for (MethodInsnNode call : calls(m)) {
                if (call.getOpcode() == INVOKESTATIC) {
                    assertEquals(LevelWalkEmitter.methodName(ir, i + 1), call.name);
                }
            }
        }
    }

    static int codeLength(byte[] bytes, String name, String descriptor) {
        ClassModel model = ClassFile.of().parse(bytes);
        for (MethodModel m : model.methods()) {
            if (m.methodName().equalsString(name) && m.methodType().equalsString(descriptor)) {
                return m.findAttribute(java.lang.classfile.Attributes.code()).map(CodeAttribute::codeLength).orElseThrow();
            }
        }
        throw new AssertionError("no method " + name + descriptor);
    }

    @Test
    void x86TranslateFitsTheJitInliningBudget() {
        byte[] bytes = WalkerGenerator.generate(IrFixtures.x86_64(), "t.Size");
        int single = codeLength(bytes, "translate", "(Lorg/ptdesc/runtime/PhysicalMemory;JJ)J");
        int array = codeLength(bytes, "translate", "(Lorg/ptdesc/runtime/PhysicalMemory;[JJ)J");
        System.out.println("x86_64 translate(mem, root, va): " + single + " bytes of bytecode; translate(mem, roots[], va): "
                + array + " bytes (FreqInlineSize " + FREQ_INLINE_SIZE + ")");
        assertTrue(single < FREQ_INLINE_SIZE, "translate is " + single + " bytes");
        assertTrue(array < FREQ_INLINE_SIZE, "translate(long[]) is " + array + " bytes");
        byte[] linus = WalkerGenerator.generate(IrFixtures.linus(), "t.Size");
        int linusSize = codeLength(linus, "translate", "(Lorg/ptdesc/runtime/PhysicalMemory;JJ)J");
        System.out.println("linus_x86_64 translate(mem, root, va): " + linusSize + " bytes of bytecode");
        assertTrue(linusSize < FREQ_INLINE_SIZE, "translate is " + linusSize + " bytes");
    }

    @Test
    void classCarriesSourceFileAndLinesFromTheDescriptor() {
        ClassNode node = tree(IrFixtures.x86_64());
        assertEquals("x86_64.ptdesc", node.sourceFile);
        MethodNode translate = methods(node, "translate").getFirst();
        List<Integer> lines = new ArrayList<>();
        for (AbstractInsnNode insn : translate.instructions) {
            if (insn instanceof org.objectweb.asm.tree.LineNumberNode l) {
                lines.add(l.line);
            }
        }
        // tree, root, then each level and its rules in order, then the tree again on the tail call
        // of the twin for memory that is not flat
        assertEquals(List.of(26, 33, 45, 46, 47, 49, 51, 52, 53, 55, 57, 58, 59, 61, 62, 63, 26), lines);
    }
}
