package dev.switchback.testing;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathRoots;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.platform.engine.TestTag;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * The test tiers, as JUnit tags. Every test class carries exactly one, through {@link UnitTest},
 * {@link StoreTest}, {@link HttpTest}, {@link BrowserTest} or {@link ScaleTest}; {@code mvn -B verify}
 * runs them all and {@code mvn -B verify -Dtier=http} one of them (any JUnit tag expression works:
 * {@code -Dtier='unit | store'}).
 *
 * <p>They live in switchback-core's test-jar, which every module's tests already use (or add, test
 * scope only), so no module gains a dependency at run time.
 */
public final class Tiers {
    public static final String UNIT = "unit";
    public static final String STORE = "store";
    public static final String HTTP = "http";
    public static final String BROWSER = "browser";
    public static final String SCALE = "scale";
    public static final Set<String> ALL = Set.of(UNIT, STORE, HTTP, BROWSER, SCALE);

    private Tiers() {}

    /**
     * The test classes (as JUnit discovers them: any class with a test, whatever its name) compiled into
     * the directory that holds {@code anchor}, each with the tiers it carries, for those that carry none
     * or more than one.
     */
    public static List<String> classesWithoutExactlyOneTier(Class<?> anchor) {
        TestPlan plan = LauncherFactory.create()
                .discover(LauncherDiscoveryRequestBuilder.request()
                        .selectors(selectClasspathRoots(Set.of(testClasses(anchor))))
                        .build());
        return plan.getRoots().stream()
                .flatMap(engine -> plan.getChildren(engine).stream())
                .filter(child ->
                        child.getSource().filter(ClassSource.class::isInstance).isPresent())
                .filter(testClass -> tiers(testClass).size() != 1)
                .map(testClass ->
                        ((ClassSource) testClass.getSource().orElseThrow()).getClassName() + " " + tiers(testClass))
                .sorted()
                .toList();
    }

    private static Set<String> tiers(TestIdentifier testClass) {
        return testClass.getTags().stream()
                .map(TestTag::getName)
                .filter(ALL::contains)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static Path testClasses(Class<?> anchor) {
        try {
            return Path.of(
                    anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the test classes of " + anchor.getName(), e);
        }
    }
}
