package dev.switchback.server.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.openqa.selenium.JavascriptExecutor;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * axe-core (from the npm registry: {@code npm ci} at the repository's root, as .ci/run does), injected into the
 * page under test to find violations of WCAG 2.1 A and AA. WebDriver's scripts are not subject to the pages'
 * content policy, which allows no script. Missing, the test is skipped with the reason; with {@code CI=true} it
 * fails instead.
 */
public final class Axe {
    private static final String SCRIPT = "node_modules/axe-core/axe.min.js";
    private static final String RUN = """
            const done = arguments[arguments.length - 1];
            axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})
                .then(results => done(JSON.stringify(results.violations)))
                .catch(error => done(JSON.stringify([{id: 'axe-error', help: String(error), nodes: []}])));""";

    private final String source;

    private Axe(String source) {
        this.source = source;
    }

    /** axe-core from the repository's {@code node_modules}; skips (or, under {@code CI=true}, fails) without it. */
    public static Axe load() {
        Optional<Path> script = find();
        if (script.isEmpty()) {
            Chromium.skipOrFail("the accessibility tests need axe-core: run `npm ci` at the repository's root ("
                    + SCRIPT + " not found above " + Path.of("").toAbsolutePath() + ")");
        }
        try {
            return new Axe(Files.readString(script.orElseThrow()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Optional<Path> find() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(SCRIPT);
            if (Files.isRegularFile(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** Every WCAG 2.1 A/AA violation on the page the browser shows: the rule, and the elements, one line each. */
    public List<String> violations(JavascriptExecutor browser) {
        browser.executeScript(source);
        String json = (String) browser.executeAsyncScript(RUN);
        List<String> found = new ArrayList<>();
        for (JsonNode violation : new ObjectMapper().readTree(json)) {
            StringBuilder line = new StringBuilder(violation.get("id").asString())
                    .append(": ")
                    .append(violation.get("help").asString());
            for (JsonNode node : violation.get("nodes")) {
                line.append("\n    ").append(node.get("html").asString());
                if (node.has("failureSummary")) {
                    line.append("\n      ")
                            .append(node.get("failureSummary").asString().replace("\n", " "));
                }
            }
            found.add(line.toString());
        }
        return found;
    }
}
