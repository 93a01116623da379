package dev.switchback.request;

import java.util.Optional;

/**
 * Request parameters as the services read them (the OAuth flows, the resource API's parsers), whatever the
 * HTTP encoding was. A parameter given twice, or that is not valid text, is reported as invalid for
 * {@code resource}.
 */
public interface Params {
    /** The one value of {@code name}, empty if absent; a {@code FaultException} naming {@code resource} if repeated. */
    Optional<String> get(String name, String resource);
}
