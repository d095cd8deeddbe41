package org.ptdesc.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.ptdesc.cli.Main;

/**
 * {@code ptdesc walk}, the command, in one JVM: the listing of the large benchmark tree (4 194 304
 * leaves, written as a raw image) or of the largest bundled image, as TSV (a line per leaf) or
 * text (coalesced ranges), on {@code threads} threads ({@code 1} is the baseline), its
 * standard output counted and dropped. What it measures is the command's own work after start-up:
 * walking, formatting, writing.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class ListingBenchmark {

    @Param({"large", "image"})
    public String tree;

    @Param({"tsv", "text"})
    public String format;

    @Param({"1", "2"})
    public int threads;

    private Path raw;
    private String[] args;
    private final Counted out = new Counted();

    @Setup
    public void setUp() throws IOException {
        Path descriptor = SampleDescriptors.directory().resolve("x86_64.ptdesc");
        List<String> a = new ArrayList<>(List.of("walk", "--desc", descriptor.toString()));
        if (tree.equals("image")) {
            LargestImage image = LargestImage.find();
            a.addAll(List.of("--image", image.dump().toString(), "--root", "0x" + Long.toHexString(image.cr3())));
        } else {
            X86TreeImage image = X86TreeImage.named(tree);
            raw = Files.createTempFile("ptdesc-listing-", ".raw");
            try (FileChannel ch = FileChannel.open(raw, StandardOpenOption.WRITE)) {
                ch.write(image.segment().asByteBuffer());
            }
            a.addAll(List.of("--image", raw.toString(), "--base", "0", "--root", "0x" + Long.toHexString(image.cr3())));
        }
        a.addAll(List.of("--format", format, "--threads", String.valueOf(threads)));
        args = a.toArray(String[]::new);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        if (raw != null) {
            Files.deleteIfExists(raw);
        }
    }

    @Benchmark
    public long walk() {
        out.bytes = 0;
        int status = Main.run(out, OutputStream.nullOutputStream(), args);
        if (status != 0) {
            throw new IllegalStateException("ptdesc walk ended with status " + status);
        }
        return out.bytes;
    }

    /** Standard output that counts what it is given, so the listing's bytes are a result. */
    static final class Counted extends OutputStream {
        long bytes;

        @Override
        public void write(int b) {
            bytes++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            bytes += len;
        }
    }
}
