package org.ptdesc.view;

import java.util.List;

/**
 * The descriptor's rules as a reader sees them (kind, source location, text), and which one
 * decides a given entry. The runtime alone does not know rules, so whoever compiled the
 * descriptor supplies this; {@link #NONE} gives pictures without rule details.
 */
public interface RuleBook {

    /** A rule of a level: {@code kind} is invalid, table, leaf or fault; {@code where} is file:line. */
    record RuleText(int level, String kind, String where, String text) {}

    /** Every rule, in level order and, within a level, in the order they are tried. */
    List<RuleText> rules();

    /** The index in {@link #rules()} of the rule that decides {@code entry} at {@code level}, or -1. */
    int match(int level, long entry, long va);

    /** No rules known. */
    RuleBook NONE = new RuleBook() {
        @Override
        public List<RuleText> rules() {
            return List.of();
        }

        @Override
        public int match(int level, long entry, long va) {
            return -1;
        }
    };
}
