package dev.opencic.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;

/**
 * The header shared by events, directives and context objects. Context objects carry only
 * {@code namespace} and {@code name}; events and directives add {@code messageId} and, when they
 * belong to a dialogue, {@code dialogRequestId}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Header(String namespace, String name, String messageId, String dialogRequestId) {

    public Header {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
    }

    /** A new header with a fresh message id. */
    public static Header of(String namespace, String name, String dialogRequestId) {
        return new Header(namespace, name, MessageIds.newId(), dialogRequestId);
    }

    /** {@code Namespace.Name}, as the reference writes message names. */
    public String qualifiedName() {
        return namespace + '.' + name;
    }
}
