package org.ptdesc.maven.build;

import java.util.regex.Pattern;

/**
 * An include or exclude pattern as Maven users write them ({@code **}{@code /*.ptdesc},
 * {@code legacy/**}): {@code **} matches any number of directories (including none),
 * {@code *} any part of one name, {@code ?} one character; a pattern ending in {@code /} means
 * everything below that directory. Paths are matched relative to the source directory, with
 * {@code /} separators.
 */
public record AntPattern(String pattern, Pattern regex) {

    /** Compiles a pattern; {@code \} separators are accepted as {@code /}. */
    public static AntPattern of(String pattern) {
        String p = pattern.trim().replace('\\', '/');
        if (p.endsWith("/")) {
            p = p + "**";
        }
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        StringBuilder re = new StringBuilder();
        int i = 0;
        while (i < p.length()) {
            char c = p.charAt(i);
            if (p.startsWith("**/", i)) {
                re.append("(?:.*/)?");
                i += 3;
            } else if (p.startsWith("**", i)) {
                re.append(".*");
                i += 2;
            } else if (c == '*') {
                re.append("[^/]*");
                i++;
            } else if (c == '?') {
                re.append("[^/]");
                i++;
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
                i++;
            }
        }
        return new AntPattern(pattern, Pattern.compile(re.toString()));
    }

    /** True when {@code relativePath} (with {@code /} separators) matches. */
    public boolean matches(String relativePath) {
        return regex.matcher(relativePath).matches();
    }
}
