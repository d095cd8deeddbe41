package org.ptdesc.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ptdesc.compiler.interp.Interpreter;
import org.ptdesc.compiler.interp.NestedInterpreter;
import org.ptdesc.compiler.ir.PairCombination;
import org.ptdesc.compiler.ir.WalkerIr;
import org.ptdesc.runtime.NestedWalker;
import org.ptdesc.runtime.TreeInfo;
import picocli.CommandLine.Option;

/**
 * The options of nested translation: a stage 2 tree (EPT, AMD nested paging, AArch64 stage 2,
 * RISC-V G-stage) that translates the guest tree's table reads and output addresses, and its
 * root register values. Absent, the command walks one tree as before.
 */
final class Stage2Options {

    @Option(names = "--stage2", paramLabel = "FILE",
            description = "Stage 2 descriptor (e.g. intel_ept.ptdesc): the guest tree (--desc) then lives in guest physical memory, and every address printed is host physical.")
    Path desc;

    @Option(names = "--stage2-tree", paramLabel = "NAME",
            description = "The stage 2 tree; default: the only tree, or the one named after the file.")
    String tree;

    @Option(names = "--stage2-root", paramLabel = "HEX", converter = HexConverter.class,
            description = "Raw stage 2 root register value (EPTP, nCR3, VTTBR_EL2, hgatp); repeat, in declaration order, for trees with several roots.")
    List<Long> roots = new ArrayList<>();

    @Option(names = "--stage2-param", paramLabel = "NAME=VALUE",
            description = "Give a stage 2 descriptor parameter a value, e.g. --stage2-param IPA_BITS=40.")
    Map<String, String> params = new LinkedHashMap<>();

    @Option(names = "--stage2-mode", paramLabel = "NAME=VALUE",
            description = "With --access: a mode bit of the stage 2 tree's rules (e.g. MBEC=1, XNX=1, MXR=1, NXE=0); the others keep their defaults.")
    List<String> modes = new ArrayList<>();

    /** True when {@code --stage2} was given. */
    boolean active() {
        return desc != null;
    }

    /** Rejects stage 2 options given without {@code --stage2}. */
    void requireComplete() {
        if (desc == null && (tree != null || !roots.isEmpty() || !params.isEmpty() || !modes.isEmpty())) {
            throw new UsageError("--stage2-tree, --stage2-root, --stage2-param and --stage2-mode need --stage2");
        }
    }

    /**
     * The guest tree of {@code guest} over this stage 2 tree, both compiled with diagnostics to
     * {@code err}: the generated pair class, or with {@code --interpret} the reference
     * {@link NestedInterpreter} over the interpreted stage 2 tree.
     */
    NestedWalker walker(DescriptorOptions guest, PrintWriter err) {
        DescriptorOptions host = new DescriptorOptions();
        host.desc = desc;
        host.tree = tree;
        host.params = params;
        host.interpret = guest.interpret;
        WalkerIr guestIr = guest.treeIr(err);
        WalkerIr hostIr = host.treeIr(err);
        // The pair itself is checked against the stage 2 tree's combined declarations, located at
        // them: a guest attribute of another type is an error; a guest tree without the
        // attributes they read composes all the same, without combined attributes (a warning).
        PairCombination pairing = PairCombination.bind(guestIr, hostIr);
        if (!pairing.warnings().isEmpty()) {
            err.println(pairing.renderWarnings());
        }
        if (!pairing.errors().isEmpty()) {
            err.println(pairing.renderErrors());
            err.flush();
            throw new UserError(desc + ": stage 2 tree " + hostIr.name() + " cannot be paired with guest tree "
                    + guestIr.name());
        }
        return guest.interpret ? new NestedInterpreter(guestIr, hostIr, new Interpreter(hostIr))
                : Engines.generatedPair(guestIr, hostIr);
    }

    /**
     * The access to check through both stages, or null when none is: {@code access}'s kind,
     * user flag and (guest) modes, and this tree's {@code --stage2-mode} values. Checked before
     * any output, so a mistake prints nothing but the error.
     */
    NestedCheck check(AccessOptions access, NestedWalker walker) {
        if (!access.checked()) {
            if (!modes.isEmpty()) {
                throw new UsageError("--stage2-mode needs --access read|write|execute");
            }
            return null;
        }
        long hostModes;
        try {
            hostModes = walker.hostInfo().parseModes(modes);
        } catch (IllegalArgumentException e) {
            throw new UserError("--stage2-mode: " + e.getMessage());
        }
        return new NestedCheck(access.access(), access.modeWord(walker.guestInfo()), hostModes);
    }

    /** An access and both stages' mode words. */
    record NestedCheck(int access, long guestModes, long hostModes) {}

    /** The stage 2 root values, checked against the tree's roots. */
    long[] roots(TreeInfo info) {
        if (roots.size() != info.roots().size()) {
            List<String> names = info.roots().stream().map(TreeInfo.RootInfo::register).toList();
            throw new UserError("stage 2 tree " + info.name() + " needs " + names.size() + " --stage2-root value(s), for "
                    + String.join(", ", names) + " in that order; got " + roots.size());
        }
        return roots.stream().mapToLong(Long::longValue).toArray();
    }
}
