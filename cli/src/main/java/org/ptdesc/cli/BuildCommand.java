package org.ptdesc.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.Callable;
import org.ptdesc.compiler.encode.EncodingDerivation;
import org.ptdesc.compiler.encode.MapperIr;
import org.ptdesc.compiler.ir.WalkerIr;
import org.ptdesc.compiler.source.Diagnostic;
import org.ptdesc.compiler.source.Diagnostics;
import org.ptdesc.runtime.MapOutcome;
import org.ptdesc.runtime.PhysicalMemory;
import org.ptdesc.runtime.TablePool;
import org.ptdesc.runtime.TreeMapper;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code ptdesc build}: builds a tree from the mappings {@code walk --format tsv} prints, in a
 * new raw image (physical address = file offset + base), with the mapper generated from the
 * descriptor; prints {@code root 0x...} per root. walk, build, walk again: the same TSV.
 */
@Command(name = "build", description = "Build a tree from walk's TSV mappings in a new raw image; print its roots.")
final class BuildCommand implements Callable<Integer> {

    /** Images larger than this are refused (a hostile TSV must not exhaust memory). */
    static final long MAX_IMAGE = 4L << 30;

    @Spec
    CommandSpec spec;

    @Mixin
    DescriptorOptions descriptor;

    @Option(names = "--mappings", required = true, paramLabel = "TSV",
            description = "The mappings, as ptdesc walk --format tsv prints them.")
    Path mappings;

    @Option(names = "--out", required = true, paramLabel = "IMAGE", description = "The raw image to write.")
    Path out;

    @Option(names = "--base", paramLabel = "HEX", converter = HexConverter.class,
            description = "Physical address of the image's first byte (default 0).")
    long base = 0;

    @Override
    public Integer call() throws IOException {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        WalkerIr ir = descriptor.treeIr(err);
        MapperIr m = mapperIr(ir, err);
        TreeMapper mapper = descriptor.interpret ? Engines.interpretedMapper(m) : Engines.generatedMapper(m);
        List<MappingsFile.Line> lines = MappingsFile.read(mappings, mapper.pageSizes());
        long bytes = (TableBudget.bytes(m, lines) + 4095) & -4096L;
        if (bytes > MAX_IMAGE) {
            throw new UserError(mappings + ": the tree would need " + Sizes.human(bytes) + " of tables (at most "
                    + Sizes.human(MAX_IMAGE) + ")");
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment segment = arena.allocate(bytes, 4096);
            PhysicalMemory mem = PhysicalMemory.of(segment, base);
            TablePool pool = new TablePool(mem, base, bytes);
            long[] roots = new long[ir.roots().size()];
            for (int r = 0; r < roots.length; r++) {
                roots[r] = mapper.newRoot(mem, r, pool);
                if (roots[r] == TreeMapper.NO_ROOT) {
                    throw new UserError("root " + ir.roots().get(r).register() + " cannot name a table at base 0x"
                            + Long.toHexString(base) + " (choose another --base)");
                }
            }
            for (MappingsFile.Line line : lines) {
                MapOutcome o = mapper.map(mem, roots, line.va(), line.pa(), line.size(), line.attributes(), line.size(),
                        0, pool);
                if (!o.ok()) {
                    throw new UserError(mappings + ":" + line.number() + ": cannot map 0x" + Long.toHexString(line.va())
                            + " -> 0x" + Long.toHexString(line.pa()) + " (0x" + Long.toHexString(line.size())
                            + " bytes, attributes 0x" + Long.toHexString(line.attributes()) + "): " + o);
                }
            }
            TableSharing.Layout layout = TableSharing.share(m, mem, roots, base);
            write(MemorySegment.ofArray(layout.image()));
            for (long root : layout.roots()) {
                stdout.println("root 0x" + Long.toHexString(root));
            }
            stdout.flush();
        }
        return 0;
    }

    private MapperIr mapperIr(WalkerIr ir, PrintWriter err) {
        Diagnostics d = new Diagnostics();
        MapperIr m = EncodingDerivation.derive(ir, d).orElse(null);
        for (Diagnostic x : d.all()) {
            err.println(x.render());
        }
        err.flush();
        if (m == null) {
            throw new UserError(descriptor.desc + ": tree " + ir.name() + " cannot be built");
        }
        return m;
    }

    /**
     * Writes the image to a temporary file beside {@code out} and renames it into place, so a
     * failed build leaves no half-written image; a device or FIFO given as {@code out} is written
     * through (a rename would replace it with a file). Whatever keeps the image from being
     * written is an {@link OutputFailure}: exit status 3.
     */
    private void write(MemorySegment used) {
        Path target = out.toAbsolutePath();
        if (Files.isDirectory(target)) {
            throw OutputFailure.of(new IOException(out + ": it is a directory"));
        }
        if (Files.exists(target) && !Files.isRegularFile(target)) {
            writeTo(target, used, StandardOpenOption.WRITE);
            return;
        }
        Path dir = target.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw OutputFailure.of(new IOException(out + ": the directory does not exist"));
        }
        Path temp = null;
        try {
            temp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
            writeTo(temp, used, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            temp = null;
        } catch (IOException e) {
            throw OutputFailure.of(new IOException(out + ": " + e.getMessage(), e));
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // Best effort: the failure that brought us here is what the user needs to see.
                }
            }
        }
    }

    private void writeTo(Path file, MemorySegment used, StandardOpenOption... options) {
        try (FileChannel ch = FileChannel.open(file, options)) {
            ByteBuffer buffer = used.asByteBuffer();
            while (buffer.hasRemaining()) {
                ch.write(buffer);
            }
        } catch (IOException e) {
            throw OutputFailure.of(new IOException(out + ": " + e.getMessage(), e));
        }
    }
}
