package dev.switchback.client;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Which properties of a JSON answer a model record would silently drop: every object property, at every
 * depth, must be a component of the record that reads it (its snake_case name, or its {@code @JsonProperty}),
 * unless the ignore list names its path. Paths read like {@code laps[].activity.visibility}. An array is
 * read as a list of the type, so {@code Activity.class} checks the answer of a list of activities too.
 */
final class ModelCoverage {
    private ModelCoverage() {}

    static List<String> dropped(JsonNode json, Type type, Set<String> ignored) {
        List<String> dropped = new ArrayList<>();
        walk(json, type, "", ignored, dropped);
        return dropped;
    }

    private static void walk(JsonNode json, Type type, String path, Set<String> ignored, List<String> dropped) {
        if (json == null || json.isNull() || ignored.contains(path)) {
            return;
        }
        if (type instanceof ParameterizedType generic) {
            Type raw = generic.getRawType();
            if (raw == Optional.class || raw == List.class) {
                Type element = generic.getActualTypeArguments()[0];
                if (raw == List.class && json.isArray()) {
                    json.forEach(item -> walk(item, element, path + "[]", ignored, dropped));
                } else {
                    walk(json, element, path, ignored, dropped);
                }
                return;
            }
            type = raw;
        }
        if (json.isArray()) {
            Type element = type;
            json.forEach(item -> walk(item, element, path + "[]", ignored, dropped));
            return;
        }
        if (type instanceof Class<?> record && record.isRecord() && json.isObject()) {
            Map<String, RecordComponent> components = new java.util.HashMap<>();
            for (RecordComponent component : record.getRecordComponents()) {
                components.put(wireName(component), component);
            }
            for (String name : json.propertyNames()) {
                String at = path.isEmpty() ? name : path + "." + name;
                RecordComponent component = components.get(name);
                if (component == null) {
                    if (!ignored.contains(at)) {
                        dropped.add(at);
                    }
                } else {
                    walk(json.get(name), component.getGenericType(), at, ignored, dropped);
                }
            }
        }
    }

    private static String wireName(RecordComponent component) {
        JsonProperty property = component.getAccessor().getAnnotation(JsonProperty.class);
        return property != null ? property.value() : snakeCase(component.getName());
    }

    private static String snakeCase(String name) {
        return name.replaceAll("([A-Z])", "_$1").toLowerCase(java.util.Locale.ROOT);
    }
}
