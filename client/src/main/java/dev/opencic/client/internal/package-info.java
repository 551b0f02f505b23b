/**
 * Implementation of the client SDK: transport state machine, downchannel and event exchanges,
 * multipart directive reading, attachment matching, directive sequencing and auth. May change
 * without warning; use {@code dev.opencic.client} instead.
 */
package dev.opencic.client.internal;
