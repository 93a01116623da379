package dev.switchback.server.pages;

import dev.switchback.server.http.Headers;
import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Renders the precompiled jte templates; one template takes one record, and every page is given the product name
 * ({@code pages.product-name}) for its title and header.
 */
public final class Pages {
    /** The favicon: the orange diamond of the header, on the dark of the header. */
    private static final byte[] FAVICON = """
            <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">\
            <rect width="32" height="32" rx="6" fill="#242428"/>\
            <path d="M16 5 27 16 16 27 5 16z" fill="#fc5200"/></svg>""".getBytes(StandardCharsets.UTF_8);

    private final TemplateEngine engine = TemplateEngine.createPrecompiled(ContentType.Html);
    private final String product;

    public Pages(String product) {
        this.product = product;
    }

    /** The product name every page shows. */
    public String product() {
        return product;
    }

    public void render(Context ctx, int status, String template, Object view) {
        StringOutput output = new StringOutput();
        engine.render(template, Map.of("product", product, "view", view), output);
        Headers.noStore(ctx);
        ctx.status(status).html(output.toString());
    }

    public void message(Context ctx, int status, String title, String message) {
        render(ctx, status, "message.jte", new MessageView(title, message));
    }

    /** {@code /favicon.svg} and {@code /favicon.ico}: a small SVG, cached for a day. */
    public void favicon(Context ctx) {
        ctx.header("Cache-Control", "public, max-age=86400");
        ctx.contentType("image/svg+xml").result(FAVICON);
    }
}
