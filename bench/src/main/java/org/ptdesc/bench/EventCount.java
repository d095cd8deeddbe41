package org.ptdesc.bench;

import org.ptdesc.runtime.BatchVisitor;
import org.ptdesc.runtime.LeafBatch;

/** A batch consumer that counts the events and nothing else: small enough that the JIT always inlines it. */
final class EventCount implements BatchVisitor {
    long events;

    @Override
    public boolean accept(LeafBatch b) {
        events += b.size();
        return true;
    }
}
