package org.ptdesc.runtime.image;

import java.io.IOException;

/**
 * A memory image that cannot be read: truncated, corrupt, or in a format ptdesc recognises but
 * does not read. The message names the file and says what is wrong, for example {@code
 * "x.elf: truncated: program header 3 extends past end of file (1234 bytes)"}, so that tools
 * can print it as it is. An {@link IOException}, because callers that open files already handle
 * those (as {@link java.util.zip.ZipException} is one).
 */
public final class ImageFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final String problem;

    /** {@code file} as the user named it; {@code problem} without the file name. */
    public ImageFormatException(String file, String problem) {
        super(file + ": " + problem);
        this.file = file;
        this.problem = problem;
    }

    /** As {@link #ImageFormatException(String, String)}, keeping the exception that revealed the problem. */
    public ImageFormatException(String file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
        this.problem = problem;
    }

    /** The image file, as the user named it. */
    public String file() {
        return file;
    }

    /** What is wrong with it, without the file name. */
    public String problem() {
        return problem;
    }
}
