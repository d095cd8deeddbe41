package org.ptdesc.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.classfile.ClassFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.util.CheckClassAdapter;
import org.ptdesc.compiler.source.Diagnostic;
import org.ptdesc.compiler.source.Severity;
import org.ptdesc.runtime.TreeWalker;

/**
 * Robustness: thousands of mutations of the sample descriptors (characters and whole tokens
 * deleted, inserted, replaced and duplicated) never make the compiler throw, and every error it
 * reports points at a real line and column of the mutated text; what it accepts generates classes
 * that pass ASM's and the JDK's verifiers.
 */
class FuzzTest {

    private static final String[] TOKENS = {"(", ")", "[", "]", "{", "}", ";", ":", ",", "..", "->", "=", "?", "!",
        "~", "-", "+", "*", "<<", ">>", "<", "<=", "==", "!=", "&", "|", "^", "&&", "||", "0", "1", "63", "64",
        "0xffffffffffffffff", "99999999999999999999999", "entry", "va", "true", "false", "tree", "level", "leaf",
        "table", "invalid", "fault", "when", "with", "bits", "address", "offset", "root", "for", "range", "format",
        "flag", "field", "param", "attribute", "and", "or", "set", "include", "\"x\"", "\"", "/*", "*/", "//",
        "sign-extended", "big-endian", "P", "frame", "cr3", "MAXPHYADDR", "\u0000", "\u00e9", "\n"};

    /** Generated classes that passed both verifiers in this run. */
    private static int verifiedClasses;

    private static final Pattern TOKEN = Pattern.compile(
            "\\s+|//[^\\n]*|/\\*.*?\\*/|\"[^\"\\n]*\"|0[xX][0-9a-fA-F_]+|[0-9][0-9_]*|[A-Za-z_][A-Za-z_0-9-]*|\\.\\.|->|<<|>>|<=|>=|==|!=|&&|\\|\\||.",
            Pattern.DOTALL);

    @Test
    void mutatedSamplesGiveOnlyLocatedDiagnostics() throws IOException {
        // -Dptdesc.fuzz.iterations=100000 -Dptdesc.fuzz.seed=N for a longer run.
        int iterations = Integer.getInteger("ptdesc.fuzz.iterations", 4000);
        Random random = new Random(Long.getLong("ptdesc.fuzz.seed", 20261125L));
        List<String> samples = new ArrayList<>(List.of(
                Files.readString(Path.of("../samples/descriptors/x86_64.ptdesc")),
                Files.readString(Path.of("../samples/descriptors/linus_x86_64.ptdesc"))));
        // The samples again, weighted, plus every golden case: together they use every construct.
        samples.addAll(List.copyOf(samples));
        try (var cases = Files.list(DiagnosticGoldenTest.CASES)) {
            for (Path p : cases.filter(p -> p.toString().endsWith(".ptdesc")).sorted().toList()) {
                samples.add(new String(Files.readAllBytes(p), java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        int compiled = 0;
        int clean = 0;
        verifiedClasses = 0;
        for (int i = 0; i < iterations; i++) {
            String base = samples.get(random.nextInt(samples.size()));
            int mutations = 1 + random.nextInt(random.nextInt(4) == 0 ? 12 : 3);
            String text = base;
            for (int m = 0; m < mutations; m++) {
                text = random.nextBoolean() ? mutateCharacters(text, random) : mutateTokens(text, random);
            }
            if (check(text, "fuzz" + i + ".ptdesc")) {
                clean++;
            }
            compiled++;
        }
        // Sanity: most mutations break something, but not all of them (comments, docs).
        assertTrue(clean > 0 && clean < compiled, "clean " + clean);
        // Clean mutations with trees (some have none: a file of formats only) reached both verifiers.
        assertTrue(verifiedClasses > 0, "no generated class was verified; clean mutations: " + clean);
    }

    @Test
    void hostileInputs() {
        List<String> inputs = new ArrayList<>();
        inputs.add("");
        inputs.add("(".repeat(1 << 20));
        inputs.add("param X = " + "(".repeat(100_000));
        inputs.add("param X = " + "!".repeat(100_000) + "true;");
        inputs.add("param X = " + "1 ? ".repeat(50_000) + "1;");
        inputs.add("param X = " + "x[".repeat(10_000));
        inputs.add("param X = " + "9".repeat(1 << 20) + ";");
        inputs.add("/*" + "*".repeat(1000));
        inputs.add("\"" + "a".repeat(1000));
        inputs.add("tree t { level l bits 9 { " + "invalid when true; ".repeat(5000) + "} }");
        StringBuilder binary = new StringBuilder();
        Random random = new Random(7);
        for (int i = 0; i < 200_000; i++) {
            binary.append((char) random.nextInt(0x3000));
        }
        inputs.add(binary.toString());
        for (int i = 0; i < inputs.size(); i++) {
            check(inputs.get(i), "hostile" + i + ".ptdesc");
        }
    }

    /** Compiles {@code text}; fails on an exception or an error without a valid location. */
    static boolean check(String text, String name) {
        Compilation c;
        try {
            c = Ptdesc.compile(name, text, Map.of());
        } catch (Throwable t) {
            throw new AssertionError("compiler threw on input:\n" + text, t);
        }
        String[] lines = text.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1);
        for (Diagnostic d : c.diagnostics()) {
            if (d.severity() == Severity.NOTE) {
                continue;
            }
            if (!d.span().hasPosition() || d.span().line() > lines.length
                    || d.span().column() > lines[d.span().line() - 1].codePointCount(0, lines[d.span().line() - 1].length()) + 1) {
                fail("diagnostic without a valid location: " + d.render() + "\nfor input:\n" + text);
            }
            if (!d.span().fileName().equals(name)) {
                fail("diagnostic in another file: " + d.render());
            }
            d.render();
        }
        assertTrue(!c.hasErrors() || c.trees().isEmpty(), "trees despite errors");
        // What the checker accepts, the back end must be able to generate.
        // What the checker accepts, the back end must turn into a class the JVM accepts: ASM's
        // CheckClassAdapter (structure and data-flow verification) and the JDK's ClassFile
        // verifier must both find nothing.
        for (org.ptdesc.compiler.ir.WalkerIr ir : c.trees()) {
            byte[] bytes;
            try {
                bytes = org.ptdesc.compiler.codegen.WalkerGenerator.generate(ir, "fuzz.Walker");
            } catch (Throwable t) {
                throw new AssertionError("checked input the code generator rejects:\n" + text, t);
            }
            StringWriter problems = new StringWriter();
            CheckClassAdapter.verify(new ClassReader(bytes), TreeWalker.class.getClassLoader(), false, new PrintWriter(problems));
            assertEquals("", problems.toString(), () -> "generated class fails ASM's verifier for input:\n" + text);
            assertEquals(List.of(), ClassFile.of().verify(bytes), () -> "generated class fails the JDK verifier for input:\n" + text);
            verifiedClasses++;
        }
        return !c.hasErrors();
    }

    static String mutateCharacters(String text, Random random) {
        if (text.isEmpty()) {
            return "x";
        }
        int at = random.nextInt(text.length());
        return switch (random.nextInt(4)) {
            case 0 -> text.substring(0, at) + text.substring(Math.min(text.length(), at + 1 + random.nextInt(3)));
            case 1 -> text.substring(0, at) + (char) (32 + random.nextInt(95)) + text.substring(at);
            case 2 -> text.substring(0, at) + (char) (32 + random.nextInt(95)) + text.substring(at + 1);
            default -> text.substring(0, at) + (char) random.nextInt(0x110) + text.substring(at);
        };
    }

    static String mutateTokens(String text, Random random) {
        List<String> tokens = new ArrayList<>();
        Matcher m = TOKEN.matcher(text);
        while (m.find()) {
            tokens.add(m.group());
        }
        if (tokens.isEmpty()) {
            return TOKENS[random.nextInt(TOKENS.length)];
        }
        int at = random.nextInt(tokens.size());
        switch (random.nextInt(4)) {
            case 0 -> tokens.remove(at);
            case 1 -> tokens.add(at, " " + TOKENS[random.nextInt(TOKENS.length)] + " ");
            case 2 -> tokens.set(at, TOKENS[random.nextInt(TOKENS.length)]);
            default -> tokens.add(at, tokens.get(random.nextInt(tokens.size())));
        }
        return String.join("", tokens);
    }
}
