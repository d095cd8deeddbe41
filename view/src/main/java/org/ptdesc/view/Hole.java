package org.ptdesc.view;

/** A stretch {@code first..last} (inclusive, unsigned) whose entries at {@code level} map nothing. */
public record Hole(long first, long last, int level) {}
