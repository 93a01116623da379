package dev.switchback.app;

import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

/**
 * An app's icon (contract#developer-page): a PNG or a JPEG, recognised by its first bytes whatever its name or
 * declared type says, of at most {@link #MAX_BYTES}. Kept and shown as a {@code data:} URL, which the pages'
 * content policy admits ({@code img-src 'self' data:}); never SVG, which could carry script.
 */
public record AppIcon(String mediaType, byte[] bytes) {
    public static final int MAX_BYTES = 32 * 1024;
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private static final byte[] JPEG = {(byte) 0xff, (byte) 0xd8, (byte) 0xff};
    private static final String DATA_PREFIX = "data:";

    public AppIcon {
        bytes = bytes.clone();
    }

    /**
     * The icon in {@code bytes}.
     *
     * @throws IllegalArgumentException when it is empty, too big, or neither a PNG nor a JPEG
     */
    public static AppIcon of(byte[] bytes) {
        if (bytes.length == 0) {
            throw new IllegalArgumentException("icon is an empty file");
        }
        if (bytes.length > MAX_BYTES) {
            throw new IllegalArgumentException(
                    "icon must be at most " + MAX_BYTES / 1024 + " KB (got " + (bytes.length + 1023) / 1024 + " KB)");
        }
        return new AppIcon(
                sniff(bytes).orElseThrow(() -> new IllegalArgumentException("icon must be a PNG or JPEG image")),
                bytes);
    }

    /** The icon a {@link #dataUrl()} names, if it is one. */
    public static Optional<AppIcon> fromDataUrl(String url) {
        if (url == null || !url.startsWith(DATA_PREFIX)) {
            return Optional.empty();
        }
        int comma = url.indexOf(";base64,");
        if (comma < 0) {
            return Optional.empty();
        }
        try {
            byte[] bytes = Base64.getDecoder().decode(url.substring(comma + ";base64,".length()));
            return Optional.of(new AppIcon(url.substring(DATA_PREFIX.length(), comma), bytes));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> sniff(byte[] bytes) {
        if (startsWith(bytes, PNG)) {
            return Optional.of("image/png");
        }
        if (startsWith(bytes, JPEG)) {
            return Optional.of("image/jpeg");
        }
        return Optional.empty();
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        return bytes.length >= prefix.length && Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    /** {@code data:image/png;base64,...}: what an {@code img} element's {@code src} takes. */
    public String dataUrl() {
        return DATA_PREFIX + mediaType + ";base64," + Base64.getEncoder().encodeToString(bytes);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AppIcon icon && icon.mediaType.equals(mediaType) && Arrays.equals(icon.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return mediaType.hashCode() * 31 + Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "AppIcon[" + mediaType + ", " + bytes.length + " bytes]";
    }
}
