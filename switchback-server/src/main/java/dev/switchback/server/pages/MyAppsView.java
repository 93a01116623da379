package dev.switchback.server.pages;

import java.util.List;
import java.util.Optional;

/**
 * "My Apps": every app the athlete authorized, with its icon and website, what it may do and since when; the app
 * whose Revoke asks for confirmation, and the notice after a revocation.
 */
public record MyAppsView(
        String athleteName, List<AppRow> apps, String csrf, Optional<Long> confirming, Optional<String> notice) {
    public record AppRow(
            long clientId,
            String name,
            String website,
            Optional<String> iconUrl,
            List<String> scopeLabels,
            String authorizedAt) {
        public String initial() {
            return name.isEmpty() ? "?" : name.substring(0, 1);
        }
    }

    public boolean isConfirming(long clientId) {
        return confirming.isPresent() && confirming.get() == clientId;
    }
}
