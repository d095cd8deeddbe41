package org.ptdesc.runtime;

/**
 * The visitor an access-checked walk hands to the plain walk: it asks the walker's permission
 * rules about each leaf and passes the leaf on to {@link WalkVisitor#leaf} or
 * {@link WalkVisitor#denied}; every other event goes through unchanged.
 */
final class AccessFilter implements WalkVisitor {

    private final TreeWalker walker;
    private final int access;
    private final long modes;
    private final WalkVisitor target;

    AccessFilter(TreeWalker walker, int access, long modes, WalkVisitor target) {
        this.walker = walker;
        this.access = access;
        this.modes = modes;
        this.target = target;
    }

    @Override
    public boolean leaf(long va, long pa, long size, int level, long entry, long attributes) {
        int rule = walker.denyingRule(entry, attributes, access, modes);
        if (rule < 0) {
            return target.leaf(va, pa, size, level, entry, attributes);
        }
        return target.denied(va, pa, size, level, entry, attributes, rule,
                walker.info().permissions().get(rule).text());
    }

    @Override
    public boolean hole(long first, long last, int level) {
        return target.hole(first, last, level);
    }

    @Override
    public Action pre(long first, long last, int level, long table) {
        return target.pre(first, last, level, table);
    }

    @Override
    public boolean post(long first, long last, int level, long table) {
        return target.post(first, last, level, table);
    }

    @Override
    public boolean fault(long first, long last, int level, long entry, Failure kind, String message) {
        return target.fault(first, last, level, entry, kind, message);
    }
}
