package org.ptdesc.runtime;

/**
 * What a {@link TreeMapper} operation did: {@link #OK} (one shared instance, so success
 * allocates nothing), or why it stopped, at which address and level, and the entry it found
 * there. An operation that stops has done the part of the range before {@code va}.
 */
public record MapOutcome(Kind kind, long va, int level, long entry) {

    /** Why an operation stopped. */
    public enum Kind {
        /** Done. */
        OK,
        /** The range is already (partly) mapped, and the caller did not ask to replace it. */
        CONFLICT,
        /** Address, physical address or size not aligned to the page size, or a size of zero. */
        MISALIGNED,
        /** The range is outside the tree's walkable ranges, or spans two roots. */
        OUT_OF_RANGE,
        /**
         * The description cannot write it: these attributes at any page size that fits, this
         * page size, this physical address (beyond what an entry holds), or a table address the
         * allocator gave.
         */
        NOT_ENCODABLE,
        /** The allocator had no table left. */
        NO_MEMORY,
        /** A table on the way is outside the memory. */
        TABLE_OUTSIDE_MEMORY,
        /** An entry on the way matches a fault rule or no rule. */
        FAULT
    }

    /** Success. */
    public static final MapOutcome OK = new MapOutcome(Kind.OK, 0, -1, 0);

    /** A failure (generated mappers call this, on failure paths only). */
    public static MapOutcome failed(int kind, long va, int level, long entry) {
        return new MapOutcome(Kind.values()[kind], va, level, entry);
    }

    /** True on success. */
    public boolean ok() {
        return kind == Kind.OK;
    }

    @Override
    public String toString() {
        return ok() ? "OK" : kind + " at 0x" + Long.toHexString(va) + (level >= 0 ? ", level " + level : "")
                + (kind == Kind.CONFLICT || kind == Kind.FAULT ? ", entry 0x" + Long.toHexString(entry) : "");
    }
}
