package dev.caravan.intake;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** A workflow file's text, read no further than the size limit, and only if it is UTF-8. */
final class FileText {

    private FileText() {
    }

    /**
     * @return the text, or empty when the file is larger than {@code maxBytes}: at most one byte
     *         more is read, however large the file
     * @throws CharacterCodingException when the file is not UTF-8 text
     */
    static Optional<String> read(Path file, long maxBytes) throws IOException {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes((int) Math.min(maxBytes + 1, Integer.MAX_VALUE - 8));
        }
        if (bytes.length > maxBytes) {
            return Optional.empty();
        }
        // as Files.readString decodes: a malformed byte is an error, not a replacement character
        return Optional.of(StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes)).toString());
    }
}
