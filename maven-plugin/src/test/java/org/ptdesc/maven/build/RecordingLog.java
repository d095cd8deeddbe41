package org.ptdesc.maven.build;

import java.util.ArrayList;
import java.util.List;

/** A {@link BuildLog} that keeps every line, prefixed with its level as Maven shows it. */
final class RecordingLog implements BuildLog {

    final List<String> lines = new ArrayList<>();

    @Override
    public void info(String message) {
        lines.add("[INFO] " + message);
    }

    @Override
    public void warn(String message) {
        lines.add("[WARNING] " + message);
    }

    @Override
    public void error(String message) {
        lines.add("[ERROR] " + message);
    }

    @Override
    public void debug(String message) {
        lines.add("[DEBUG] " + message);
    }

    boolean contains(String text) {
        return lines.stream().anyMatch(l -> l.contains(text));
    }

    @Override
    public String toString() {
        return String.join("\n", lines);
    }
}
