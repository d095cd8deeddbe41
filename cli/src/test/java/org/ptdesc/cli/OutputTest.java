package org.ptdesc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The output layer on its own: escaping, buffering, failures, and the progress line. */
class OutputTest {

    @Test
    void controlCharactersLeaveAsVisibleEscapes() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Output out = Output.reporting(bytes, StatusLine.NONE);
        // ESC [2J (clear screen), CSI as one C1 character, DEL, a right-to-left override, BEL.
        out.write("a\u001b[2Jb\u009bc\u007fd\u202ee\u0007\tf\n");
        out.flush();
        assertEquals("a\\x1b[2Jb\\x9bc\\x7fd\\u202ee\\x07\tf\n", bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void fieldsAreEscapedReversiblyAndMessagesOntoOneLine() throws IOException {
        assertEquals("plain text", ControlCharacters.escape("plain text"));
        assertEquals("a\\nb\\tc\\\\d\\x1b", ControlCharacters.escape("a\nb\tc\\d\u001b"));
        assertEquals("a\\nb\\tc\\d\\x1b", ControlCharacters.oneLine("a\nb\tc\\d\u001b"));
        assertEquals("\u00e9\u4e2d", ControlCharacters.escape("\u00e9\u4e2d"), "printable non-ASCII stays");
    }

    @Test
    void outputIsWrittenInBlocksNotLineByLine() throws IOException {
        CountingStream stream = new CountingStream();
        PrintWriter out = new PrintWriter(Output.reporting(stream, StatusLine.NONE));
        for (int i = 0; i < 10_000; i++) {
            out.println("0x400000\t0xf8b4000\t0x1000\t3"); // 27 characters and a newline
        }
        out.flush();
        assertEquals(280_000, stream.bytes);
        // 280,000 bytes in blocks of a little over 64 KiB: four blocks and the rest at the flush.
        assertEquals(5, stream.writes);
    }

    @Test
    void aCharacterSplitAcrossBlocksIsEncodedWhole() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Output out = Output.reporting(bytes, StatusLine.NONE);
        String grin = "\ud83d\ude00"; // U+1F600, a surrogate pair
        out.write("x".repeat(65535));
        out.write(grin.charAt(0)); // fills the block with half a character
        out.write(grin.charAt(1));
        out.flush();
        assertEquals("x".repeat(65535) + grin, bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aFailedWriteThrowsAndKeepsThrowing() throws IOException {
        Output out = Output.reporting(new ExitStatusTest.FailingStream("No space left on device"), StatusLine.NONE);
        out.write("one line\n"); // buffered: nothing has failed yet
        OutputFailure f = assertThrows(OutputFailure.class, out::flush);
        assertFalse(f.closedPipe());
        assertEquals("No space left on device", f.getMessage());
        assertThrows(OutputFailure.class, () -> out.write("x".repeat(70_000)));
        assertThrows(OutputFailure.class, out::flush);
    }

    @Test
    void aClosedPipeIsRecognised() throws IOException {
        Output out = Output.reporting(new ExitStatusTest.FailingStream("Broken pipe"), StatusLine.NONE);
        out.write("x\n");
        assertTrue(assertThrows(OutputFailure.class, out::flush).closedPipe());
    }

    @Test
    void encodedListingsFollowTheCharactersWrittenBeforeAndAreEscapedAlike() throws IOException {
        String hostile = "a\u001b[2Jb\u009bc\u007fd\u202ee\u0007\tf\n\u00e9\ud83d\ude00 end\n";
        ByteArrayOutputStream viaChars = new ByteArrayOutputStream();
        Output chars = Output.reporting(viaChars, StatusLine.NONE);
        chars.write("header\n" + hostile + hostile);
        chars.flush();

        ByteArrayOutputStream viaBytes = new ByteArrayOutputStream();
        Output out = Output.reporting(viaBytes, StatusLine.NONE);
        out.write("header\n"); // still in the buffer: it must come first
        ListingText text = new ListingText(new PrintWriter(out), out);
        text.text(hostile).text(hostile);
        text.flush();
        assertEquals(0, text.length(), "written text is gone");
        out.flush();
        assertEquals(viaChars.toString(StandardCharsets.UTF_8), viaBytes.toString(StandardCharsets.UTF_8));

        // Without the command's Output, through any writer: the same characters.
        java.io.StringWriter plain = new java.io.StringWriter();
        ListingText again = new ListingText(new PrintWriter(plain), null);
        again.text("header\n").text(hostile).text(hostile);
        again.flush();
        assertEquals(viaChars.toString(StandardCharsets.UTF_8), plain.toString());
    }

    @Test
    void aListingLongerThanAChunkIsWrittenWhole() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Output out = Output.reporting(bytes, StatusLine.NONE);
        ListingText listing = new ListingText(new PrintWriter(out), out);
        listing.text("first\n");
        ListingText piece = listing.piece();
        StringBuilder expected = new StringBuilder("first\n");
        for (long i = 0; i < 20_000; i++) {
            long pages = (i - 10) * 1237;
            piece.ascii('0').ascii('x').hex16(i * 0x1000).ascii('\t').hex(i).ascii('\t').decimal(i).ascii('\t')
                    .rightDecimal(pages, 6).ascii('\n');
            expected.append(String.format(java.util.Locale.ROOT, "0x%016x\t%x\t%d\t%6d\n", i * 0x1000, i, i, pages));
        }
        assertTrue(piece.length() > 10 * ListingText.CHUNK, piece.length() + " bytes");
        piece.flush();
        assertTrue(piece.kept() && piece.length() > 10 * ListingText.CHUNK, "a piece keeps its text");
        listing.write(piece);
        out.flush();
        assertEquals(expected.toString(), bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aFailedEncodedWriteThrowsAndKeepsThrowing() throws IOException {
        Output out = Output.reporting(new ExitStatusTest.FailingStream("No space left on device"), StatusLine.NONE);
        ListingText text = new ListingText(new PrintWriter(out), out);
        text.text("one line\n");
        OutputFailure f = assertThrows(OutputFailure.class, text::flush);
        assertEquals("No space left on device", f.getMessage());
        text.text("another\n");
        assertThrows(OutputFailure.class, text::flush);
        assertThrows(OutputFailure.class, out::flush);
        Output pipe = Output.reporting(new ExitStatusTest.FailingStream("Broken pipe"), StatusLine.NONE);
        ListingText piped = new ListingText(new PrintWriter(pipe), pipe);
        piped.text("x\n");
        assertTrue(assertThrows(OutputFailure.class, piped::flush).closedPipe());
    }

    @Test
    void standardErrorDropsWhatItCannotWriteAndFlushesStandardOutputFirst() throws IOException {
        ByteArrayOutputStream terminal = new ByteArrayOutputStream();
        Output out = Output.reporting(terminal, StatusLine.NONE);
        Output err = Output.discarding(terminal, StatusLine.NONE, out);
        out.write("result\n");
        err.write("ptdesc: error: later\n");
        err.flush();
        assertEquals("result\nptdesc: error: later\n", terminal.toString(StandardCharsets.UTF_8));

        Output broken = Output.discarding(new ExitStatusTest.FailingStream("Bad file descriptor"), StatusLine.NONE, null);
        broken.write("nobody hears this\n");
        broken.flush(); // no exception: there is nowhere left to report it
    }

    @Test
    void theStatusLineIsClearedBeforeAnythingIsWritten() throws IOException {
        ByteArrayOutputStream terminal = new ByteArrayOutputStream();
        StatusLine line = new StatusLine(terminal);
        Output out = Output.reporting(terminal, line);
        Output err = Output.discarding(terminal, line, out);
        line.show("walking 50%");
        out.write("0x1000 0x2000\n");
        out.flush();
        line.show("walking 75%");
        err.write("ptdesc: note\n");
        err.flush();
        assertEquals("\rwalking 50%\r" + " ".repeat(11) + "\r0x1000 0x2000\n"
                + "\rwalking 75%\r" + " ".repeat(11) + "\rptdesc: note\n", terminal.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aShorterStatusOverwritesTheLongerOne() throws IOException {
        ByteArrayOutputStream terminal = new ByteArrayOutputStream();
        StatusLine line = new StatusLine(terminal);
        line.show("abcdef");
        line.show("xy");
        line.clear();
        line.clear(); // nothing shown: nothing written
        // The padding erased "cdef"; clearing covers the two characters still visible.
        assertEquals("\rabcdef\rxy    \r  \r", terminal.toString(StandardCharsets.UTF_8));
    }

    @Test
    void sizesAreUnsignedAndTotalsDoNotOverflow() throws IOException {
        assertEquals("4 KiB", Sizes.human(4096));
        assertEquals("1.5 GiB", Sizes.human(3L << 29));
        assertEquals("8 EiB", Sizes.human(Long.MIN_VALUE)); // 2^63 bytes
        assertEquals("16 EiB", Sizes.human(Sizes.unsigned(Long.MIN_VALUE).shiftLeft(1))); // 2^64
        assertEquals("32 EiB", Sizes.human(Sizes.unsigned(Long.MIN_VALUE).shiftLeft(2))); // two roots' worth
    }

    /** Counts the writes that reach the "system call". */
    static final class CountingStream extends OutputStream {
        int writes;
        long bytes;

        @Override
        public void write(int b) {
            writes++;
            bytes++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            writes++;
            bytes += len;
        }
    }
}
