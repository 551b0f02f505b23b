/**
 * The OpenCIC client SDK: what a device embeds to talk CIC to an OpenCIC (or compatible) server.
 * Everything in this package is public API; {@code dev.opencic.client.internal} may change without
 * warning.
 */
package dev.opencic.client;
