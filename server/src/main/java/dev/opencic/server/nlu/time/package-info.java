/**
 * Time and date expressions in slot text, resolved in the device's zone: see {@link
 * dev.opencic.server.nlu.time.TimeExpressions#parse}.
 *
 * <p>Written here rather than taken from a library: the Java natural-language date parsers checked
 * (Natty and PrettyTime NLP, which builds on it: last released years ago, work on {@code java.util.Date}
 * in the JVM's zone; Hawking: pulls in Stanford CoreNLP models) neither read spelled-out clock times
 * as a speech recogniser writes them ("quarter to eight", "seven oh five") nor return durations and
 * weekly recurrence in one result. The behaviour is pinned by the table in
 * {@code src/test/resources/nlu/time/time-expressions.csv}.
 */
package dev.opencic.server.nlu.time;
