package org.ptdesc.bench;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * {@link ListingBenchmark} measures what it says: the command succeeds on each tree and format,
 * and writes as many bytes on two threads as on one (the listings themselves are compared
 * byte for byte by the command line's own tests).
 */
class ListingBenchmarkTest {

    private static long bytes(String tree, String format, int threads) throws IOException {
        ListingBenchmark b = new ListingBenchmark();
        b.tree = tree;
        b.format = format;
        b.threads = threads;
        b.setUp();
        try {
            return b.walk();
        } finally {
            b.tearDown();
        }
    }

    @Test
    void everyCaseListsTheSameBytesOnOneAndTwoThreads() throws IOException {
        for (String format : new String[] {"tsv", "text"}) {
            long one = bytes("image", format, 1);
            assertTrue(one > 100_000, format + ": " + one + " bytes");
            assertEquals(one, bytes("image", format, 2), format);
        }
        // The large tree's TSV: a header and one line per leaf, each at least 30 bytes.
        long large = bytes("large", "tsv", 2);
        assertTrue(large > 30L * 4_194_304, large + " bytes");
    }
}
