package dev.switchback.server.pages;

import dev.switchback.server.http.Headers;
import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.http.Context;

/** Renders the precompiled jte templates; one template takes one record. */
public final class Pages {
    private final TemplateEngine engine = TemplateEngine.createPrecompiled(ContentType.Html);

    public void render(Context ctx, int status, String template, Object view) {
        StringOutput output = new StringOutput();
        engine.render(template, view, output);
        Headers.noStore(ctx);
        ctx.status(status).html(output.toString());
    }

    public void message(Context ctx, int status, String title, String message) {
        render(ctx, status, "message.jte", new MessageView(title, message));
    }
}
