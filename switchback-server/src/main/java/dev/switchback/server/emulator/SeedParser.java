package dev.switchback.server.emulator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.TokenStreamFactory;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.dataformat.yaml.YAMLFactory;

/**
 * Reads a seed file into {@link SeedNode}s that remember their lines: JSON, or YAML by its file name. A key given
 * twice in one object is refused with its line (contract#emulator-seed).
 */
final class SeedParser {
    private static final TokenStreamFactory JSON = new JsonFactory();
    private static final TokenStreamFactory YAML = new YAMLFactory();

    private final JsonParser parser;
    private final String file;

    private SeedParser(JsonParser parser, String file) {
        this.parser = parser;
        this.file = file;
    }

    static boolean isYaml(String fileName) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        return lower.endsWith(".yaml") || lower.endsWith(".yml");
    }

    static SeedNode parse(byte[] content, String file, boolean yaml) {
        TokenStreamFactory factory = yaml ? YAML : JSON;
        try (JsonParser parser = factory.createParser(ObjectReadContext.empty(), content)) {
            SeedParser reader = new SeedParser(parser, file);
            if (parser.nextToken() == null) {
                throw new Seed.SeedException(file + ":1: the seed is empty");
            }
            SeedNode root = reader.value("the seed");
            if (parser.nextToken() != null) {
                throw new Seed.SeedException(file + ":" + line(parser) + ": the seed has more after its end");
            }
            return root;
        } catch (StreamReadException e) {
            int line = e.getLocation() == null ? 1 : e.getLocation().getLineNr();
            throw new Seed.SeedException(
                    file + ":" + line + ": not valid " + (yaml ? "YAML" : "JSON") + ": " + e.getOriginalMessage());
        } catch (JacksonException e) {
            throw new Seed.SeedException(
                    file + ": not valid " + (yaml ? "YAML" : "JSON") + ": " + e.getOriginalMessage());
        }
    }

    private static int line(JsonParser parser) {
        return parser.currentTokenLocation().getLineNr();
    }

    private SeedNode value(String path) {
        int line = line(parser);
        JsonToken token = parser.currentToken();
        return switch (token) {
            case START_OBJECT -> new SeedNode(object(path), line, path, file);
            case START_ARRAY -> new SeedNode(array(path), line, path, file);
            case VALUE_STRING -> new SeedNode(parser.getString(), line, path, file);
            case VALUE_NUMBER_INT -> new SeedNode(parser.getLongValue(), line, path, file);
            case VALUE_NUMBER_FLOAT -> new SeedNode(parser.getDoubleValue(), line, path, file);
            case VALUE_TRUE -> new SeedNode(Boolean.TRUE, line, path, file);
            case VALUE_FALSE -> new SeedNode(Boolean.FALSE, line, path, file);
            case VALUE_NULL -> new SeedNode(null, line, path, file);
            default -> throw new Seed.SeedException(file + ":" + line + ": " + path + " is not a value");
        };
    }

    private Map<String, SeedNode> object(String path) {
        Map<String, SeedNode> fields = new LinkedHashMap<>();
        while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
            String key = parser.currentName();
            int line = line(parser);
            String child = path.equals("the seed") ? key : path + "." + key;
            if (fields.containsKey(key)) {
                throw new Seed.SeedException(file + ":" + line + ": " + child + " is given twice");
            }
            parser.nextToken();
            fields.put(key, value(child));
        }
        return fields;
    }

    private List<SeedNode> array(String path) {
        List<SeedNode> items = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            items.add(value(path + "[" + items.size() + "]"));
        }
        return items;
    }
}
