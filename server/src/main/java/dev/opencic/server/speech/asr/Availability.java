package dev.opencic.server.speech.asr;

/**
 * Whether the engine can recognise, and if not, why: a cause to branch on and the text an operator
 * reads (with the command that fixes it). Decided once when the engine is built, except
 * {@link Cause#CLOSED}, which follows {@link PocketSphinxEngine#close()}.
 */
sealed interface Availability permits Availability.Available, Availability.Unavailable {

    Availability AVAILABLE = new Available();

    /** The empty reason for an available engine, the operator's text otherwise. */
    String reason();

    default boolean isAvailable() {
        return this instanceof Available;
    }

    /** Why an engine cannot recognise. */
    enum Cause {
        /** libpocketsphinx or libsphinxbase did not load. */
        LIBRARY_MISSING,
        /** The acoustic model, dictionary or general language model is not on disk. */
        MODEL_MISSING,
        /** Neither domain sentences nor the general language model: nothing to search with. */
        NO_LANGUAGE_MODEL,
        /** Preparing the language model or building the decoders failed (a rejected option, say). */
        INITIALISATION_FAILED,
        /** The engine was closed. */
        CLOSED
    }

    record Available() implements Availability {
        @Override
        public String reason() {
            return "";
        }
    }

    record Unavailable(Cause cause, String reason) implements Availability {
        public Unavailable {
            if (reason == null || reason.isBlank()) {
                throw new IllegalArgumentException("an unavailable engine needs a reason");
            }
        }
    }
}
