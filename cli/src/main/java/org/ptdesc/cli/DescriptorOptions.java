package org.ptdesc.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.ptdesc.compiler.Compilation;
import org.ptdesc.compiler.Ptdesc;
import org.ptdesc.compiler.interp.Interpreter;
import org.ptdesc.compiler.ir.WalkerIr;
import org.ptdesc.runtime.TreeWalker;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The options that pick a tree: the descriptor file, the tree in it, parameter values, and the engine. */
final class DescriptorOptions {

    @Option(names = "--desc", required = true, paramLabel = "FILE", description = "The .ptdesc descriptor.")
    Path desc;

    @Option(names = "--tree", paramLabel = "NAME",
            description = "The tree to use; default: the only tree, or the one named after the file.")
    String tree;

    @Option(names = {"-P", "--param"}, paramLabel = "NAME=VALUE",
            description = "Give a descriptor parameter a value (decimal, 0x hex or 0b binary), e.g. -P MAXPHYADDR=46.")
    Map<String, String> params = new LinkedHashMap<>();

    @Mixin
    IncludeRootOptions includeRoots = new IncludeRootOptions();

    @Option(names = "--interpret", description = "Use the reference interpreter instead of a generated walker.")
    boolean interpret;

    /** Parameter overrides as numbers. */
    Map<String, Long> parameters() {
        return parseParameters(params);
    }

    static Map<String, Long> parseParameters(Map<String, String> params) {
        Map<String, Long> out = new LinkedHashMap<>();
        params.forEach((k, v) -> {
            String s = v.strip().replace("_", "");
            String lower = s.toLowerCase(java.util.Locale.ROOT);
            int radix = lower.startsWith("0x") ? 16 : lower.startsWith("0b") ? 2 : 10;
            String digits = radix == 10 ? s : s.substring(2);
            try {
                if (digits.isEmpty() || !Digits.allAscii(digits, radix)) {
                    throw new NumberFormatException();
                }
                out.put(k, Long.parseUnsignedLong(digits, radix));
            } catch (NumberFormatException e) {
                throw new UsageError("parameter " + k + ": '" + v + "' is not a 64-bit number (decimal, 0x hex or 0b binary)");
            }
        });
        return out;
    }

    /** Compiles the descriptor (diagnostics to {@code err}) and returns the chosen tree's IR. */
    WalkerIr treeIr(PrintWriter err) {
        Compilation c = Ptdesc.compile(desc, parameters(), includeRoots.roots());
        if (!c.diagnostics().isEmpty()) {
            err.print(c.renderDiagnostics());
            err.flush();
        }
        if (c.hasErrors()) {
            throw new UserError(desc + ": the descriptor has errors");
        }
        return choose(c.trees());
    }

    /** A walker for the chosen tree. */
    TreeWalker walker(PrintWriter err) {
        WalkerIr ir = treeIr(err);
        return interpret ? new Interpreter(ir) : Engines.generated(ir);
    }

    private WalkerIr choose(List<WalkerIr> trees) {
        String names = trees.stream().map(WalkerIr::name).collect(Collectors.joining(", "));
        if (tree != null) {
            return trees.stream().filter(t -> t.name().equals(tree)).findFirst()
                    .orElseThrow(() -> new UserError(desc + " has no tree '" + tree + "'; it has: " + names));
        }
        if (trees.isEmpty()) {
            throw new UserError(desc + " declares no tree (only formats and parameters, for include)");
        }
        if (trees.size() == 1) {
            return trees.getFirst();
        }
        String fileName = desc.getFileName().toString().replaceFirst("\\.ptdesc$", "");
        return trees.stream().filter(t -> t.name().equals(fileName)).findFirst()
                .orElseThrow(() -> new UserError(desc + " has several trees; choose one with --tree: " + names));
    }
}
