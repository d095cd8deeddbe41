package org.ptdesc.compiler.codegen;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.VarInsnNode;
import org.ptdesc.compiler.ir.Rule;
import org.ptdesc.compiler.ir.WalkerIr;
import org.ptdesc.compiler.interp.Interpreter;
import org.ptdesc.compiler.load.WalkerLoader;
import org.ptdesc.runtime.EntryRun;
import org.ptdesc.runtime.LeafBatch;
import org.ptdesc.runtime.ParallelWalk;
import org.ptdesc.runtime.RunVisitor;
import org.ptdesc.runtime.TreeWalker;

/**
 * The batched and parallel walks against the per-event walk of the reference interpreter, on
 * the random trees of {@link DifferentialTest}: for random ranges, the leaves, holes and faults
 * of the interpreter's {@code walk} (its {@code pre} and {@code post} left out) must be exactly
 * the events of the generated {@code walkBatched}, of the interpreter's (the default method), of
 * {@link ParallelWalk#inOrder} on 2 to 4 threads, and, sorted by address, of
 * {@link ParallelWalk#perThread} and of {@link ParallelWalk#perThreadVisitors} (both engines,
 * each thread's events in address order); {@code walkApart} gives {@code walk}'s events, pre
 * and post included; batches of 1 to 512 events; a visitor that stops after some
 * batches gets exactly the events of those batches.
 */
class BatchedWalkTest {

    static final int TREES = Integer.getInteger("ptdesc.batched.trees", 250);
    static final int MAX_EVENTS = 20_000;

    @Test
    void batchedAndParallelWalksDeliverThePerEventWalksEvents() {
        WalkerLoader loader = new WalkerLoader(TreeWalker.class.getClassLoader());
        Map<String, Long> seen = new TreeMap<>();
        for (int i = 0; i < TREES; i++) {
            DifferentialTest.Case c = new DifferentialTest.Case(DifferentialTest.SEED + 7919L * i, loader, new TreeMap<>());
            for (int w = 0; w < 4; w++) {
                long first = w == 0 ? 0 : c.random.nextInt(3) == 0 ? c.random.nextLong() : c.inRange();
                long last = w == 0 ? -1L : first + (c.random.nextLong() >>> (4 + c.random.nextInt(60)));
                if (Long.compareUnsigned(last, first) < 0) {
                    last = -1L;
                }
                check(c, first, last, seen);
            }
        }
        System.out.println("batched: " + TREES + " random trees, " + seen);
        // The comparison proves little unless walks were long, split and stopped.
        for (String what : List.of("leaf", "hole", "fault", "split walks", "stopped walks", "runs", "runs per thread")) {
            assertTrue(seen.getOrDefault(what, 0L) > TREES / 5, what + " seen only " + seen.get(what) + " times");
        }
    }

    @Test
    void batchedLevelMethodsCallTheBatchDirectly() {
        int methods = 0;
        for (WalkerIr ir : RandomIrs.sample(40, 0xba7c4L)) {
            ClassNode cls = new ClassNode();
            new ClassReader(WalkerGenerator.generate(ir, "t.Batched")).accept(cls, 0);
            for (MethodNode m : cls.methods) {
                if (!m.name.startsWith("batch") && !m.name.equals("walkBatched")) {
                    continue;
                }
                methods++;
                for (AbstractInsnNode insn : m.instructions) {
                    if (insn instanceof MethodInsnNode call) {
                        // The point of the batched form: no interface call per event, only the final batch's methods.
                        assertNotEquals(Opcodes.INVOKEINTERFACE, call.getOpcode(), m.name + " calls " + call.owner + "." + call.name);
                        assertTrue(call.owner.equals("org/ptdesc/runtime/LeafBatch") || call.owner.equals("org/ptdesc/runtime/PhysicalMemory")
                                || call.owner.equals("t/Batched") || call.owner.startsWith("java/"), m.name + " calls " + call.owner);
                    }
                }
            }
        }
        assertTrue(methods > 80, methods + " batched methods");
    }

    /**
     * The shape that keeps the batched walk's speed independent of whether the JIT inlines the
     * consumer (bench/RESULTS.md, "The batched walk's cost per event"): in the level methods of
     * levels without tables, the loop over a run of entries (from its first instruction to its
     * back edge, the test against the run's end) calls nothing but memory reads, the batch's
     * storing {@code add} methods and the JDK; nothing there can deliver.
     */
    @Test
    void runsOfEntriesInLevelsWithoutTablesCallNothingThatDelivers() {
        int loops = 0;
        for (WalkerIr ir : RandomIrs.sample(40, 0x5ca9L)) {
            ClassNode cls = new ClassNode();
            new ClassReader(WalkerGenerator.generate(ir, "t.Runs")).accept(cls, 0);
            for (int index = 0; index < ir.levels().size(); index++) {
                boolean tables = ir.levels().get(index).rules().stream().anyMatch(r -> r instanceof Rule.Table);
                String name = LevelWalkEmitter.methodName(ir, index, WalkForm.BATCHED);
                MethodNode m = cls.methods.stream().filter(x -> x.name.equals(name)).findFirst().orElseThrow();
                int found = 0;
                for (AbstractInsnNode insn : m.instructions) {
                    // The run's back edge: ILOAD offset, ILOAD runEnd, IF_ICMPLE body.
                    if (insn.getOpcode() == Opcodes.IF_ICMPLE && insn.getPrevious() instanceof VarInsnNode v
                            && v.var == LevelWalkEmitter.RUN_END) {
                        found++;
                        AbstractInsnNode body = ((JumpInsnNode) insn).label;
                        assertTrue(m.instructions.indexOf(body) < m.instructions.indexOf(insn), name + ": the run's test jumps back");
                        for (AbstractInsnNode i = body; i != insn; i = i.getNext()) {
                            if (i instanceof MethodInsnNode call) {
                                boolean allowed = call.owner.equals("org/ptdesc/runtime/PhysicalMemory") || call.owner.startsWith("java/")
                                        || (call.owner.equals("org/ptdesc/runtime/LeafBatch") && call.name.startsWith("add"));
                                assertTrue(allowed, name + " calls " + call.owner + "." + call.name + " in its run loop");
                            }
                        }
                    }
                }
                assertEquals(tables ? 0 : 1, found, name + ": run loops");
                loops += found;
            }
        }
        assertTrue(loops >= 40, loops + " run loops");
    }

    private static void check(DifferentialTest.Case c, long first, long lastWanted, Map<String, Long> seen) {
        long to = lastWanted;
        // Random trees can map 2^40 pages: shrink the range until its walk is short.
        EventLog all = new EventLog(MAX_EVENTS, 0);
        c.reference.walk(c.mem, c.roots, first, to, all);
        for (int tries = 0; all.events.size() >= MAX_EVENTS; tries++) {
            if (tries == 30) {
                return;
            }
            to = first + ((to - first) >>> 3);
            all = new EventLog(MAX_EVENTS, 0);
            c.reference.walk(c.mem, c.roots, first, to, all);
        }
        long last = to;
        String where = c.where("walk 0x" + Long.toHexString(first) + "..0x" + Long.toHexString(last));
        List<String> expected = all.events.stream().filter(e -> !e.startsWith("pre ") && !e.startsWith("post ")).toList();
        for (String e : expected) {
            seen.merge(e.substring(0, e.indexOf(' ')), 1L, Long::sum);
        }
        // walkApart: walk's events, pre and post included, from a copy of its code; also when pre skips tables or stops.
        for (long salt : new long[] {0, 0x5bd1e995L}) {
            EventLog plain = new EventLog(Integer.MAX_VALUE, salt);
            EventLog apart = new EventLog(Integer.MAX_VALUE, salt);
            c.generated.walk(c.mem, c.roots, first, last, plain);
            c.generated.walkApart(c.mem, c.roots, first, last, apart);
            same(salt == 0 ? all.events : plain.events, apart.events, where + ", walkApart, skips " + salt);
        }
        int[] capacities = {1, 2, 3, 7, 64, 512};
        int capacity = capacities[c.random.nextInt(capacities.length)];

        same(expected, batched(c.generated, c, first, last, capacity, Integer.MAX_VALUE), where);
        same(expected, batched(new Interpreter(c.ir), c, first, last, capacity, Integer.MAX_VALUE), where);
        // A consumer that takes runs: the generated walker hands it tables undecoded, the
        // interpreter fills the batch; both give the walk's events.
        RunLines runs = new RunLines(capacity, Integer.MAX_VALUE);
        c.generated.walkBatched(c.mem, c.roots, first, last, runs.batch);
        same(expected, runs.lines, where + ", with runs");
        seen.merge("runs", (long) runs.runs, Long::sum);
        RunLines interpretedRuns = new RunLines(capacity, Integer.MAX_VALUE);
        new Interpreter(c.ir).walkBatched(c.mem, c.roots, first, last, interpretedRuns.batch);
        same(expected, interpretedRuns.lines, where + ", interpreter, consumer taking runs");
        assertEquals(0, interpretedRuns.runs, where + ": the interpreter decodes every event");
        // Stopped after `stops` deliveries (batches or runs): what was delivered is a prefix.
        int stops = 1 + c.random.nextInt(4);
        RunLines stoppedRuns = new RunLines(capacity, stops);
        c.generated.walkBatched(c.mem, c.roots, first, last, stoppedRuns.batch);
        assertEquals(stoppedRuns.deliveries == stops, stoppedRuns.batch.stopped(), where + ", runs, stopped()");
        assertTrue(stoppedRuns.lines.size() <= expected.size(), where);
        same(expected.subList(0, stoppedRuns.lines.size()), stoppedRuns.lines, where + ", runs, stopped");
        if (c.roots.length == 1) {
            EventLog single = new EventLog();
            c.generated.walkBatched(c.mem, c.roots[0], first, last, new LeafBatch(capacity, b -> b.replay(single)));
            same(expected, single.events, where);
        } else {
            assertThrows(IllegalArgumentException.class,
                    () -> c.generated.walkBatched(c.mem, c.roots[0], first, last, new LeafBatch(capacity, b -> true)));
        }
        // A visitor that stops after `batches` batches has seen exactly those.
        int batches = 1 + c.random.nextInt(4);
        if (expected.size() > batches * capacity) {
            seen.merge("stopped walks", 1L, Long::sum);
        }
        List<String> prefix = expected.subList(0, Math.min(expected.size(), batches * capacity));
        same(prefix, batched(c.generated, c, first, last, capacity, batches), where + ", stopped");

        int threads = 2 + c.random.nextInt(3);
        ParallelWalk parallel = new ParallelWalk(c.generated, threads, capacity);
        if (parallel.pieces(c.mem, c.roots, first, last).size() > 1) {
            seen.merge("split walks", 1L, Long::sum);
        }
        EventLog ordered = new EventLog();
        assertTrue(parallel.inOrder(c.mem, c.roots, first, last, b -> b.replay(ordered)));
        same(expected, ordered.events, where + ", in order on " + threads + " threads");
        List<String> stoppedInOrder = new ArrayList<>();
        int[] left = {batches};
        boolean completed = parallel.inOrder(c.mem, c.roots, first, last, b -> {
            new LeafBatchLines(stoppedInOrder).add(b);
            return --left[0] > 0;
        });
        // Pieces end their own batches, so the cut falls elsewhere: the events are a prefix.
        assertTrue(stoppedInOrder.size() <= expected.size(), where);
        same(expected.subList(0, stoppedInOrder.size()), stoppedInOrder, where + ", stopped in order");
        assertEquals(completed, stoppedInOrder.size() == expected.size() && left[0] > 0, where);

        List<List<String>> perThread = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            perThread.add(new ArrayList<>());
        }
        assertTrue(parallel.perThread(c.mem, c.roots, first, last, t -> b -> new LeafBatchLines(perThread.get(t)).add(b)));
        List<String> merged = new ArrayList<>(perThread.stream().flatMap(List::stream).toList());
        merged.sort(Comparator.comparing(BatchedWalkTest::firstAddress, Long::compareUnsigned));
        same(expected, merged, where + ", per thread on " + threads + " threads");
        // Per thread, consumers that take runs still get them.
        List<RunLines> runsPerThread = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            runsPerThread.add(new RunLines(capacity, Integer.MAX_VALUE));
        }
        assertTrue(parallel.perThread(c.mem, c.roots, first, last, runsPerThread::get));
        List<String> mergedRuns = new ArrayList<>(runsPerThread.stream().flatMap(r -> r.lines.stream()).toList());
        mergedRuns.sort(Comparator.comparing(BatchedWalkTest::firstAddress, Long::compareUnsigned));
        same(expected, mergedRuns, where + ", per thread taking runs on " + threads + " threads");
        seen.merge("runs per thread", (long) runsPerThread.stream().mapToInt(r -> r.runs).sum(), Long::sum);

        EventLog interpreted = new EventLog();
        new ParallelWalk(new Interpreter(c.ir), threads, capacity).inOrder(c.mem, c.roots, first, last, b -> b.replay(interpreted));
        same(expected, interpreted.events, where + ", interpreter in order");

        for (TreeWalker engine : List.of(c.generated, new Interpreter(c.ir))) {
            String form = where + ", per-thread visitors of " + (engine == c.generated ? "the generated walker" : "the interpreter")
                    + " on " + threads + " threads";
            List<EventLog> logs = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                logs.add(new EventLog());
            }
            assertTrue(new ParallelWalk(engine, threads, capacity).perThreadVisitors(c.mem, c.roots, first, last, logs::get), form);
            List<String> visited = new ArrayList<>();
            for (EventLog log : logs) {
                List<String> events = log.events.stream().filter(e -> !e.startsWith("pre ") && !e.startsWith("post ")).toList();
                // Each thread's pieces come in address order.
                for (int i = 1; i < events.size(); i++) {
                    assertTrue(Long.compareUnsigned(firstAddress(events.get(i - 1)), firstAddress(events.get(i))) < 0,
                            () -> form + ": a thread's events out of order");
                }
                visited.addAll(events);
            }
            visited.sort(Comparator.comparing(BatchedWalkTest::firstAddress, Long::compareUnsigned));
            same(expected, visited, form);
        }
    }

    /** The events of a batched walk whose visitor stops after {@code batches} batches, as EventLog lines. */
    private static List<String> batched(TreeWalker walker, DifferentialTest.Case c, long first, long last, int capacity, int batches) {
        List<String> lines = new ArrayList<>();
        int[] left = {batches};
        LeafBatch batch = new LeafBatch(capacity, b -> {
            assertTrue(b.size() >= 1 && b.size() <= capacity);
            new LeafBatchLines(lines).add(b);
            return --left[0] > 0;
        });
        walker.walkBatched(c.mem, c.roots, first, last, batch);
        assertEquals(left[0] <= 0 && lines.size() > 0 && batches != Integer.MAX_VALUE, batch.stopped(), "stopped()");
        return lines;
    }

    /**
     * A consumer that takes runs, writing batches and runs as {@link EventLog} lines and stopping
     * after {@code stops} deliveries. Each run is read twice: through {@link EntryRun#replay}, and
     * through its accessors entry by entry (holes joined here), which must agree.
     */
    private static final class RunLines implements RunVisitor {
        final List<String> lines = new ArrayList<>();
        final LeafBatch batch;
        final int stops;
        int deliveries;
        int runs;

        RunLines(int capacity, int stops) {
            this.batch = new LeafBatch(capacity, this);
            this.stops = stops;
        }

        @Override
        public boolean accept(LeafBatch b) {
            assertTrue(b.size() >= 1 && b.size() <= b.capacity());
            new LeafBatchLines(lines).add(b);
            return ++deliveries < stops;
        }

        @Override
        public boolean acceptRun(EntryRun run) {
            runs++;
            assertTrue(run.count() >= 1);
            EventLog replayed = new EventLog();
            assertTrue(run.replay(replayed));
            assertEquals(replayed.events, byAccessors(run), "a run's accessors against its replay");
            assertEquals(run.first(), run.first(0));
            assertEquals(run.last(), run.last(run.count() - 1));
            lines.addAll(replayed.events);
            return ++deliveries < stops;
        }

        private static List<String> byAccessors(EntryRun run) {
            EventLog log = new EventLog();
            int level = run.level();
            for (int i = 0; i < run.count(); i++) {
                long e = run.entry(i);
                switch (run.kind(e, i)) {
                    case LEAF -> {
                        assertTrue(run.isLeaf(e, i));
                        log.leaf(run.first(i), run.pa(e, i), run.size(i), level, e, run.attributes(e, i));
                    }
                    case HOLE -> {
                        assertTrue(run.isInvalid(e, i));
                        assertEquals(TreeWalker.NO_MAPPING, run.pa(e, i));
                        int j = i;
                        while (j + 1 < run.count() && run.isInvalid(run.entry(j + 1), j + 1)) {
                            j++;
                        }
                        log.hole(run.first(i), run.last(j), level);
                        i = j;
                    }
                    case FAULT -> log.fault(run.first(i), run.last(i), level, e, run.failure(e, i), run.message(e, i));
                }
            }
            return log.events;
        }
    }

    /** assertEquals for event lists, saying where they part instead of printing both whole. */
    private static void same(List<String> expected, List<String> actual, String where) {
        for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
            if (!expected.get(i).equals(actual.get(i))) {
                fail(where + ": event " + i + " of " + expected.size() + " is\n  " + actual.get(i) + "\nnot\n  " + expected.get(i));
            }
        }
        assertEquals(expected.size(), actual.size(), () -> where + ": events");
    }

    private static long firstAddress(String line) {
        // "leaf 0xVA -> ...", "hole 0xFIRST..0xLAST L..", "fault 0xFIRST..": the first hex number
        int at = line.indexOf("0x") + 2;
        int end = at;
        while (end < line.length() && Character.digit(line.charAt(end), 16) >= 0) {
            end++;
        }
        return Long.parseUnsignedLong(line.substring(at, end), 16);
    }

    /** Appends a batch's events as the lines {@link EventLog} writes. */
    private record LeafBatchLines(List<String> lines) {
        boolean add(LeafBatch b) {
            EventLog log = new EventLog();
            assertTrue(b.replay(log));
            lines.addAll(log.events);
            return true;
        }
    }
}
