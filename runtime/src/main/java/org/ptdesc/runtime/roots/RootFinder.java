package org.ptdesc.runtime.roots;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.stream.Collectors;
import org.ptdesc.runtime.TreeInfo;
import org.ptdesc.runtime.image.CpuState;
import org.ptdesc.runtime.image.ImageNotes;

/**
 * Chooses a tree's roots from what an image says, when the user gives none. The match is
 * declared, not guessed: a descriptor names the register each root comes from
 * ({@code root cr3 = ...}), and a CPU note supplies a register by that same name.
 *
 * <p>Order: the first CPU (or the one asked for) whose note holds every root register; else
 * the kernel's own table from VMCOREINFO ({@link KernelRoots}); else nothing, with a reason
 * that says what was looked for. CPU registers come first because they are the tables in use
 * when the image was taken; VMCOREINFO names only the kernel's.
 */
public final class RootFinder {

    /** CR0.PG (Intel SDM Vol. 3A, 2.5): without it CR3 is not used for translation. */
    private static final long CR0_PG = 1L << 31;

    private RootFinder() {}

    /**
     * The roots of {@code tree} from {@code notes}.
     *
     * @param cpu the CPU to take registers from (its {@link CpuState#index()}), or empty for
     *     the first that has them
     */
    public static RootFinding find(TreeInfo tree, ImageNotes notes, OptionalInt cpu) {
        List<String> names = tree.roots().stream().map(TreeInfo.RootInfo::register).toList();
        if (cpu.isPresent()) {
            return fromChosenCpu(tree, notes, cpu.getAsInt(), names);
        }
        List<String> skipped = new ArrayList<>();
        for (CpuState c : notes.cpus()) {
            Optional<String> why = unusable(c, names);
            if (why.isEmpty()) {
                return fromCpu(tree, c, notes.cpus().size());
            }
            skipped.add(why.get());
        }
        Optional<RootFinding> kernel = fromVmcoreinfo(tree, notes, names);
        if (kernel.isPresent()) {
            return kernel.get();
        }
        String cpus = notes.cpus().isEmpty() ? "its notes hold no CPU registers" : String.join("; ", skipped);
        String vmci = notes.vmcoreinfo().isEmpty() ? "it has no VMCOREINFO"
                : "its VMCOREINFO names no kernel page directory for " + String.join(", ", names);
        return new RootFinding.Missing("the image gives no value for " + String.join(", ", names) + ": " + cpus
                + "; " + vmci);
    }

    private static RootFinding fromChosenCpu(TreeInfo tree, ImageNotes notes, int index, List<String> names) {
        Optional<CpuState> chosen = notes.cpus().stream().filter(c -> c.index() == index).findFirst();
        if (chosen.isEmpty()) {
            String have = notes.cpus().isEmpty() ? "it has no CPU notes"
                    : "its CPUs are " + notes.cpus().stream().map(c -> String.valueOf(c.index())).collect(Collectors.joining(", "));
            return new RootFinding.Missing("the image has no CPU " + index + ": " + have);
        }
        Optional<String> why = unusable(chosen.get(), names);
        return why.<RootFinding>map(RootFinding.Missing::new).orElseGet(() -> fromCpu(tree, chosen.get(), notes.cpus().size()));
    }

    /** Why {@code cpu} cannot give the roots, or empty when it can. */
    private static Optional<String> unusable(CpuState cpu, List<String> names) {
        List<String> absent = names.stream().filter(n -> !cpu.registers().containsKey(n)).toList();
        if (!absent.isEmpty()) {
            String has = cpu.registers().keySet().stream().sorted().collect(Collectors.joining(", "));
            return Optional.of("CPU " + cpu.index() + " (" + cpu.source() + ") has no " + String.join(", ", absent)
                    + (has.isEmpty() ? "" : " (it has " + has + ")"));
        }
        Long cr0 = cpu.registers().get("cr0");
        if (names.contains("cr3") && cr0 != null && (cr0 & CR0_PG) == 0) {
            return Optional.of("CPU " + cpu.index() + " (" + cpu.source() + ") has paging off (CR0.PG = 0, cr0="
                    + KernelRoots.hex(cr0) + ")");
        }
        return Optional.empty();
    }

    private static RootFinding fromCpu(TreeInfo tree, CpuState cpu, int cpuCount) {
        List<RootValue> values = new ArrayList<>();
        List<String> details = new ArrayList<>();
        for (TreeInfo.RootInfo r : tree.roots()) {
            long v = cpu.registers().get(r.register());
            values.add(new RootValue(r.register(), r.first(), r.last(), OptionalLong.of(v), "CPU " + cpu.index()));
            details.add(r.register() + "=" + KernelRoots.hex(v) + " from " + cpu.source());
        }
        String regs = values.stream().map(v -> v.register() + "=" + KernelRoots.hex(v.value().getAsLong()))
                .collect(Collectors.joining(", "));
        String summary = "root " + regs + " from CPU " + cpu.index() + " (" + cpu.source() + ")"
                + (cpuCount > 1 ? "; the image has " + cpuCount + " CPUs, --cpu N picks another" : "");
        return new RootFinding.Found(new RootSet(values), summary, details);
    }

    private static Optional<RootFinding> fromVmcoreinfo(TreeInfo tree, ImageNotes notes, List<String> names) {
        Optional<KernelRoots.KernelRoot> derived;
        try {
            derived = KernelRoots.derive(notes.vmcoreinfo());
        } catch (IllegalArgumentException e) {
            return Optional.of(new RootFinding.Missing(e.getMessage()));
        }
        if (derived.isEmpty()) {
            return Optional.empty();
        }
        KernelRoots.KernelRoot k = derived.get();
        if (names.stream().noneMatch(k.registers()::containsKey)) {
            return Optional.of(new RootFinding.Missing("the image's VMCOREINFO is of an " + k.architecture()
                    + " kernel and gives " + String.join(", ", k.registers().keySet()) + "; tree " + tree.name()
                    + " needs " + String.join(", ", names)));
        }
        List<RootValue> values = new ArrayList<>();
        List<String> details = new ArrayList<>(k.derivation());
        for (TreeInfo.RootInfo r : tree.roots()) {
            Long v = k.registers().get(r.register());
            if (v != null) {
                values.add(new RootValue(r.register(), r.first(), r.last(), OptionalLong.of(v), "VMCOREINFO"));
            } else {
                String why = k.unknown().getOrDefault(r.register(), "VMCOREINFO does not give it");
                values.add(new RootValue(r.register(), r.first(), r.last(), OptionalLong.empty(), why));
                details.add(r.register() + ": no value (" + why + "); its range " + KernelRoots.hex(r.first()) + ".."
                        + KernelRoots.hex(r.last()) + " is not walked");
            }
        }
        String regs = values.stream().filter(v -> v.value().isPresent())
                .map(v -> v.register() + "=" + KernelRoots.hex(v.value().getAsLong())).collect(Collectors.joining(", "));
        return Optional.of(new RootFinding.Found(new RootSet(values),
                "root " + regs + " from the " + k.architecture() + " kernel's VMCOREINFO", details));
    }
}
