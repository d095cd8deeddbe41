package org.ptdesc.view;

/** A table the walk entered: its entries are at {@code level}, cover {@code first..last}, and it sits at {@code address}. */
public record Table(long first, long last, int level, long address) {}
