package org.ptdesc.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ptdesc.compiler.ir.Eval;
import org.ptdesc.compiler.ir.Level;
import org.ptdesc.compiler.ir.Rule;
import org.ptdesc.compiler.ir.WalkerIr;
import org.ptdesc.view.RuleBook;

/**
 * The rules of a compiled tree for {@code ptdesc view}'s details: each rule's kind, its
 * {@code file:line} and the text of that line, and which rule decides an entry, found by trying
 * the level's conditions in order with the IR's one evaluator (as both engines do).
 */
final class DescriptorRules implements RuleBook {
    private final List<RuleText> texts = new ArrayList<>();
    private final List<List<Rule>> byLevel = new ArrayList<>();
    private final int[] firstIndex;

    DescriptorRules(WalkerIr ir, Path source) {
        List<String> lines = readLines(source);
        String file = source.getFileName().toString();
        firstIndex = new int[ir.levels().size()];
        for (int l = 0; l < ir.levels().size(); l++) {
            Level level = ir.levels().get(l);
            firstIndex[l] = texts.size();
            byLevel.add(level.rules());
            for (Rule r : level.rules()) {
                String kind = switch (r) {
                    case Rule.Invalid i -> "invalid";
                    case Rule.Table t -> "table";
                    case Rule.Leaf f -> "leaf";
                    case Rule.Fault f -> "fault";
                };
                int line = r.line();
                String text = line >= 1 && line <= lines.size() ? lines.get(line - 1).strip() : kind + " rule";
                texts.add(new RuleText(l, kind, file + ":" + line, text));
            }
        }
    }

    private static List<String> readLines(Path source) {
        try {
            return Files.readAllLines(source);
        } catch (IOException | RuntimeException e) {
            return List.of(); // the details then name the rule's kind and line without its text
        }
    }

    @Override
    public List<RuleText> rules() {
        return texts;
    }

    @Override
    public int match(int level, long entry, long va) {
        if (level < 0 || level >= byLevel.size()) {
            return -1;
        }
        List<Rule> rules = byLevel.get(level);
        for (int i = 0; i < rules.size(); i++) {
            if (Eval.eval(rules.get(i).condition(), entry, va, 0) != 0) {
                return firstIndex[level] + i;
            }
        }
        return -1;
    }
}
