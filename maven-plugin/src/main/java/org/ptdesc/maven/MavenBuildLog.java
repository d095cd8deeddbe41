package org.ptdesc.maven;

import org.apache.maven.plugin.logging.Log;
import org.ptdesc.maven.build.BuildLog;

/**
 * Maven's log as a {@link BuildLog}. A rendered diagnostic spans three lines (location and
 * message, source line, caret); each is logged on its own, so every line carries the same
 * {@code [ERROR]} prefix and the caret stays under the token it points at.
 */
record MavenBuildLog(Log log) implements BuildLog {

    @Override
    public void info(String message) {
        message.lines().forEach(log::info);
    }

    @Override
    public void warn(String message) {
        message.lines().forEach(log::warn);
    }

    @Override
    public void error(String message) {
        message.lines().forEach(log::error);
    }

    @Override
    public void debug(String message) {
        if (log.isDebugEnabled()) {
            log.debug(message);
        }
    }
}
