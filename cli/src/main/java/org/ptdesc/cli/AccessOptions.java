package org.ptdesc.cli;

import java.util.ArrayList;
import java.util.List;
import org.ptdesc.runtime.Access;
import org.ptdesc.runtime.TreeInfo;
import picocli.CommandLine.Option;

/**
 * The options that make {@code translate} and {@code walk} check an access against the tree's
 * permission rules: {@code --access read|write|execute}, {@code --user} for unprivileged code,
 * and {@code --mode NAME=VALUE} for each mode bit that differs from its documented default.
 */
final class AccessOptions {

    @Option(names = "--access", paramLabel = "read|write|execute",
            description = "Check this access against the tree's permission rules.")
    String kind;

    @Option(names = "--user", description = "The access is made by unprivileged code (x86 CPL 3, AArch64 EL0, RISC-V U-mode).")
    boolean user;

    @Option(names = "--mode", paramLabel = "NAME=VALUE",
            description = "A mode bit the rules consult (e.g. WP=0, PAN=1); the others keep their defaults.")
    List<String> modes = new ArrayList<>();

    /** True when an access is to be checked. */
    boolean checked() {
        if (kind == null && (user || !modes.isEmpty())) {
            throw new UsageError("--user and --mode need --access read|write|execute");
        }
        return kind != null;
    }

    /** The {@link Access} value asked for. */
    int access() {
        try {
            return Access.parse(kind, user);
        } catch (IllegalArgumentException e) {
            throw new UsageError("--access: " + e.getMessage());
        }
    }

    /** The mode word: the tree's defaults with the {@code --mode} values set. */
    long modeWord(TreeInfo info) {
        try {
            return info.parseModes(modes);
        } catch (IllegalArgumentException e) {
            throw new UserError("--mode: " + e.getMessage());
        }
    }
}
