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

    /** The capacity {@link TreeWalker#walkBatched} users get when they have no reason to choose. */
    public static final int DEFAULT_CAPACITY = 512;

    private static final Kind[] KINDS = Kind.values();
    private static final byte LEAF = 0;
    private static final byte HOLE = 1;
    private static final byte FAULT = 2;

    private final BatchVisitor consumer;
    private final byte[] kinds;
    private final long[] firsts;
    private final long[] lasts;
    private final long[] pas;
    private final long[] entries;
    private final long[] attributes;
    private final int[] levels;
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
        kinds = new byte[capacity];
        firsts = new long[capacity];
        lasts = new long[capacity];
        pas = new long[capacity];
        entries = new long[capacity];
        attributes = new long[capacity];
        levels = new int[capacity];
        failures = new Failure[capacity];
        messages = new String[capacity];
    }

    /** How many events the batch holds when full. */
    public int capacity() {
        return kinds.length;
    }

    /** How many events the batch holds now. */
    public int size() {
        return count;
    }

    /** What event {@code i} is. */
    public Kind kind(int i) {
        return KINDS[kinds[i]];
    }

    /** Whether event {@code i} is a leaf (the common case, without the enum). */
    public boolean isLeaf(int i) {
        return kinds[i] == LEAF;
    }

    /** The first address of event {@code i}: a leaf's virtual address, a hole's or fault's first. */
    public long first(int i) {
        return firsts[i];
    }

    /** The last address (inclusive) of event {@code i}. */
    public long last(int i) {
        return lasts[i];
    }

    /** A leaf's size in bytes ({@code last - first + 1}). */
    public long size(int i) {
        return lasts[i] - firsts[i] + 1;
    }

    /** A leaf's physical address. */
    public long pa(int i) {
        return pas[i];
    }

    /** The level of event {@code i}, 0 for the root table's. */
    public int level(int i) {
        return levels[i];
    }

    /** A leaf's raw entry; a fault's entry (or, for {@link Failure#TABLE_OUTSIDE_MEMORY}, the table's address). */
    public long entry(int i) {
        return entries[i];
    }

    /** A leaf's packed attribute word. */
    public long attributes(int i) {
        return attributes[i];
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
    }

    /**
     * Delivers what the batch still holds, at the end of a walk; false if the walk was stopped
     * (then nothing is left to deliver).
     */
    public boolean finish() {
        return stopped ? false : count == 0 || deliver();
    }

    /**
     * Passes the batch's events, in order, to a per-event visitor; false as soon as it stops.
     * This is how a batched or parallel walk feeds code written for {@link WalkVisitor}.
     */
    public boolean replay(WalkVisitor visitor) {
        for (int i = 0; i < count; i++) {
            boolean go = switch (kinds[i]) {
                case LEAF -> visitor.leaf(firsts[i], pas[i], lasts[i] - firsts[i] + 1, levels[i], entries[i], attributes[i]);
                case HOLE -> visitor.hole(firsts[i], lasts[i], levels[i]);
                default -> visitor.fault(firsts[i], lasts[i], levels[i], entries[i], failures[i], messages[i]);
            };
            if (!go) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean leaf(long va, long pa, long size, int level, long entry, long attributes) {
        int i = count;
        kinds[i] = LEAF;
        firsts[i] = va;
        lasts[i] = va + size - 1;
        pas[i] = pa;
        levels[i] = level;
        entries[i] = entry;
        this.attributes[i] = attributes;
        return ++count < kinds.length || deliver();
    }

    @Override
    public boolean hole(long first, long last, int level) {
        int i = count;
        kinds[i] = HOLE;
        firsts[i] = first;
        lasts[i] = last;
        levels[i] = level;
        return ++count < kinds.length || deliver();
    }

    @Override
    public boolean fault(long first, long last, int level, long entry, Failure kind, String message) {
        int i = count;
        kinds[i] = FAULT;
        firsts[i] = first;
        lasts[i] = last;
        levels[i] = level;
        entries[i] = entry;
        failures[i] = kind;
        messages[i] = message;
        return ++count < kinds.length || deliver();
    }

    /** Copies {@code other}'s events into this batch (for handing them to another thread). */
    void copyFrom(LeafBatch other) {
        int n = other.count;
        System.arraycopy(other.kinds, 0, kinds, 0, n);
        System.arraycopy(other.firsts, 0, firsts, 0, n);
        System.arraycopy(other.lasts, 0, lasts, 0, n);
        System.arraycopy(other.pas, 0, pas, 0, n);
        System.arraycopy(other.entries, 0, entries, 0, n);
        System.arraycopy(other.attributes, 0, attributes, 0, n);
        System.arraycopy(other.levels, 0, levels, 0, n);
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
