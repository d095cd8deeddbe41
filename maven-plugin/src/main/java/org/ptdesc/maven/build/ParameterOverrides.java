package org.ptdesc.maven.build;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The parameter overrides of one run of the plugin. Plugin-wide ones ({@code <parameters>}) are
 * offered to every descriptor and apply where they are declared: a descriptor that does not
 * declare one is compiled without it. Per-descriptor ones ({@code <descriptorParameters>}) win
 * over plugin-wide ones and must be declared by their descriptor, as an override on the command
 * line must. A plugin-wide override that no descriptor of the run declares is an error, and so is
 * a per-descriptor entry for a file that is not a descriptor of the run: both are typos that
 * would otherwise change nothing, silently.
 *
 * <p>Which parameters a descriptor declares is the compiler's to say ({@link DescriptorCompiler#compile}
 * applies the offered ones it declares, gives it the required ones in any case, and reports the
 * others), so the plugin never guesses at the language; this class only says what each
 * descriptor is offered and must declare, and what is wrong with the run as a whole.
 *
 * @param pluginWide values by parameter name
 * @param perDescriptor values by descriptor (relative to the source directory, {@code /}
 *     separators) and parameter name
 */
public record ParameterOverrides(Map<String, Long> pluginWide, Map<String, Map<String, Long>> perDescriptor) {

    public ParameterOverrides {
        pluginWide = Collections.unmodifiableMap(new TreeMap<>(pluginWide));
        TreeMap<String, Map<String, Long>> copy = new TreeMap<>();
        perDescriptor.forEach((source, values) -> copy.put(source, Collections.unmodifiableMap(new TreeMap<>(values))));
        perDescriptor = Collections.unmodifiableMap(copy);
    }

    /** No overrides. */
    public static ParameterOverrides none() {
        return new ParameterOverrides(Map.of(), Map.of());
    }

    /** Plugin-wide overrides only. */
    public static ParameterOverrides pluginWide(Map<String, Long> values) {
        return new ParameterOverrides(values, Map.of());
    }

    /** What {@code source} is offered: the plugin-wide values, replaced and extended by its own. */
    public Map<String, Long> offeredTo(String source) {
        Map<String, Long> offered = new TreeMap<>(pluginWide);
        offered.putAll(perDescriptor.getOrDefault(source, Map.of()));
        return offered;
    }

    /** The overrides {@code source} must declare: its own. */
    public Set<String> requiredBy(String source) {
        return new TreeSet<>(perDescriptor.getOrDefault(source, Map.of()).keySet());
    }

    /**
     * The errors of this configuration in a run over {@code sources}: per-descriptor entries for
     * files that are not among them, and plugin-wide overrides that {@link #declaredNowhere}.
     */
    public List<Message> errors(Path sourceDirectory, Collection<String> sources,
                                Map<String, Set<String>> undeclaredBySource) {
        List<Message> errors = new ArrayList<>();
        for (String descriptor : perDescriptor.keySet()) {
            if (!sources.contains(descriptor)) {
                errors.add(new Message(Message.Severity.ERROR, "ptdesc: error: <descriptorParameters> names "
                        + descriptor + ", which is not a descriptor selected in " + sourceDirectory + " ("
                        + (sources.isEmpty() ? "none is" : "selected: " + String.join(", ", sources)) + ")"));
            }
        }
        for (String name : declaredNowhere(undeclaredBySource)) {
            errors.add(new Message(Message.Severity.ERROR, "ptdesc: error: parameter override '" + name
                    + "' of <parameters> names no parameter of any descriptor in " + sourceDirectory));
        }
        return errors;
    }

    /**
     * The plugin-wide overrides that every descriptor reported as undeclared. None when there is
     * no descriptor: an empty directory (often {@code src/test/ptdesc}) is not a mistake. A
     * descriptor whose compilation stopped before parameters were checked reports nothing, so it
     * counts as possibly declaring everything.
     *
     * @param undeclaredBySource each descriptor's undeclared plugin-wide overrides
     */
    public List<String> declaredNowhere(Map<String, Set<String>> undeclaredBySource) {
        if (undeclaredBySource.isEmpty()) {
            return List.of();
        }
        return pluginWide.keySet().stream()
                .filter(name -> undeclaredBySource.values().stream().allMatch(u -> u.contains(name)))
                .toList();
    }
}
