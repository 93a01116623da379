package dev.switchback.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchback.testing.UnitTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the README and the contract in docs/ honest: every relative link points to a file of the repository
 * and, when it names one, to an anchor in it; every anchor id is defined once across docs/; and every
 * {@code contract#<id>} cited in the code names an anchor of docs/ (docs/README.md, "Citing this contract").
 */
@UnitTest
class DocsLinksTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern LINK = Pattern.compile("!?\\[[^\\]]*]\\(([^)\\s]+)\\)");
    private static final Pattern ANCHOR_ID = Pattern.compile("<a id=\"([^\"]+)\"></a>");
    private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.*)$");
    private static final Pattern CITATION = Pattern.compile("contract#([A-Za-z0-9_-]+)");
    private static final Set<String> CODE_EXTENSIONS =
            Set.of(".java", ".jte", ".sql", ".sh", ".lua", ".xml", ".properties");

    @Test
    void readmeAndDocs_relativeLinks_pointInsideTheRepositoryToExistingFilesAndAnchors() {
        List<String> broken = new ArrayList<>();
        for (Path page : pages()) {
            for (String target : links(page)) {
                check(page, target).ifPresent(broken::add);
            }
        }

        assertThat(broken).isEmpty();
    }

    @Test
    void docs_anchorIds_areDefinedOnceAcrossAllPages() {
        Map<String, List<String>> pagesById = new TreeMap<>();
        for (Path page : docs()) {
            for (String id : anchorIds(read(page))) {
                pagesById
                        .computeIfAbsent(id, key -> new ArrayList<>())
                        .add(ROOT.relativize(page).toString());
            }
        }

        List<String> defined = pagesById.entrySet().stream()
                .filter(entry -> entry.getValue().size() > 1)
                .map(entry -> entry.getKey() + " in " + entry.getValue())
                .toList();

        assertThat(pagesById).isNotEmpty();
        assertThat(defined).as("ids defined more than once").isEmpty();
    }

    @Test
    void code_contractCitations_nameAnAnchorOfDocs() throws IOException {
        Set<String> ids = new HashSet<>();
        docs().forEach(page -> ids.addAll(anchorIds(read(page))));
        List<String> unknown = new ArrayList<>();
        try (Stream<Path> files = Files.walk(ROOT)) {
            for (Path file : files.filter(DocsLinksTest::isSourceFile).toList()) {
                Matcher citation = CITATION.matcher(read(file));
                while (citation.find()) {
                    if (!ids.contains(citation.group(1))) {
                        unknown.add(ROOT.relativize(file) + ": contract#" + citation.group(1));
                    }
                }
            }
        }

        assertThat(unknown).isEmpty();
    }

    private static Optional<String> check(Path page, String target) {
        if (target.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
            return Optional.empty(); // http:, https:, mailto: and the like are not ours to check
        }
        int hash = target.indexOf('#');
        String file = hash < 0 ? target : target.substring(0, hash);
        Path resolved = file.isEmpty() ? page : page.getParent().resolve(file).normalize();
        String where = ROOT.relativize(page) + ": " + target;
        if (!resolved.startsWith(ROOT)) {
            return Optional.of(where + " (outside the repository)");
        }
        if (!Files.exists(resolved)) {
            return Optional.of(where + " (no such file)");
        }
        if (hash >= 0) {
            String anchor = target.substring(hash + 1);
            if (!resolved.toString().endsWith(".md") || !anchors(read(resolved)).contains(anchor)) {
                return Optional.of(where + " (no such anchor)");
            }
        }
        return Optional.empty();
    }

    /** The README and every page of docs/. */
    private static List<Path> pages() {
        List<Path> pages = new ArrayList<>(docs());
        pages.add(ROOT.resolve("README.md"));
        return pages;
    }

    private static List<Path> docs() {
        try (Stream<Path> files = Files.list(ROOT.resolve("docs"))) {
            return files.filter(file -> file.toString().endsWith(".md"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The link targets of a page, outside code. */
    private static List<String> links(Path page) {
        List<String> targets = new ArrayList<>();
        Matcher link = LINK.matcher(withoutCode(read(page)));
        while (link.find()) {
            targets.add(link.group(1));
        }
        return targets;
    }

    /** The page without its fenced code blocks and code spans, where links and ids are only shown. */
    private static String withoutCode(String markdown) {
        StringBuilder text = new StringBuilder();
        boolean fenced = false;
        for (String line : markdown.split("\n", -1)) {
            if (line.strip().startsWith("```")) {
                fenced = !fenced;
            } else if (!fenced) {
                text.append(line.replaceAll("`[^`]*`", "``")).append('\n');
            }
        }
        return text.toString();
    }

    /** The explicit ids of a page, and the ids GitHub gives its headings. */
    private static Set<String> anchors(String markdown) {
        Set<String> anchors = new HashSet<>(anchorIds(markdown));
        Map<String, Integer> seen = new HashMap<>();
        boolean fenced = false;
        for (String line : markdown.split("\n", -1)) {
            if (line.strip().startsWith("```")) {
                fenced = !fenced;
            }
            Matcher heading = HEADING.matcher(line);
            if (!fenced && heading.matches()) {
                String slug = slug(heading.group(1));
                int count = seen.merge(slug, 1, Integer::sum);
                anchors.add(count == 1 ? slug : slug + "-" + (count - 1));
            }
        }
        return anchors;
    }

    private static List<String> anchorIds(String markdown) {
        List<String> ids = new ArrayList<>();
        Matcher id = ANCHOR_ID.matcher(withoutCode(markdown));
        while (id.find()) {
            ids.add(id.group(1));
        }
        return ids;
    }

    /** GitHub's heading ids: lower case, punctuation dropped, spaces as hyphens. */
    static String slug(String heading) {
        return heading.strip()
                .toLowerCase(Locale.ROOT)
                .replaceAll("[^\\p{L}\\p{N} _-]", "")
                .replace(' ', '-');
    }

    private static boolean isSourceFile(Path file) {
        String name = file.getFileName().toString();
        String path = ROOT.relativize(file).toString();
        return Files.isRegularFile(file)
                && CODE_EXTENSIONS.stream().anyMatch(name::endsWith)
                && !path.startsWith(".git")
                && !path.contains("/target/")
                && !path.startsWith("target/")
                && !path.startsWith("data/")
                && !path.startsWith("bench/results/");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
