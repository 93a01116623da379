package dev.switchback.server.ops;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import java.util.List;
import org.slf4j.event.KeyValuePair;

/**
 * {@code %pairs} in a text line: each key-value pair of the event as {@code " key=value"}, nothing when it has none.
 * Logback's {@code %kvp} leaves a lone space on a line without pairs, which took a regular expression on every
 * line to remove.
 */
final class KeyValues extends ClassicConverter {
    @Override
    public String convert(ILoggingEvent event) {
        List<KeyValuePair> pairs = event.getKeyValuePairs();
        if (pairs == null || pairs.isEmpty()) {
            return "";
        }
        StringBuilder text = new StringBuilder(24 * pairs.size());
        for (KeyValuePair pair : pairs) {
            text.append(' ').append(pair.key).append('=').append(pair.value);
        }
        return text.toString();
    }
}
