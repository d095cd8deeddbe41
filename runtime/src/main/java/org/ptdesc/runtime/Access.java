package org.ptdesc.runtime;

import java.util.Locale;

/**
 * An access to check against a tree's permission rules, as one {@code int}: exactly one kind
 * ({@link #READ}, {@link #WRITE} or {@link #EXECUTE}), with {@link #USER} OR-ed in when the
 * access is made by unprivileged code (x86 CPL 3, AArch64 EL0, RISC-V U-mode). Descriptors
 * see the same bits as {@code access.read}, {@code access.write}, {@code access.execute} and
 * {@code access.user}. Plain ints keep the checked translate free of allocation.
 */
public final class Access {

    /** A data read. */
    public static final int READ = 1;
    /** A data write. */
    public static final int WRITE = 2;
    /** An instruction fetch. */
    public static final int EXECUTE = 4;
    /** Flag: made by unprivileged (user-mode) code; absent for privileged code. */
    public static final int USER = 8;

    private static final int KINDS = READ | WRITE | EXECUTE;

    private Access() {}

    /** True when {@code access} has exactly one kind and no bits besides {@link #USER}. */
    public static boolean isValid(int access) {
        int kind = access & KINDS;
        return (access & ~(KINDS | USER)) == 0 && (kind == READ || kind == WRITE || kind == EXECUTE);
    }

    /** The access of kind {@code kind} ({@code read}, {@code write} or {@code execute}), by user code when {@code user}. */
    public static int parse(String kind, boolean user) {
        int k = switch (kind.trim().toLowerCase(Locale.ROOT)) {
            case "read", "r" -> READ;
            case "write", "w" -> WRITE;
            case "execute", "exec", "x" -> EXECUTE;
            default -> throw new IllegalArgumentException(
                    "unknown access kind '" + kind + "': expected read, write or execute");
        };
        return user ? k | USER : k;
    }

    /**
     * Parses the form {@link #toString(int)} prints: a kind, optionally preceded by
     * {@code user} ({@code "read"}, {@code "user write"}).
     */
    public static int parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.startsWith("user ")) {
            return parse(t.substring(5), true);
        }
        return parse(t, false);
    }

    /** {@code read}, {@code write} or {@code execute}, preceded by {@code user } for unprivileged code. */
    public static String toString(int access) {
        if (!isValid(access)) {
            return "invalid access 0x" + Integer.toHexString(access);
        }
        String kind = (access & READ) != 0 ? "read" : (access & WRITE) != 0 ? "write" : "execute";
        return (access & USER) != 0 ? "user " + kind : kind;
    }

    /** Throws unless {@link #isValid(int)}. */
    public static int require(int access) {
        if (!isValid(access)) {
            throw new IllegalArgumentException("invalid access 0x" + Integer.toHexString(access)
                    + ": expected one of Access.READ, WRITE, EXECUTE, optionally with Access.USER");
        }
        return access;
    }
}
