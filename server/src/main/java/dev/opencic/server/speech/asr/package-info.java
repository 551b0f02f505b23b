/**
 * Streaming speech recognition.
 *
 * <p>{@link dev.opencic.server.speech.asr.SpeechRecognitionEngine} is the engine interface;
 * {@link dev.opencic.server.speech.asr.PocketSphinxEngine} the default, in-process engine (Debian's
 * PocketSphinx through JNA). Build it once at server start from the sentences generated from the
 * intent templates:
 *
 * <pre>{@code
 * PocketSphinxEngine asr = PocketSphinxEngine.builder()
 *         .domainSentences(sentencesFromTemplates)   // e.g. "remind me to buy milk", "what time is it"
 *         .poolSize(2)
 *         .meterRegistry(meterRegistry)
 *         .build();                                  // never throws for missing packages:
 * if (!asr.isAvailable()) log.warn(asr.unavailableReason());
 * }</pre>
 *
 * <p>Per {@code SpeechRecognizer.Recognize}:
 *
 * <pre>{@code
 * asr.open("en", Duration.ofSeconds(2))              // fails with RecognizerBusyException -> 503,
 *    .thenAcceptAsync(session -> {                   // UnsupportedLanguageException -> System.Exception
 *        try (session) {
 *            for (byte[] chunk : audioParts) {       // 16 kHz mono s16le, any chunk size
 *                RecognitionUpdate u = session.feed(chunk);
 *                if (u.hasPartial()) showRecognizedText(u.partialText());
 *                if (u.endOfSpeech()) break;         // send StopCapture now
 *            }
 *            RecognitionResult r = session.finish(); // frees the decoder
 *            if (!r.speechDetected() || r.text().isEmpty()) sayDidNotCatchThat();
 *            else runIntentPipeline(r.text());
 *        }
 *    }, blockingExecutor);
 * }</pre>
 *
 * <p>A client that aborts: {@code session.cancel()} from any thread, at once.
 */
package dev.opencic.server.speech.asr;
