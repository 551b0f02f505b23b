package dev.opencic.server.api;

import java.util.concurrent.CompletableFuture;

/**
 * Decides which device answers when several devices of one account hear the same utterance (they
 * all send {@code SpeechRecognizer.Recognize} at about the same time): the one that heard it best.
 * The others are told to stop capturing and get no answer, so the action happens once.
 *
 * <p>The dialogue enters each spoken request as it arrives and reports its signal level when the
 * utterance has ended; the arbiter answers whether this device is the one to answer. An
 * implementation for a single node keeps the contests in memory; a cluster one would keep them in
 * the shared state, so devices connected to different nodes are arbitrated too.
 */
public interface SpeechArbiter {

    /** No arbitration: every device answers what it heard. */
    SpeechArbiter NONE = device -> new Entry() {
        @Override
        public CompletableFuture<Boolean> decide(double level) {
            return CompletableFuture.completedFuture(true);
        }

        @Override
        public void withdraw() {}
    };

    /** A spoken request of {@code device} starts now. */
    Entry enter(DeviceIdentity device);

    /** One device's request in a contest. */
    interface Entry {

        /**
         * The utterance ended with this signal level (louder: heard better); completes {@code true}
         * when this device is the one to answer, {@code false} when another device of the account
         * heard the same utterance better.
         */
        CompletableFuture<Boolean> decide(double level);

        /** The request failed or was abandoned: the contest does not wait for it. */
        void withdraw();
    }
}
