package org.ptdesc.runtime;

/**
 * A {@link BatchVisitor} that also takes a table's entries undecoded: a batched walk
 * ({@link TreeWalker#walkBatched}) whose batch was made for one hands it each wholly readable
 * table of a level without table rules (x86-64's page tables, the last level of most trees) as
 * an {@link EntryRun}, instead of decoding the table into the batch. The events of the walk
 * then come as batches and runs in address order: the batch is delivered before each run.
 * Which tables come as runs is the walker's choice (a walker that is not generated fills the
 * batch with every event), so a consumer must read both.
 *
 * <p>This is the fast way through a large tree: a run costs the walk nothing per entry, and the
 * consumer's loop over it reads and decodes each entry only as far as it asks
 * (bench/RESULTS.md).
 */
public interface RunVisitor extends BatchVisitor {

    /** The next entries of the walk, after every event delivered before. Return false to stop the walk. */
    boolean acceptRun(EntryRun run);
}
