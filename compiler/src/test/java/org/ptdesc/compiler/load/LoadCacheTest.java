package org.ptdesc.compiler.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ptdesc.compiler.Ptdesc;
import org.ptdesc.compiler.ir.WalkerIr;
import org.ptdesc.runtime.PhysicalMemory;
import org.ptdesc.runtime.TreeWalker;

/**
 * The run-time cache: it compiles the bytes it stamps (an edit during a compile is a change for
 * the next call), a hit hashes nothing while size and time are unchanged, and compiles of
 * different files run side by side.
 */
class LoadCacheTest {

    @TempDir
    Path dir;

    /** A one-level tree of 16 4-KiB pages; an entry maps when bit {@code VALID} is set. */
    private static String tree(int validBit) {
        return """
                tree tiny {
                    address 16 bits;
                    offset 12 bits;
                    entry 64 bits;
                    root r = r;
                    flag V [%d];
                    field frame [63:12];
                    level L bits 4 {
                        invalid when !V;
                        leaf -> frame << 12;
                    }
                }
                """.formatted(validBit);
    }

    /** The valid bit the walker was compiled with: entry 1 has only bit 1 set, entry 2 only bit 0. */
    private static int validBit(TreeWalker w) {
        PhysicalMemory mem = PhysicalMemory.of(Arena.ofAuto().allocate(0x2000, 8));
        mem.writeLong(0x1000 + 8, 0x5000 | 2, false);
        mem.writeLong(0x1000 + 16, 0x6000 | 1, false);
        boolean one = w.translate(mem, 0x1000, 0x1234) == 0x5234;
        boolean zero = w.translate(mem, 0x1000, 0x2234) == 0x6234;
        assertTrue(one != zero, "exactly one of the two entries maps");
        return one ? 1 : 0;
    }

    private static final TreeCompiler FRONT_END = (file, parameters, reader) -> {
        var c = Ptdesc.compile(file, parameters, reader);
        if (c.hasErrors()) {
            throw new IllegalArgumentException(c.renderDiagnostics());
        }
        return c.trees();
    };

    private static LoadCache cache(TreeCompiler compiler) {
        return new LoadCache(compiler, new WalkerLoader(TreeWalker.class.getClassLoader()));
    }

    private static void write(Path file, String text, Instant modified) throws IOException {
        Files.writeString(file, text);
        Files.setLastModifiedTime(file, FileTime.from(modified));
    }

    @Test
    void anEditDuringTheCompileIsNotRecordedAsBuilt() throws IOException {
        Path file = dir.resolve("tiny.ptdesc");
        Instant hourAgo = Instant.now().minusSeconds(3600);
        write(file, tree(0), hourAgo);
        AtomicBoolean editOnce = new AtomicBoolean(true);
        LoadCache cache = cache((f, parameters, reader) -> {
            List<WalkerIr> irs = FRONT_END.compile(f, parameters, reader);
            if (editOnce.getAndSet(false)) {
                try {
                    write(file, tree(1), hourAgo.plusSeconds(60));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return irs;
        });
        TreeWalker first = cache.load(file, "tiny", Map.of());
        TreeWalker second = cache.load(file, "tiny", Map.of());
        assertEquals(0, validBit(first), "compiled from the bytes read, not from the file after the edit");
        assertNotSame(first, second, "the edit made during the compile is a change");
        assertEquals(1, validBit(second));
        assertSame(second, cache.load(file, "tiny", Map.of()));
    }

    @Test
    void aHitHashesNothingWhileSizeAndTimeAreUnchanged() throws IOException {
        Path file = dir.resolve("tiny.ptdesc");
        Instant hourAgo = Instant.now().minusSeconds(3600);
        write(file, tree(0), hourAgo);
        LoadCache cache = cache(FRONT_END);
        TreeWalker first = cache.load(file, "tiny", Map.of());
        long hashed = InputStamp.HASHED.get();
        for (int i = 0; i < 5; i++) {
            assertSame(first, cache.load(file, "tiny", Map.of()));
        }
        assertEquals(hashed, InputStamp.HASHED.get(), "no file hashed on a hit");

        Files.setLastModifiedTime(file, FileTime.from(hourAgo.plusSeconds(5)));
        assertSame(first, cache.load(file, "tiny", Map.of()), "same content under a new time");
        assertEquals(hashed + 1, InputStamp.HASHED.get(), "hashed once, because the time moved");
        assertSame(first, cache.load(file, "tiny", Map.of()));
        assertEquals(hashed + 1, InputStamp.HASHED.get(), "the new time is remembered");
    }

    @Test
    void anEditInTheSameClockTickIsSeenWhileTheTimeIsRecent() throws IOException {
        Path file = dir.resolve("tiny.ptdesc");
        Instant now = Instant.now();
        write(file, tree(0), now);
        LoadCache cache = cache(FRONT_END);
        TreeWalker first = cache.load(file, "tiny", Map.of());
        write(file, tree(1), now); // same size, same time: only the content tells
        TreeWalker second = cache.load(file, "tiny", Map.of());
        assertNotSame(first, second);
        assertEquals(1, validBit(second));
    }

    @Test
    void compilesOfDifferentFilesDoNotWaitForEachOther() throws Exception {
        Path a = dir.resolve("a.ptdesc");
        Path b = dir.resolve("b.ptdesc");
        Files.writeString(a, tree(0));
        Files.writeString(b, tree(1));
        CountDownLatch aCompiling = new CountDownLatch(1);
        CountDownLatch bLoaded = new CountDownLatch(1);
        AtomicBoolean aSawB = new AtomicBoolean();
        LoadCache cache = cache((f, parameters, reader) -> {
            if (f.equals(a)) {
                aCompiling.countDown();
                try {
                    // With one lock for the whole cache, b could not load until this returns.
                    aSawB.set(bLoaded.await(30, TimeUnit.SECONDS));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return FRONT_END.compile(f, parameters, reader);
        });
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread loadA = Thread.ofPlatform().start(() -> {
            try {
                cache.load(a, "tiny", Map.of());
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        assertTrue(aCompiling.await(30, TimeUnit.SECONDS));
        assertEquals(1, validBit(cache.load(b, "tiny", Map.of())));
        bLoaded.countDown();
        loadA.join(60_000);
        assertEquals(null, failure.get());
        assertTrue(aSawB.get(), "b was compiled and loaded while a's compile was still running");
    }
}
