package org.ptdesc.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The exit statuses of every command, as the README and {@code --help} list them. Scripts
 * can tell bad input from a misused command line, an output that could not be written, and
 * a bug in ptdesc.
 */
enum ExitStatus {
    SUCCESS(0, "Success (a translation that finds no mapping is a success)."),
    BAD_INPUT(1, "Bad input: descriptor errors, unreadable or malformed images, a root table outside the image, malformed addresses."),
    USAGE(2, "Usage error: unknown or malformed options, --from after --to."),
    OUTPUT_FAILED(3, "The output could not be written (a full disk, /dev/full)."),
    INTERNAL_ERROR(70, "Internal error: a bug in ptdesc; --debug shows the stack trace to report."),
    /** 128 + SIGPIPE, what a shell reports for a C tool ended by the closed pipe; ptdesc ends quietly instead. */
    CLOSED_PIPE(141, "The reader closed the pipe (as in '| head'); the command stopped quietly.");

    private final int code;
    private final String meaning;

    ExitStatus(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    int code() {
        return code;
    }

    /** The list shown under "Exit status" in every command's help. */
    static Map<String, String> helpList() {
        Map<String, String> list = new LinkedHashMap<>();
        for (ExitStatus s : values()) {
            list.put("%3d".formatted(s.code), s.meaning);
        }
        return list;
    }
}
