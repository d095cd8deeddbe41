package org.ptdesc.bench;

import java.lang.foreign.MemorySegment;
import java.util.Map;
import org.ptdesc.bench.generic.GenericWalker;
import org.ptdesc.bench.generic.X86Lookups;
import org.ptdesc.compiler.Compilation;
import org.ptdesc.compiler.Ptdesc;
import org.ptdesc.compiler.interp.Interpreter;
import org.ptdesc.compiler.ir.WalkerIr;
import org.ptdesc.runtime.TreeWalker;

/**
 * The x86-64 walkers compared by the benchmarks, each made for the segment holding the tree.
 * The benchmarks call all of them through {@link TreeWalker}, so the call shape is the same;
 * JMH runs each in its own JVM, where that call site sees one class.
 */
public enum Engine {
    /**
     * The walker generated from {@code samples/descriptors/x86_64.ptdesc}, loaded the way users
     * load it: {@code Ptdesc.load(file, "x86_64")}.
     */
    GENERATED {
        @Override
        public TreeWalker create(MemorySegment segment) {
            return Ptdesc.load(SampleDescriptors.file("x86_64.ptdesc"), "x86_64");
        }
    },
    /** {@link HandWrittenX86Walker}: the bar. */
    HAND_WRITTEN {
        @Override
        public TreeWalker create(MemorySegment segment) {
            return new HandWrittenX86Walker(segment);
        }
    },
    /** {@link GenericWalker} over {@link X86Lookups}: one function object per level. */
    GENERIC {
        @Override
        public TreeWalker create(MemorySegment segment) {
            return new GenericWalker(X86Lookups.x86_64(), segment);
        }
    },
    /** The reference interpreter over the IR of {@code x86_64.ptdesc}. */
    INTERPRETER {
        @Override
        public TreeWalker create(MemorySegment segment) {
            return new Interpreter(x86Ir());
        }
    };

    /** A walker for trees held in {@code segment} (physical address = segment offset). */
    public abstract TreeWalker create(MemorySegment segment);

    /** The IR of {@code samples/descriptors/x86_64.ptdesc}, compiled by the front end. */
    static WalkerIr x86Ir() {
        Compilation c = Ptdesc.compile(SampleDescriptors.file("x86_64.ptdesc"), Map.of());
        if (c.hasErrors()) {
            throw new IllegalStateException(c.renderDiagnostics());
        }
        return c.tree("x86_64").orElseThrow();
    }
}
