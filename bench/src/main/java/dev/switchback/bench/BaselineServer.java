package dev.switchback.bench;

import io.javalin.Javalin;
import io.javalin.json.JavalinJackson3;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * The baseline: a trivial endpoint on the same HTTP stack (Javalin 7, Jetty 12, Jackson) and the same JVM
 * settings as the server, so every figure is also a ratio to what this machine can do at all.
 * {@code BaselineServer PORT}; {@code GET /baseline} answers a small JSON object.
 */
public final class BaselineServer {
    private BaselineServer() {}

    public static void main(String[] args) throws InterruptedException {
        Map<String, Object> body = Map.of("ok", true);
        Javalin app = Javalin.create(config -> {
                    config.startup.showJavalinBanner = false;
                    config.jsonMapper(new JavalinJackson3(new JsonMapper(), false));
                    config.jetty.host = "127.0.0.1";
                    config.jetty.port = Integer.parseInt(args[0]);
                    config.routes.get("/baseline", ctx -> ctx.json(body));
                })
                .start();
        System.out.println("PORT " + app.port());
        System.out.flush();
        Thread.currentThread().join();
    }
}
