package org.ptdesc.compiler.codegen;

import static org.objectweb.asm.Opcodes.*;

import java.lang.classfile.Attributes;
import java.lang.classfile.ClassFile;
import java.lang.classfile.MethodModel;
import java.lang.classfile.attribute.CodeAttribute;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.ptdesc.compiler.ir.EntryRegion;
import org.ptdesc.compiler.ir.Level;
import org.ptdesc.compiler.ir.RegionSearch;
import org.ptdesc.compiler.ir.Rule;
import org.ptdesc.compiler.ir.WalkerIr;

/**
 * Chooses the {@link TranslatePlan} that keeps every plain {@code translate} method within the
 * JIT's inlining budget. A tree whose rules all fit inline keeps them inline (the fastest code,
 * no call anywhere). Otherwise levels get a fast accept, one at a time, the level that saves the
 * most bytes first, until the methods fit: at a level above the last, the region of its table
 * rule, so that the common translation goes on to the next level inline; at the last level, the
 * region of its first leaf rule. A level whose rule has no provable region stays inline. Then,
 * while the methods still fit, the regions of those levels' other mapping rules (superpages) are
 * added, from the lowest level up. Sizes are measured on the emitted bytecode, so the choice is exact and deterministic.
 *
 * <p>Last, the chosen plan reads a flat memory's segment directly ({@link TranslatePlan#flatReads})
 * when that version of it still fits the budget; flat reads never move a level out of line, so a
 * tree too big for them keeps reading through the memory, as every tree did before them.
 */
final class TranslatePlanner {

    /** HotSpot's {@code FreqInlineSize}: a hot method of at most this many bytecode bytes is inlined. */
    static final int FREQ_INLINE_SIZE = 325;

    private final WalkerIr ir;
    private final String owner;

    private TranslatePlanner(WalkerIr ir, String owner) {
        this.ir = ir;
        this.owner = owner;
    }

    /** The plan for {@code ir}'s translate methods in class {@code owner}, within {@code budget} bytes if it can. */
    static TranslatePlan plan(WalkerIr ir, String owner, int budget) {
        TranslatePlanner planner = new TranslatePlanner(ir, owner);
        TranslatePlan plan = planner.choose(budget);
        TranslatePlan flat = plan.withFlatReads(true);
        return planner.size(plan) <= budget && planner.size(flat) <= budget ? flat : plan;
    }

    private TranslatePlan choose(int budget) {
        int levels = ir.levels().size();
        TranslatePlan plan = TranslatePlan.inline(levels);
        int inlineSize = size(plan);
        if (inlineSize <= budget) {
            return plan;
        }
        List<List<TranslatePlan.FastRule>> candidates = new ArrayList<>();
        record Gain(int level, int bytes) {}
        List<Gain> gains = new ArrayList<>();
        for (int i = 0; i < levels; i++) {
            List<TranslatePlan.FastRule> rules = candidates(i);
            candidates.add(rules);
            if (!rules.isEmpty()) {
                int saved = inlineSize - size(plan.with(i, rules.subList(0, 1)));
                if (saved > 0) {
                    gains.add(new Gain(i, saved));
                }
            }
        }
        gains.sort(Comparator.comparingInt(Gain::bytes).reversed().thenComparingInt(Gain::level));
        int size = inlineSize;
        for (Gain g : gains) {
            if (size <= budget) {
                break;
            }
            plan = plan.with(g.level(), candidates.get(g.level()).subList(0, 1));
            size = size(plan);
        }
        if (size > budget) {
            return plan;
        }
        // Smaller superpages first: a tree holds more 2 MiB pages than 1 GiB pages.
        for (int i = levels - 1; i >= 0; i--) {
            if (!plan.outOfLine(i)) {
                continue;
            }
            for (TranslatePlan.FastRule extra : candidates.get(i).subList(1, candidates.get(i).size())) {
                List<TranslatePlan.FastRule> more = new ArrayList<>(plan.fast().get(i));
                more.add(extra);
                TranslatePlan wider = plan.with(i, more);
                if (size(wider) <= budget) {
                    plan = wider;
                }
            }
        }
        return plan;
    }

    /**
     * The fast accepts level {@code index} could have, the one it needs first: the table rule's
     * region (the leaf's at the last level), then the other mapping rules' regions in order.
     * Empty when that first region cannot be found.
     */
    private List<TranslatePlan.FastRule> candidates(int index) {
        Level level = ir.levels().get(index);
        boolean last = index == ir.levels().size() - 1;
        List<TranslatePlan.FastRule> main = new ArrayList<>();
        List<TranslatePlan.FastRule> extras = new ArrayList<>();
        for (int r = 0; r < level.rules().size(); r++) {
            Rule rule = level.rules().get(r);
            if (!(rule instanceof Rule.Table || rule instanceof Rule.Leaf)) {
                continue;
            }
            boolean wanted = main.isEmpty() && (last ? rule instanceof Rule.Leaf : rule instanceof Rule.Table);
            Optional<EntryRegion> region = RegionSearch.find(level, r, ir.entryBytes() * 8);
            if (region.isEmpty()) {
                continue;
            }
            (wanted ? main : extras).add(new TranslatePlan.FastRule(r, region.get()));
        }
        if (main.isEmpty()) {
            return List.of();
        }
        main.addAll(extras);
        return main;
    }

    /** The largest code length of the public translate methods emitted with {@code plan} (the twins are called, never inlined). */
    private int size(TranslatePlan plan) {
        StableClassWriter writer = new StableClassWriter();
        writer.visit(WalkerGenerator.CLASS_VERSION, ACC_PUBLIC | ACC_FINAL | ACC_SUPER, owner, null, "java/lang/Object", null);
        new TranslateEmitter(ir, owner, plan).emitPublic(writer);
        writer.visitEnd();
        int largest = 0;
        for (MethodModel m : ClassFile.of().parse(writer.toByteArray()).methods()) {
            largest = Math.max(largest, m.findAttribute(Attributes.code()).map(CodeAttribute::codeLength).orElse(0));
        }
        return largest;
    }
}
