package dev.switchback.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;

/** The medians of a run's rows as a table (stdout), a Markdown file with the settings and machine, and a PNG chart. */
final class Report {
    /** The baseline's row: {@link BaselineServer}'s small JSON object on the same HTTP stack, the machine's ceiling. */
    static final String BASELINE = "baseline: GET /baseline";

    static final String AT_SHARE_OF_PEAK = " at 70% of peak";
    static final String AT_FIXED_RATE = " at 3000/s (the driver's floor)";
    /** The ops scenario's rows: the same peak with the access log, metrics and a probe on, and with all off. */
    static final String OPS_ON = ", ops on";

    static final String OPS_OFF = ", ops off";
    /**
     * In place of {@link #OPS_ON} in a control run (BENCH_OPS_CONTROL=true): the server in the ops-on server's place
     * has ops off too.
     */
    static final String OPS_CONTROL = ", control (ops off too)";
    /** How the ops-on rows' description begins when only some parts were on (BENCH_OPS_PARTS). */
    static final String PARTS = "BENCH_OPS_PARTS=";
    /**
     * How the description of the ops-on rows (a control run's: the control rows) ends when the ops-off server took the
     * first place (BENCH_OPS_FIRST=off).
     */
    static final String SECOND_PLACE = "; in the second place (BENCH_OPS_FIRST=off)";

    /**
     * One measured run of one scenario. {@code serverCores}: CPU seconds per second the server used; {@code threads}:
     * the CPU seconds of each kind of the server's threads through the run (empty where not read).
     */
    record Row(
            String name,
            String what,
            Wrk.Result result,
            double serverCores,
            double residentMiB,
            Map<ServerProcess.ThreadKind, Double> threads) {
        Row(String name, String what, Wrk.Result result, double serverCores, double residentMiB) {
            this(name, what, result, serverCores, residentMiB, Map.of());
        }
    }

    private record Summary(
            String name,
            String what,
            double rate,
            double p50,
            double p99,
            long errors,
            double cores,
            double residentMiB,
            int runs) {}

    static void write(
            Path out,
            Wrk.Settings settings,
            List<String> jvm,
            Map<String, String> environment,
            List<Row> rows,
            String mode)
            throws IOException {
        List<Summary> summaries = summarize(rows);
        double baseline = summaries.stream()
                .filter(s -> s.name().equals(BASELINE))
                .mapToDouble(Summary::rate)
                .findFirst()
                .orElse(Double.NaN);
        StringBuilder md = new StringBuilder();
        md.append("# Switchback load benchmark (").append(mode).append(")\n\n");
        md.append("Run at ")
                .append(Instant.now())
                .append(" on ")
                .append(Machine.describe())
                .append(".\n\n");
        md.append("Load: wrk ")
                .append(settings.threads())
                .append(" threads, ")
                .append(settings.connections())
                .append(" connections, ")
                .append(settings.warmupSeconds())
                .append(" s warm-up, ")
                .append(settings.durationSeconds())
                .append(" s per run, ")
                .append(settings.repeats())
                .append(" run(s), medians shown. Server JVM: `")
                .append(String.join(" ", jvm))
                .append("`, environment `")
                .append(environment)
                .append("`. ")
                .append("The load generator shares the machine's cores with the server.\n\n");
        md.append(
                "| scenario | requests/s | × baseline | p50 ms | p99 ms | errors | server CPU (cores) | RSS MiB | what |\n");
        md.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n");
        for (Summary s : summaries) {
            md.append(String.format(
                    Locale.ROOT,
                    "| %s | %s | %s | %s | %s | %d | %s | %s | %s |%n",
                    s.name(),
                    num(s.rate(), 0),
                    s.name().equals(BASELINE) ? "1.00" : num(s.rate() / baseline, 2),
                    num(s.p50(), 2),
                    num(s.p99(), 2),
                    s.errors(),
                    num(s.cores(), 2),
                    num(s.residentMiB(), 0),
                    s.what()));
        }
        md.append(
                        "\nStart-up rows give the time in the p50 column and the resident memory when idle. Rows \"at 70% of peak\" ")
                .append(
                        "send the same requests open-loop at a constant 70% of the peak the run just measured (RateDriver, after ")
                .append(
                        "wrk2), with each latency counted from when the request was due, so queueing shows; their p99 is the ")
                .append(
                        "latency target's figure. The baseline's row at 3000/s shows what the machine and the driver add on their own.\n");
        opsCost(md, summaries, rows, settings.warmupSeconds());
        Files.writeString(out.resolve("results.md"), md.toString());
        chart(out.resolve("results.png"), summaries);
        System.out.println(md);
        System.out.println("Written: " + out.resolve("results.md") + " and " + out.resolve("results.png"));
    }

    /**
     * Each peak of the ops scenario with ops on (all, some parts, or none in a control run) and with ops off, and
     * what being on costs: the ratio of the two medians, and the median of the rounds' own ratios (the two peaks of a
     * round ran back to back, so their ratio is the least touched by the machine's drift; it is the figure quoted),
     * with an interval for it ({@link #interval}); the text says which place the ops-on server took.
     */
    private static void opsCost(StringBuilder md, List<Summary> summaries, List<Row> rows, int turnSeconds) {
        Map<String, Summary> byName = new LinkedHashMap<>();
        summaries.forEach(s -> byName.put(s.name(), s));
        List<Summary> on = summaries.stream()
                .filter(s -> s.name().endsWith(OPS_ON) || s.name().endsWith(OPS_CONTROL))
                .toList();
        if (on.isEmpty()) {
            return;
        }
        boolean control = on.stream().anyMatch(s -> s.name().endsWith(OPS_CONTROL));
        String first = control ? "control" : "on";
        md.append("\n## Ops cost\n\n");
        if (control) {
            md.append("**A control run** (`BENCH_OPS_CONTROL=true`): the same peaks on two servers alive side by ")
                    .append(
                            "side, both with ops off (`log.level=warn`, no management port, no probe), the one labelled ")
                    .append(
                            "control in the place an ordinary run gives the server with ops on. Its \"spread\" is the bench's ")
                    .append("own difference between two identical servers in one run: a cost smaller than this ")
                    .append("is not resolved by one ordinary run. ");
        } else if (on.get(0).what().contains(PARTS)) {
            String what = on.get(0).what();
            String parts = what.substring(what.indexOf(PARTS), what.indexOf(':', what.indexOf(PARTS)));
            md.append("The same peaks on two servers alive side by side: one with only some of the ops on (`")
                    .append(parts)
                    .append("`, of `log`, the access log at INFO; `metrics`, Prometheus metrics scraped every 15 s; ")
                    .append("`probe`, a `/health/ready` probe once a second), one with none of them ")
                    .append("(`log.level=warn`, no management port, no probe). ");
        } else {
            md.append("The same peaks on two servers alive side by side: one with the access log (INFO), ")
                    .append("Prometheus metrics (scraped every 15 s) and a `/health/ready` probe once a second, ")
                    .append("one with none of them (`log.level=warn`, no management port, no probe). ");
        }
        boolean offFirst = on.get(0).what().endsWith(SECOND_PLACE);
        int rounds = (int)
                rows.stream().filter(r -> r.name().equals(on.get(0).name())).count();
        md.append("The server " + (control ? "labelled control" : "with ops on") + " took the ")
                .append(
                        offFirst
                                ? "second place (`BENCH_OPS_FIRST=off`): the other was made, started and given its "
                                        + "first token first, and went first in the even turns and rounds. "
                                : "first place: made, started and given its first token first, and first in the "
                                        + "even turns and rounds (`BENCH_OPS_FIRST=off` gives it the second). ");
        md.append("Each path was warmed first in " + LoadBench.OPS_WARMUP + " turns of " + turnSeconds)
                .append(" s a server (not the warm-up above), then the peaks took turns; the order swapped every ")
                .append("turn and every round. The " + (control ? "spread" : "cost"))
                .append(" is one minus the median of the rounds' ratios of requests/s. Its interval holds the ")
                .append("median of such rounds with a chance of at least 95%, whatever the ratios' distribution: ")
                .append("from the k-th smallest to the k-th largest ratio, k = " + medianIntervalRank(rounds))
                .append(" of " + rounds + " rounds here (4 of 16 covers 97.9%, 1 of 8 is the whole range; none ")
                .append("under 6 rounds). It takes the rounds as alike and apart from each other: a bias every ")
                .append("round shares, as the place's, is not in it, and runs differ by more. The server's CPU time a ")
                .append("request, " + first + " against off, is the median of the rounds' ratios too.\n\n");
        md.append("| peak | rounds | " + first + " requests/s | off requests/s | " + first + " ÷ off (medians) ")
                .append("| " + first + " ÷ off (rounds' median, range) | " + (control ? "spread" : "cost"))
                .append(" | interval (≥ 95%) | CPU a request, " + first + " ÷ off | p99 " + first)
                .append(" ms | p99 off ms | errors |\n")
                .append("| --- | ---: | ---: | ---: | ---: | --- | ---: | --- | ---: | ---: | ---: | ---: |\n");
        for (OpsPair pair : opsPairs(on, byName)) {
            String peak = pair.peak();
            Summary with = pair.with();
            Summary without = pair.without();
            double[] ratios = roundRatios(
                    rows, with.name(), without.name(), r -> r.result().requestsPerSecond());
            double median = median(ratios);
            double cpu = median(roundRatios(
                    rows,
                    with.name(),
                    without.name(),
                    r -> r.serverCores() / r.result().requestsPerSecond()));
            long errors = with.errors() + without.errors();
            md.append(String.format(
                    Locale.ROOT,
                    "| %s | %d | %s | %s | %s | %s (%s-%s) | %s%% | %s | %s | %s | %s | %s |%n",
                    peak,
                    ratios.length,
                    num(with.rate(), 0),
                    num(without.rate(), 0),
                    num(with.rate() / without.rate(), 3),
                    num(median, 3),
                    ratios.length == 0 ? "" : num(ratios[0], 3),
                    ratios.length == 0 ? "" : num(ratios[ratios.length - 1], 3),
                    num((1 - median) * 100, 1),
                    interval(ratios),
                    num(cpu, 3),
                    num(with.p99(), 2),
                    num(without.p99(), 2),
                    errors == 0 ? "0" : errors + " (not a figure of these requests)"));
        }
        threadsTable(md, on, byName, rows, first);
    }

    /**
     * Where each peak's CPU went, by kind of thread, on against off: each kind's CPU seconds over all the rounds
     * divided by all their requests, in µs a request. It tells what the request threads, the collector and the
     * compilers do more of from what the ops code's own threads (the management server, the access log's flusher)
     * do; the request threads' row holds the access line's making and queueing, and most of its writing.
     */
    private static void threadsTable(
            StringBuilder md, List<Summary> on, Map<String, Summary> byName, List<Row> rows, String first) {
        boolean any = rows.stream().anyMatch(r -> !r.threads().isEmpty());
        if (!any) {
            return;
        }
        md.append("\nThe server's CPU a request by kind of thread (from `/proc/<pid>/task`, the threads told by ")
                .append("their names): each kind's CPU time over all the rounds divided by all their requests, in ")
                .append("µs; the totals are of all the rounds together, not the median of their ratios above, and ")
                .append("the percentage is the difference over off's total. The access log is written by the ")
                .append("request thread that fills a 64-KiB buffer, and every 100 ms by its flusher: most of its ")
                .append("cost is in the request threads' row.\n");
        for (OpsPair pair : opsPairs(on, byName)) {
            String peak = pair.peak();
            Summary with = pair.with();
            Summary without = pair.without();
            Map<ServerProcess.ThreadKind, Double> withMicros = microsPerRequest(rows, with.name());
            Map<ServerProcess.ThreadKind, Double> withoutMicros = microsPerRequest(rows, without.name());
            md.append("\n| " + peak + " | " + first + " µs a request | off µs a request | " + first)
                    .append(" − off µs |\n| --- | ---: | ---: | ---: |\n");
            double withTotal = 0;
            double withoutTotal = 0;
            for (ServerProcess.ThreadKind kind : ServerProcess.ThreadKind.values()) {
                double a = withMicros.getOrDefault(kind, 0.0);
                double b = withoutMicros.getOrDefault(kind, 0.0);
                withTotal += a;
                withoutTotal += b;
                md.append(String.format(
                        Locale.ROOT, "| %s | %s | %s | %s |%n", kind.description, num(a, 1), num(b, 1), num(a - b, 1)));
            }
            md.append(String.format(
                    Locale.ROOT,
                    "| all | %s | %s | %s (%s%%) |%n",
                    num(withTotal, 1),
                    num(withoutTotal, 1),
                    num(withTotal - withoutTotal, 1),
                    num((withTotal / withoutTotal - 1) * 100, 1)));
        }
    }

    /** A peak of the ops scenario: its name without the server's suffix, its ops-on (or control) and ops-off rows. */
    private record OpsPair(String peak, Summary with, Summary without) {}

    /** Each ops-on (or control) summary with the ops-off one of the same peak; a peak without one is left out. */
    private static List<OpsPair> opsPairs(List<Summary> on, Map<String, Summary> byName) {
        List<OpsPair> pairs = new ArrayList<>();
        for (Summary with : on) {
            String suffix = with.name().endsWith(OPS_ON) ? OPS_ON : OPS_CONTROL;
            String peak = with.name().substring(0, with.name().length() - suffix.length());
            Summary without = byName.get(peak + OPS_OFF);
            if (without != null) {
                pairs.add(new OpsPair(peak, with, without));
            }
        }
        return pairs;
    }

    /** Each kind of thread's CPU over the rows named {@code name}, in µs a request of theirs. */
    private static Map<ServerProcess.ThreadKind, Double> microsPerRequest(List<Row> rows, String name) {
        List<Row> named = rows.stream().filter(r -> r.name().equals(name)).toList();
        long requests = named.stream().mapToLong(r -> r.result().requests()).sum();
        Map<ServerProcess.ThreadKind, Double> micros = new java.util.EnumMap<>(ServerProcess.ThreadKind.class);
        for (Row row : named) {
            row.threads().forEach((kind, seconds) -> micros.merge(kind, seconds * 1e6 / requests, Double::sum));
        }
        return micros;
    }

    /** {@code value} of the i-th run named {@code on} over that of the i-th named {@code off}: each round's ratio, sorted. */
    private static double[] roundRatios(List<Row> rows, String on, String off, ToDoubleFunction<Row> value) {
        List<Row> ons = rows.stream().filter(r -> r.name().equals(on)).toList();
        List<Row> offs = rows.stream().filter(r -> r.name().equals(off)).toList();
        double[] ratios = new double[Math.min(ons.size(), offs.size())];
        for (int i = 0; i < ratios.length; i++) {
            ratios[i] = value.applyAsDouble(ons.get(i)) / value.applyAsDouble(offs.get(i));
        }
        java.util.Arrays.sort(ratios);
        return ratios;
    }

    /**
     * An interval of at least 95% for one minus the median of the sorted {@code ratios}, as "low% to high%", or
     * "none" for fewer than six. It needs no assumption about their distribution's shape (it does take them as
     * independent and alike, so it cannot hold a bias they all share): the k-th smallest and k-th largest of n values hold
     * the true median with the chance that a fair coin thrown n times comes up heads at least k and at most n - k
     * times; k is the largest that leaves at most 2.5% on each side (k = 4 of 16: 97.9%; 2 of 8: 93%, so 1 of 8).
     */
    static String interval(double[] ratios) {
        int k = medianIntervalRank(ratios.length);
        if (k == 0) {
            return "none";
        }
        double low = (1 - ratios[ratios.length - k]) * 100;
        double high = (1 - ratios[k - 1]) * 100;
        return num(low, 1) + "% to " + num(high, 1) + "%";
    }

    /**
     * The largest k whose interval [k-th smallest, k-th largest] of n values misses the median with a chance of at
     * most 2.5% on each side: the chance that at most k - 1 of n fair coins come up heads. 0 when no k does (n < 6).
     */
    static int medianIntervalRank(int n) {
        int k = 0;
        double tail = 0; // P(heads <= j - 1) for the j being tried
        double term = Math.pow(0.5, n); // P(heads = j - 1)
        for (int j = 1; j <= n / 2; j++) {
            tail += term;
            if (tail > 0.025) {
                break;
            }
            k = j;
            term = term * (n - (j - 1)) / j;
        }
        return k;
    }

    /** The middle of sorted values, or the mean of the two middle ones. */
    private static double median(double[] sorted) {
        return sorted.length == 0 ? Double.NaN : (sorted[(sorted.length - 1) / 2] + sorted[sorted.length / 2]) / 2;
    }

    private static List<Summary> summarize(List<Row> rows) {
        Map<String, List<Row>> byName = new LinkedHashMap<>();
        rows.forEach(row ->
                byName.computeIfAbsent(row.name(), key -> new ArrayList<>()).add(row));
        List<Summary> summaries = new ArrayList<>();
        byName.forEach((name, runs) -> summaries.add(new Summary(
                name,
                runs.get(0).what(),
                median(runs, r -> r.result().requestsPerSecond()),
                median(runs, r -> r.result().p50Millis()),
                median(runs, r -> r.result().p99Millis()),
                runs.stream().mapToLong(r -> r.result().errors()).sum(),
                median(runs, Row::serverCores),
                median(runs, Row::residentMiB),
                runs.size())));
        return summaries;
    }

    /** The middle run's value, or the mean of the two middle ones (the ops scenario's rounds are even). */
    private static double median(List<Row> runs, ToDoubleFunction<Row> value) {
        return median(runs.stream().mapToDouble(value).sorted().toArray());
    }

    private static void chart(Path file, List<Summary> summaries) throws IOException {
        List<Summary> rated = summaries.stream()
                .filter(s -> !Double.isNaN(s.rate())
                        && !s.name().endsWith(AT_SHARE_OF_PEAK)
                        && !s.name().endsWith(AT_FIXED_RATE))
                .toList();
        CategoryChart chart = new CategoryChartBuilder()
                .width(1100)
                .height(520)
                .title("Switchback: requests per second (median)")
                .xAxisTitle("scenario")
                .yAxisTitle("requests/s")
                .build();
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setXAxisLabelRotation(20);
        chart.getStyler().setLabelsVisible(true);
        chart.addSeries(
                "requests/s",
                rated.stream().map(Summary::name).toList(),
                rated.stream().map(Summary::rate).toList());
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    private static String num(double value, int decimals) {
        return Double.isNaN(value) ? "" : String.format(Locale.ROOT, "%." + decimals + "f", value);
    }
}
