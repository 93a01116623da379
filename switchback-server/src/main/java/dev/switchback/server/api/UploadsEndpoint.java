package dev.switchback.server.api;

import dev.switchback.api.upload.NewUpload;
import dev.switchback.api.upload.UploadId;
import dev.switchback.api.upload.UploadService;
import dev.switchback.fault.FaultError;
import dev.switchback.fault.FaultException;
import dev.switchback.server.http.Guard;
import dev.switchback.server.http.HttpParams;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import jakarta.servlet.MultipartConfigElement;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * {@code POST /uploads} (201 at once, processed in the background) and {@code GET /uploads/{id}}
 * (contract#scope-matrix, contract#uploads). Uploads may be far larger than other requests: {@link #allowFiles} lets this one
 * path take bodies up to {@code upload.max-file-size}.
 */
public final class UploadsEndpoint {
    /** Jetty's request attribute holding the multipart limits for this request. */
    private static final String MULTIPART_CONFIG = "org.eclipse.jetty.multipartConfig";
    /** Room for the other form fields beside the file. */
    private static final long FORM_FIELDS_ALLOWANCE = 64 * 1024;
    /** Parts larger than this are spooled to a temporary file instead of memory. */
    private static final int IN_MEMORY_PART = 1024 * 1024;

    private final UploadService uploads;
    private final long maxFileSize;

    public UploadsEndpoint(UploadService uploads, long maxFileSize) {
        this.uploads = uploads;
        this.maxFileSize = maxFileSize;
    }

    /** The largest body the upload path takes: a file of the largest size, and the other form fields. */
    public long maxRequestSize() {
        return maxFileSize + FORM_FIELDS_ALLOWANCE;
    }

    /** A before-handler for the upload path: multipart bodies up to the file limit. */
    public void allowFiles(Context ctx) {
        ctx.req()
                .setAttribute(
                        MULTIPART_CONFIG,
                        new MultipartConfigElement(
                                System.getProperty("java.io.tmpdir"),
                                maxFileSize,
                                maxFileSize + FORM_FIELDS_ALLOWANCE,
                                IN_MEMORY_PART));
    }

    public void create(Context ctx) {
        NewUpload upload = NewUpload.parse(HttpParams.queryAndBody(ctx), file(ctx), maxFileSize);
        ctx.status(201).json(UploadJson.of(uploads.accept(Guard.viewer(ctx), upload)));
    }

    public void get(Context ctx) {
        UploadId id = UploadId.parse(ctx.pathParam("id"));
        ctx.json(UploadJson.of(
                uploads.find(Guard.viewer(ctx), id).orElseThrow(() -> FaultException.notFound("Upload", "id"))));
    }

    /** The {@code file} part, read whole (it is within the limit, or the container refused the body). */
    private Optional<NewUpload.File> file(Context ctx) {
        if (!Optional.ofNullable(ctx.contentType())
                .orElse("")
                .toLowerCase(java.util.Locale.ROOT)
                .startsWith("multipart/")) {
            return Optional.empty();
        }
        UploadedFile part = ctx.uploadedFile("file");
        if (part == null) {
            return Optional.empty();
        }
        if (part.size() > maxFileSize) {
            throw FaultException.of(413, "Bad Request", new FaultError("Upload", "file", "too large"));
        }
        try (InputStream content = part.content()) {
            return Optional.of(new NewUpload.File(
                    Optional.ofNullable(part.filename()), content.readNBytes((int) maxFileSize + 1)));
        } catch (IOException e) {
            throw FaultException.invalid("Upload", "file");
        }
    }
}
