package org.ptdesc.view;

import org.ptdesc.runtime.Failure;

/**
 * A stretch that could not be walked: its entry at {@code level} matched a fault rule or no
 * rule, or its table lay outside the image ({@code entry} is then the unreadable address).
 */
public record Fault(long first, long last, int level, long entry, Failure kind, String message) {}
