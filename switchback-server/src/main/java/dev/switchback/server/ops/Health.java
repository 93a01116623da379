package dev.switchback.server.ops;

import dev.switchback.Switchback;
import dev.switchback.ratelimit.UsageCounters;
import dev.switchback.store.Database;
import dev.switchback.webhook.Dispatcher;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /health/live} and {@code GET /health/ready} (contract#health), on the server's port and on the
 * management port: JSON with each check by name and {@code UP} or {@code DOWN}, 200 when all are up and 503
 * otherwise. A check says what is down in a word, never a URL, a message from a driver or anything secret.
 */
public final class Health {
    private final Switchback switchback;
    private final UsageCounters counters;
    private final boolean redis;
    private volatile boolean stopping;

    public Health(Switchback switchback, UsageCounters counters, boolean redis) {
        this.switchback = switchback;
        this.counters = counters;
        this.redis = redis;
    }

    /**
     * One check's outcome: when it is down, {@code note} is the reason; when it is up, a detail worth knowing
     * (empty for most).
     */
    public record Check(String name, boolean up, String note) {
        static Check up(String name) {
            return new Check(name, true, "");
        }

        static Check up(String name, String detail) {
            return new Check(name, true, detail);
        }

        static Check down(String name, String reason) {
            return new Check(name, false, reason);
        }
    }

    /** The answer of a health endpoint: its checks, up only when every one is. */
    public record Report(List<Check> checks) {
        public boolean up() {
            return checks.stream().allMatch(Check::up);
        }

        public int status() {
            return up() ? 200 : 503;
        }

        /** The JSON body, in the shape MicroProfile Health and Keycloak use. */
        public Map<String, Object> body() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", up() ? "UP" : "DOWN");
            List<Map<String, Object>> list = new ArrayList<>();
            for (Check check : checks) {
                Map<String, Object> one = new LinkedHashMap<>();
                one.put("name", check.name());
                one.put("status", check.up() ? "UP" : "DOWN");
                if (!check.up()) {
                    one.put("reason", check.note());
                } else if (!check.note().isEmpty()) {
                    one.put("detail", check.note());
                }
                list.add(one);
            }
            body.put("checks", list);
            return body;
        }
    }

    /** From now on the server is stopping: not ready, so a load balancer sends it nothing new. */
    public void stopping() {
        stopping = true;
    }

    /** The process answers. */
    public Report live() {
        return new Report(List.of(Check.up("process")));
    }

    /**
     * The database answers with this build's schema, Redis answers (when it counts usage), the upload workers
     * and the webhook workers run.
     */
    public Report ready() {
        List<Check> checks = new ArrayList<>();
        if (stopping) {
            checks.add(Check.down("server", "stopping"));
        }
        checks.add(database());
        if (redis) {
            checks.add(redis());
        }
        checks.add(
                switchback.uploads().running() ? Check.up("upload-workers") : Check.down("upload-workers", "stopped"));
        checks.add(webhookWorkers());
        return new Report(checks);
    }

    /** Up when the dispatcher runs; with {@code webhooks.workers=0} up too, as this node delivers nothing. */
    private Check webhookWorkers() {
        Dispatcher dispatcher = switchback.dispatcher();
        if (!dispatcher.delivers()) {
            return Check.up("webhook-workers", "off on this node");
        }
        return dispatcher.running() ? Check.up("webhook-workers") : Check.down("webhook-workers", "stopped");
    }

    private Check database() {
        Database.Readiness readiness = switchback.database().readiness();
        return switch (readiness) {
            case READY -> Check.up("database");
            case UNREACHABLE -> Check.down("database", "unreachable");
            case SCHEMA_NOT_CURRENT -> Check.down("database", "schema not current");
        };
    }

    private Check redis() {
        try {
            counters.check();
            return Check.up("redis");
        } catch (RuntimeException e) {
            return Check.down("redis", "unreachable");
        }
    }

    /** {@code GET /health/live}. */
    public void live(Context ctx) {
        write(ctx, live());
    }

    /** {@code GET /health/ready}. */
    public void ready(Context ctx) {
        write(ctx, ready());
    }

    private static void write(Context ctx, Report report) {
        ctx.header("Cache-Control", "no-store");
        ctx.status(report.status()).json(report.body());
    }
}
