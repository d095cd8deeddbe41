package org.ptdesc.maven.build;

/**
 * Where a build reports what it did. The mojos pass Maven's log; tests pass a recorder. Kept
 * free of Maven types so that the build logic can be tested without a Maven runtime.
 */
public interface BuildLog {

    void info(String message);

    void warn(String message);

    void error(String message);

    void debug(String message);
}
