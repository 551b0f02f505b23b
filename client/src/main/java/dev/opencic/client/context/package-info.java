/**
 * Ready-made {@link dev.opencic.client.ContextProvider}s for the context objects of the reference
 * ({@code ContextObjects/*.md}): the app sets the values as its state changes, the client reads
 * them when it sends an event. Each is thread-safe.
 */
package dev.opencic.client.context;
