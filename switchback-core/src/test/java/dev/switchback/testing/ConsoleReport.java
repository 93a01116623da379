package dev.switchback.testing;

import java.io.PrintStream;
import java.util.Optional;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Prints one line on the console for each test that was skipped (disabled) or aborted (an assumption
 * failed), with the reason: {@code SKIPPED AuthorizeBrowserTest.authorize_cancel...: browser tests need ...};
 * surefire otherwise tells only how many, and the reasons sit in its XML reports. And one for each test that
 * failed, naming the invocation of a parameterized class, which surefire leaves out:
 * {@code FAILED TokenErrorsTest.refresh_withUnknownToken... /oauth/token (on POSTGRESQL): expected ...}.
 * Registered through {@code META-INF/services} in switchback-core's test resources, which every module's
 * tests have on their class path through the test-jar.
 */
public final class ConsoleReport implements TestExecutionListener {
    private final PrintStream out = System.out;
    private TestPlan plan;

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        plan = testPlan;
    }

    @Override
    public void executionSkipped(TestIdentifier test, String reason) {
        report(test, reason);
    }

    @Override
    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
        if (result.getStatus() == TestExecutionResult.Status.ABORTED) {
            report(test, result.getThrowable().map(Throwable::getMessage).orElse("aborted"));
        } else if (result.getStatus() == TestExecutionResult.Status.FAILED) {
            out.println("FAILED " + name(test) + ": "
                    + result.getThrowable().map(ConsoleReport::firstLine).orElse("failed"));
        }
    }

    private void report(TestIdentifier test, String reason) {
        out.println("SKIPPED " + name(test) + ": " + reason);
    }

    private static String firstLine(Throwable failure) {
        String message = String.valueOf(failure.getMessage()).strip();
        String line = message.lines()
                .map(String::strip)
                .filter(text -> !text.isEmpty())
                .findFirst()
                .orElse("");
        return failure.getClass().getSimpleName() + (line.isEmpty() ? "" : " " + line);
    }

    /** The class and method, with the arguments of a parameterized test and those of its class, if any. */
    private String name(TestIdentifier test) {
        Optional<TestSource> source = test.getSource();
        String display = test.getDisplayName();
        if (source.isPresent() && source.get() instanceof MethodSource method) {
            String name = simpleName(method.getClassName()) + "." + method.getMethodName();
            return (display.startsWith(method.getMethodName()) ? name : name + " " + display) + classArguments(test);
        }
        if (source.isPresent() && source.get() instanceof ClassSource type) {
            String name = simpleName(type.getClassName());
            return display.equals(name) ? name : name + " " + display;
        }
        return display;
    }

    /** " (on POSTGRESQL)" for a test of a parameterized class's invocation named "on POSTGRESQL". */
    private String classArguments(TestIdentifier test) {
        Optional<TestIdentifier> parent = plan == null ? Optional.empty() : plan.getParent(test);
        while (parent.isPresent()
                && parent.get()
                        .getSource()
                        .filter(ClassSource.class::isInstance)
                        .isEmpty()) {
            parent = plan.getParent(parent.get());
        }
        return parent.filter(container -> plan.getParent(container)
                        .flatMap(TestIdentifier::getSource)
                        .filter(ClassSource.class::isInstance)
                        .isPresent())
                .map(invocation -> " (" + invocation.getDisplayName() + ")")
                .orElse("");
    }

    private static String simpleName(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }
}
