package org.ptdesc.runtime;

/**
 * A reusable batch of walk events (leaves, holes and faults, in address order) held in
 * primitive arrays, filled by a batched walk and handed to a {@link BatchVisitor} each time it
 * is full and once more at the end of the walk. Event {@code i} of {@link #size()} is read
 * through the accessors, as a flyweight: {@link #kind}, {@link #first}, {@link #last} for every
 * kind, then {@link #pa}, {@link #entry} and {@link #attributes} of a leaf, or {@link #entry},
 * {@link #failure} and {@link #message} of a fault. Tables entered and left ({@code pre} and
 * {@code post}) are not recorded: a batched walk enters every table.
 *
 * <p>The batch is also the {@link WalkVisitor} that fills it, so any {@link TreeWalker} can
 * fill one; generated walkers call it directly (it is a final class, so the call is inlined
 * whatever else the program walks with). Filling stores into arrays allocated once, in the
 * constructor: a walk allocates nothing per event. A batch belongs to one walk at a time.
 *
 * <p>A batch made for a {@link RunVisitor} also passes whole tables on undecoded: a generated
 * walker hands each wholly readable table of a level without table rules to the consumer as an
 * {@link EntryRun}, after delivering the events before it ({@link #deliverRun}).
 */
public final class LeafBatch implements WalkVisitor {

    /** What an event of the batch is. */
    public enum Kind {
        /** A mapping ({@link WalkVisitor#leaf}). */
        LEAF,
        /** A run of invalid entries ({@link WalkVisitor#hole}). */
        HOLE,
        /** An entry or table that cannot be walked ({@link WalkVisitor#fault}). */
        FAULT
    }

    /**
     * The capacity {@link TreeWalker#walkBatched} users get when they have no reason to choose:
     * small enough that the batch (48 bytes an event) stays in the level-1 data cache beside the
     * tables being read. On the largest bundled image, since the batched walk's loops hold no
     * call, batches of 64, 256 and 1024 cost about the same (1.9, 2.1 and 2.0 ms, one run each;
     * earlier figures of 1.3 against 3 ms fell on the two compiled shapes the walk then had;
     * bench/RESULTS.md); the large benchmark tree, all leaves, showed no difference.
     */
    public static final int DEFAULT_CAPACITY = 64;

    private static final Kind[] KINDS = Kind.values();
    private static final long LEAF = 0;
    private static final long HOLE = 1;
    private static final long FAULT = 2;

    /**
     * Longs per event in {@link #words}: first, last, pa, entry, attributes, and kind and level
     * packed ({@code kind << 32 | level}). One array rather than one per field: filling an event
     * then loads one array reference and checks one bound, not seven.
     */
    private static final int WORDS = 6;
    private static final int FIRST = 0;
    private static final int LAST = 1;
    private static final int PA = 2;
    private static final int ENTRY = 3;
    private static final int ATTRIBUTES = 4;
    private static final int KIND_LEVEL = 5;

    /**
     * Events a batch holds beyond its capacity: a generated batched walk stores the events of a
     * run of {@link #room} entries without delivering, then delivers if full
     * ({@link #deliverFull}), so that the run's loop has no call (see {@link #addLeaf}); a run
     * may overshoot the capacity by three (two events an entry, one entry past the run's bound).
     */
    private static final int SLACK = 4;
    /** At most this many entries a run: keeps a run's end, an int offset, from overflowing. */
    private static final int MAX_ROOM = 1 << 20;

    private final BatchVisitor consumer;
    /** The consumer if it takes runs, else null. */
    private final RunVisitor runConsumer;
    private final EntryRun run;
    /** The walker of the current walk, if it hands out runs (set by {@link #start(RunDecoder)}). */
    private RunDecoder decoder;
    private final int capacity;
    private final long[] words;
    private final Failure[] failures;
    private final String[] messages;
    private int count;
    private boolean stopped;

    /** A batch of {@code capacity} events (at least 1), delivered to {@code consumer}. */
    public LeafBatch(int capacity, BatchVisitor consumer) {
        if (capacity < 1) {
            throw new IllegalArgumentException("a batch holds at least one event, not " + capacity);
        }
        this.consumer = consumer;
        this.runConsumer = consumer instanceof RunVisitor r ? r : null;
        this.run = runConsumer == null ? null : new EntryRun();
        this.capacity = capacity;
        int slots = Math.addExact(capacity, SLACK);
        words = new long[Math.multiplyExact(slots, WORDS)];
        failures = new Failure[slots];
        messages = new String[slots];
    }

    /** How many events the batch holds when full. */
    public int capacity() {
        return capacity;
    }

    /** How many events the batch holds now. */
    public int size() {
        return count;
    }

    /** What event {@code i} is. */
    public Kind kind(int i) {
        return KINDS[(int) (words[i * WORDS + KIND_LEVEL] >>> 32)];
    }

    /** Whether event {@code i} is a leaf (the common case, without the enum). */
    public boolean isLeaf(int i) {
        return words[i * WORDS + KIND_LEVEL] >>> 32 == LEAF;
    }

    /** The first address of event {@code i}: a leaf's virtual address, a hole's or fault's first. */
    public long first(int i) {
        return words[i * WORDS + FIRST];
    }

    /** The last address (inclusive) of event {@code i}. */
    public long last(int i) {
        return words[i * WORDS + LAST];
    }

    /** A leaf's size in bytes ({@code last - first + 1}). */
    public long size(int i) {
        return words[i * WORDS + LAST] - words[i * WORDS + FIRST] + 1;
    }

    /** A leaf's physical address. */
    public long pa(int i) {
        return words[i * WORDS + PA];
    }

    /** The level of event {@code i}, 0 for the root table's. */
    public int level(int i) {
        return (int) words[i * WORDS + KIND_LEVEL];
    }

    /** A leaf's raw entry; a fault's entry (or, for {@link Failure#TABLE_OUTSIDE_MEMORY}, the table's address). */
    public long entry(int i) {
        return words[i * WORDS + ENTRY];
    }

    /** A leaf's packed attribute word. */
    public long attributes(int i) {
        return words[i * WORDS + ATTRIBUTES];
    }

    /** A fault's kind. */
    public Failure failure(int i) {
        return failures[i];
    }

    /** A fault's message. */
    public String message(int i) {
        return messages[i];
    }

    /** Whether the consumer stopped the walk this batch was last used for. */
    public boolean stopped() {
        return stopped;
    }

    /**
     * Readies the batch for a new walk: empty, not stopped. {@link TreeWalker#walkBatched}
     * calls it; call it yourself only when filling the batch through a plain walk.
     */
    public void start() {
        count = 0;
        stopped = false;
        decoder = null;
    }

    /**
     * Readies the batch for a walk by {@code walker}, which may hand out runs; generated
     * walkers call it from {@link TreeWalker#walkBatched}.
     */
    public void start(RunDecoder walker) {
        start();
        decoder = walker;
    }

    /** Whether the walk may hand its consumer a run: it is a {@link RunVisitor}, and the walker decodes. */
    public boolean takesRuns() {
        return runConsumer != null && decoder != null;
    }

    /**
     * Hands the consumer entries {@code firstOffset .. lastOffset} (byte offsets) of the table at
     * {@code table}, covering {@code first .. last} at level {@code level}, whose entries span
     * {@code 1 << shift} bytes and are {@code entryBytes} wide (big-endian or not), under
     * attribute word {@code acc}:
     * first the events stored before them, then the run. For generated walkers, after
     * {@link #takesRuns}. False if the consumer stopped the walk.
     */
    public boolean deliverRun(PhysicalMemory mem, long table, int firstOffset, int lastOffset, long first, long last,
            long acc, int level, int shift, int entryBytes, boolean bigEndian) {
        if (!deliverFull() || (count > 0 && !deliver())) {
            return false;
        }
        run.set(decoder, mem, table, firstOffset, lastOffset, first, last, acc, level, shift, entryBytes, bigEndian);
        boolean go = runConsumer.acceptRun(run);
        stopped = !go;
        return go;
    }

    /**
     * Delivers what the batch still holds, at the end of a walk; false if the walk was stopped
     * (then nothing is left to deliver).
     */
    public boolean finish() {
        return stopped ? false : deliverFull() && (count == 0 || deliver());
    }

    /**
     * Passes the batch's events, in order, to a per-event visitor; false as soon as it stops.
     * This is how a batched or parallel walk feeds code written for {@link WalkVisitor}.
     */
    public boolean replay(WalkVisitor visitor) {
        for (int i = 0; i < count; i++) {
            boolean go = switch (kind(i)) {
                case LEAF -> visitor.leaf(first(i), pa(i), size(i), level(i), entry(i), attributes(i));
                case HOLE -> visitor.hole(first(i), last(i), level(i));
                case FAULT -> visitor.fault(first(i), last(i), level(i), entry(i), failures[i], messages[i]);
            };
            if (!go) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean leaf(long va, long pa, long size, int level, long entry, long attributes) {
        addLeaf(va, pa, size, level, entry, attributes);
        return count < capacity || deliverFull();
    }

    @Override
    public boolean hole(long first, long last, int level) {
        addHole(first, last, level);
        return count < capacity || deliverFull();
    }

    @Override
    public boolean fault(long first, long last, int level, long entry, Failure kind, String message) {
        addFault(first, last, level, entry, kind, message);
        return count < capacity || deliverFull();
    }

    /**
     * Stores a leaf without delivering, in a generated walk's run of at most {@link #room}
     * entries, after which the walk calls {@link #deliverFull} if the batch is {@link #full}.
     * Keeping the call to the consumer out of the run's loop lets the JIT keep what the loop
     * reads (the memory's segment, the table) in registers whether or not it inlines the
     * consumer; with the call in the loop, a consumer it did not inline made the loop reload and
     * re-check them for every entry. Not for other callers: the batch holds only
     * {@value #SLACK} events beyond its capacity.
     */
    public void addLeaf(long va, long pa, long size, int level, long entry, long attributes) {
        int i = count;
        long[] w = words;
        int at = i * WORDS;
        w[at + FIRST] = va;
        w[at + LAST] = va + size - 1;
        w[at + PA] = pa;
        w[at + ENTRY] = entry;
        w[at + ATTRIBUTES] = attributes;
        w[at + KIND_LEVEL] = (long) LEAF << 32 | level;
        count = i + 1;
    }

    /** {@link #hole} without delivering; see {@link #addLeaf}. */
    public void addHole(long first, long last, int level) {
        int i = count;
        long[] w = words;
        int at = i * WORDS;
        w[at + FIRST] = first;
        w[at + LAST] = last;
        w[at + KIND_LEVEL] = (long) HOLE << 32 | level;
        count = i + 1;
    }

    /** {@link #fault} without delivering; see {@link #addLeaf}. */
    public void addFault(long first, long last, int level, long entry, Failure kind, String message) {
        int i = count;
        long[] w = words;
        int at = i * WORDS;
        w[at + FIRST] = first;
        w[at + LAST] = last;
        w[at + ENTRY] = entry;
        w[at + KIND_LEVEL] = (long) FAULT << 32 | level;
        failures[i] = kind;
        messages[i] = message;
        count = i + 1;
    }

    /**
     * How many entries a generated walk may store events for (two each at most) before it must
     * deliver: at least 1 when the batch is not {@link #full}.
     */
    public int room() {
        return Math.min((capacity + 1 - count) >> 1, MAX_ROOM);
    }

    /** Whether the batch holds at least its capacity: time for {@link #deliverFull}. */
    public boolean full() {
        return count >= capacity;
    }

    /**
     * Delivers the batch, {@link #capacity} events at a time, while it holds that many; the
     * events beyond (at most {@value #SLACK}) then start the next batch. False if the consumer
     * stopped the walk (the events after its batch are dropped).
     */
    public boolean deliverFull() {
        while (count >= capacity) {
            int n = count;
            count = capacity;
            if (!deliver()) {
                return false;
            }
            int rest = n - capacity;
            if (rest > 0) {
                System.arraycopy(words, capacity * WORDS, words, 0, rest * WORDS);
                System.arraycopy(failures, capacity, failures, 0, rest);
                System.arraycopy(messages, capacity, messages, 0, rest);
            }
            count = rest;
        }
        return true;
    }

    /** Copies {@code other}'s events into this batch (for handing them to another thread). */
    void copyFrom(LeafBatch other) {
        int n = other.count;
        System.arraycopy(other.words, 0, words, 0, n * WORDS);
        System.arraycopy(other.failures, 0, failures, 0, n);
        System.arraycopy(other.messages, 0, messages, 0, n);
        count = n;
    }

    private boolean deliver() {
        boolean go = consumer.accept(this);
        count = 0;
        stopped = !go;
        return go;
    }
}
