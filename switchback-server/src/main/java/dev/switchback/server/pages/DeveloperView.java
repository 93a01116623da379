package dev.switchback.server.pages;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Settings &gt; My API Application (contract#developer-page): the form that creates or edits the athlete's app, or
 * the app with its credentials, its owner's tokens, its limits and usage, the day's usage by quarter hour, its
 * webhook subscription and latest deliveries; a confirmation and a notice when due.
 */
public record DeveloperView(
        String athleteName,
        String csrf,
        Optional<String> notice,
        Optional<String> formError,
        Optional<AppForm> form,
        Optional<AppPanel> app,
        Optional<String> confirming) {

    /** The create or edit form, with what was entered and a message beside each refused field. */
    public record AppForm(
            boolean editing,
            Map<String, String> values,
            Map<String, String> errors,
            List<String> categories,
            Optional<String> iconUrl) {
        public String value(String field) {
            return values.getOrDefault(field, "");
        }

        public boolean hasError(String field) {
            return errors.containsKey(field);
        }

        public String error(String field) {
            return errors.getOrDefault(field, "");
        }

        /** {@code aria-describedby}: the field's hint, and its error when it has one. */
        public String describedBy(String field, boolean hint) {
            String ids = hint ? field + "-hint" : "";
            return hasError(field) ? (ids + " " + field + "-error").strip() : ids;
        }

        public String action() {
            return editing ? "/settings/api/edit" : "/settings/api";
        }
    }

    /** The app as its owner sees it. */
    public record AppPanel(
            long clientId,
            String name,
            String category,
            String website,
            String description,
            Optional<String> iconUrl,
            Secret secret,
            OwnerTokens tokens,
            List<LimitRow> limits,
            UsageChart usage,
            WebhookPanel webhook,
            int athleteCapacity,
            long connectedAthletes) {
        public String initial() {
            return name.isEmpty() ? "?" : name.substring(0, 1);
        }
    }

    /**
     * The client secret: hidden, shown, or not showable; {@code passwordNeeded} when Show must ask for the password
     * first (the login is older than a few minutes).
     */
    public record Secret(
            Optional<String> shown, boolean unavailable, boolean passwordNeeded, Optional<String> passwordError) {}

    /** "Your Access Token" and "Your Refresh Token", as Strava shows them, and a ready curl command. */
    public record OwnerTokens(String accessToken, String refreshToken, String scope, String expiresAt, String curl) {}

    /** One bucket's limit and use, in the 15-minute window and in the day. */
    public record LimitRow(String bucket, int limit15, long used15, int limitDaily, long usedDaily) {}
}
