package dev.opencic.protocol.multipart;

import java.nio.ByteBuffer;

/**
 * Receives the parts of a multipart body as {@link MultipartParser} finds them. Calls come from the
 * thread that feeds the parser, in order: for each part {@code onPartBegin}, zero or more
 * {@code onPartData}, {@code onPartEnd}; then {@code onComplete} once after the closing delimiter.
 * A listener may throw {@link MultipartException} to stop the parse (for example, a part it refuses).
 */
public interface PartListener {

    void onPartBegin(PartHeaders headers) throws MultipartException;

    /**
     * Body bytes of the current part. The buffer is only valid during the call: copy what you keep.
     */
    void onPartData(ByteBuffer data) throws MultipartException;

    void onPartEnd() throws MultipartException;

    /** The closing delimiter was read; bytes after it (the epilogue) are ignored. */
    default void onComplete() throws MultipartException {}
}
