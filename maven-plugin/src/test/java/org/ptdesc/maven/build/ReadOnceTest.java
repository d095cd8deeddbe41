package org.ptdesc.maven.build;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ptdesc.maven.staleness.Sha256;

/** The reader that makes the recorded digest that of the bytes compiled. */
class ReadOnceTest {

    @TempDir
    Path dir;

    @Test
    void aFileChangedAfterItWasReadIsReadAgainAsItWasAndDigestedAsItWas() throws IOException {
        Path file = dir.resolve("a.ptdesc");
        Files.writeString(file, "first\n");
        ReadOnce reader = new ReadOnce();

        byte[] first = reader.read(file);
        Files.writeString(file, "second, longer\n");

        assertArrayEquals("first\n".getBytes(), first);
        assertArrayEquals(first, reader.read(dir.resolve("./a.ptdesc")), "the same file by another name");
        assertEquals(Optional.of(Sha256.ofText("first\n")), reader.digest(file));
        assertEquals(Optional.empty(), reader.digest(dir.resolve("never-read.ptdesc")));
    }

    @Test
    void theBytesHandedOutCannotChangeWhatIsDigested() throws IOException {
        Path file = dir.resolve("a.ptdesc");
        Files.writeString(file, "text\n");
        ReadOnce reader = new ReadOnce();

        reader.read(file)[0] = 'X';

        assertEquals(Optional.of(Sha256.ofText("text\n")), reader.digest(file));
    }

    @Test
    void aMissingFileIsTheCompilersError() {
        assertThrows(NoSuchFileException.class, () -> new ReadOnce().read(dir.resolve("missing.ptdesc")));
    }
}
