package org.ptdesc.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A listing's text as the bytes standard output will carry: UTF-8, with control characters
 * escaped exactly as {@link Output} escapes them. A listing of a large tree is hundreds of
 * megabytes; built as bytes, numbers without a string each, it is formatted on the threads that
 * walk and written by the one that writes with a single copy ({@link Output#writeEncoded}).
 * The text is held in chunks of {@value #CHUNK} bytes, never copied to grow: a piece of a
 * walk may hold megabytes, and one growing array made the threads copy and allocate outsize
 * arrays (which the collector handles slowly) faster than they formatted. The chunks of a
 * piece, once written, go back to the listing that wrote it for its next pieces, so a walk
 * allocates about as many chunks as its pieces in flight hold, not one per 32 KiB written.
 */
final class ListingText {
    static final int CHUNK = 1 << 15;
    private static final int FIRST_CHUNK = 256;
    /** How much text a listing with somewhere to write keeps before it writes: most of a chunk. */
    private static final int WRITE_AT = CHUNK - 1024;
    /** The most a piece's text may hold. */
    static final int KEPT_MOST = 4 << 20;
    private static final byte[] DIGITS = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    /** The two hex digits of every byte value, at 2 * value: numbers are written a byte at a time. */
    private static final byte[] PAIRS = new byte[512];

    static {
        for (int v = 0; v < 256; v++) {
            PAIRS[2 * v] = DIGITS[v >>> 4];
            PAIRS[2 * v + 1] = DIGITS[v & 0xf];
        }
    }

    /** Filled chunks, before {@link #bytes}, and how much of each is text. */
    private final List<byte[]> full = new ArrayList<>();
    /** Room for every chunk a piece can fill ({@link #KEPT_MOST} and one line more), so it never grows. */
    private int[] fullLengths = new int[KEPT_MOST / CHUNK + 2];
    private int fullBytes;
    private byte[] bytes;
    private int length;
    /** Where the text goes: the command's writer and standard output under it (or null); both null for a piece. */
    private final PrintWriter out;
    private final Output raw;
    /** Chunks written and given back, shared by a listing and its pieces (on any thread). */
    private final Queue<byte[]> spares;

    /**
     * Text written to {@code out} when {@linkplain #flush() flushed}: straight to {@code raw}
     * (standard output under {@code out}) when the command has it, else through {@code out} as
     * characters, which escape nothing further: every control is escaped already.
     */
    ListingText(PrintWriter out, Output raw) {
        this(out, raw, new ConcurrentLinkedQueue<>());
    }

    private ListingText(PrintWriter out, Output raw, Queue<byte[]> spares) {
        this.out = out;
        this.raw = raw;
        this.spares = spares;
        byte[] spare = spares.poll();
        // A first text starts in a small chunk, so that moving to the next chunk happens in its
        // first lines, while the JIT still profiles them: taken only later (a piece's first 32 KiB
        // in), that branch had been left out of the compiled code, and each first time it was
        // taken threw the walk's hottest methods back to the interpreter to be compiled again.
        this.bytes = spare != null ? spare : new byte[FIRST_CHUNK];
    }

    /** A text that is kept, for a piece that this listing {@linkplain #write(ListingText) writes} later. */
    ListingText piece() {
        return new ListingText(null, null, spares);
    }

    /** Whether this text is kept, not written (a piece's). */
    boolean kept() {
        return out == null;
    }

    /** Bytes held. */
    int length() {
        return fullBytes + length;
    }

    /** An ASCII character that needs no escape (a digit, a letter, a space, a tab, a newline). */
    ListingText ascii(char c) {
        room(1);
        bytes[length++] = (byte) c;
        return this;
    }

    /** Any text: escaped as {@link Output} escapes it, then encoded. */
    ListingText text(String s) {
        int n = s.length();
        room(n);
        int at = length;
        byte[] b = bytes;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            // Printable ASCII, newline and tab go as they are (a line's end must not take the slow path).
            if (c >= 0x7f || c < 0x20 && c != '\n' && c != '\t') {
                length = at;
                return other(s, i);
            }
            b[at++] = (byte) c;
        }
        length = at;
        return this;
    }

    /** The rest of {@code s} from {@code i}, which is not all printable ASCII. */
    private ListingText other(String s, int i) {
        StringBuilder escaped = new StringBuilder(s.length() - i + 16);
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Output.plain(c)) {
                escaped.append(c);
            } else {
                ControlCharacters.appendEscape(escaped, c);
            }
        }
        byte[] encoded = escaped.toString().getBytes(StandardCharsets.UTF_8);
        room(encoded.length);
        System.arraycopy(encoded, 0, bytes, length, encoded.length);
        length += encoded.length;
        return this;
    }

    /** {@code v} as unsigned hex without leading zeros, as {@link Long#toHexString} writes it. */
    ListingText hex(long v) {
        return digits(v, Math.max(1, (67 - Long.numberOfLeadingZeros(v)) / 4));
    }

    /** {@code v} as 16 hex digits, zeros first, as {@code %016x} writes it. */
    ListingText hex16(long v) {
        return digits(v, 16);
    }

    /** The last {@code count} hex digits of {@code v}, written from the last. */
    private ListingText digits(long v, int count) {
        room(count);
        byte[] b = bytes;
        int end = length + count;
        int at = end;
        for (; count >= 2; count -= 2, v >>>= 8) {
            int pair = 2 * ((int) v & 0xff);
            b[--at] = PAIRS[pair + 1];
            b[--at] = PAIRS[pair];
        }
        if (count == 1) {
            b[--at] = DIGITS[(int) v & 0xf];
        }
        length = end;
        return this;
    }

    /** {@code v} in decimal. */
    ListingText decimal(long v) {
        if (v >= 0 && v < 10) {
            return ascii((char) ('0' + v));
        }
        return text(Long.toString(v));
    }

    /** {@code v} right-aligned in {@code width} columns, as {@code %<width>d} writes it (in ASCII digits). */
    ListingText rightDecimal(long v, int width) {
        if (v < 0) {
            return right(Long.toString(v), width);
        }
        int digits = 1;
        for (long rest = v / 10; rest > 0; rest /= 10) {
            digits++;
        }
        spaces(width - digits);
        room(digits);
        int end = length + digits;
        for (int at = end - 1; at >= length; at--, v /= 10) {
            bytes[at] = (byte) ('0' + v % 10);
        }
        length = end;
        return this;
    }

    /** {@code s} right-aligned in {@code width} columns, as {@code %<width>s} writes it. */
    ListingText right(String s, int width) {
        return spaces(width - s.length()).text(s);
    }

    /** {@code s} left-aligned in {@code width} columns, as {@code %-<width>s} writes it. */
    ListingText left(String s, int width) {
        return text(s).spaces(width - s.length());
    }

    private ListingText spaces(int n) {
        for (int i = 0; i < n; i++) {
            ascii(' ');
        }
        return this;
    }

    /**
     * Called after each line: writes the text if it fills most of a chunk and returns true; a
     * kept text (a piece's) returns false once it holds more than a piece may keep
     * ({@value #KEPT_MOST} bytes), so that its walk stops there and the piece is walked again
     * through the command's listing, which writes as it goes. A piece of a few tens of tables
     * keeps far less; a piece of a tree whose tables point to each other may map without end.
     */
    boolean lineDone() {
        if (out == null) {
            return length() < KEPT_MOST;
        }
        if (length() >= WRITE_AT) {
            flush();
        }
        return true;
    }

    /** Whether a kept text stopped its walk ({@link #lineDone}) and holds only part of its piece. */
    boolean overfull() {
        return out == null && length() >= KEPT_MOST;
    }

    /** Writes the text, and empties it; a kept text stays. */
    void flush() {
        if (out == null) {
            return;
        }
        for (int i = 0; i < full.size(); i++) {
            write(full.get(i), fullLengths[i], raw, out);
        }
        write(bytes, length, raw, out);
        full.forEach(this::giveBack);
        full.clear();
        fullBytes = 0;
        length = 0;
    }

    /**
     * Writes this text, then the text of a piece made by {@link #piece()} after it (not copied);
     * the piece's chunks go back for later pieces, and the piece is left empty.
     */
    void write(ListingText piece) {
        flush();
        for (int i = 0; i < piece.full.size(); i++) {
            write(piece.full.get(i), piece.fullLengths[i], raw, out);
        }
        write(piece.bytes, piece.length, raw, out);
        piece.full.forEach(this::giveBack);
        piece.full.clear();
        piece.fullBytes = 0;
        piece.length = 0;
    }

    private static void write(byte[] chunk, int length, Output raw, PrintWriter out) {
        if (raw != null) {
            raw.writeEncoded(chunk, 0, length);
        } else {
            out.write(new String(chunk, 0, length, StandardCharsets.UTF_8));
        }
    }

    /** Makes room for {@code n} more bytes in the current chunk, starting a new one if needed. */
    private void room(int n) {
        if (bytes.length - length >= n) {
            return;
        }
        if (full.size() == fullLengths.length) {
            fullLengths = Arrays.copyOf(fullLengths, 2 * fullLengths.length);
        }
        fullLengths[full.size()] = length;
        full.add(bytes);
        fullBytes += length;
        bytes = chunk(n);
        length = 0;
    }

    /** Keeps a written chunk for later texts, if it is a whole one. */
    private void giveBack(byte[] chunk) {
        if (chunk.length == CHUNK) {
            spares.add(chunk);
        }
    }

    /** A chunk that holds at least {@code n} bytes: a spare one if there is one. */
    private byte[] chunk(int n) {
        if (n <= CHUNK) {
            byte[] spare = spares.poll();
            if (spare != null) {
                return spare;
            }
        }
        return new byte[Math.max(CHUNK, n)];
    }
}
