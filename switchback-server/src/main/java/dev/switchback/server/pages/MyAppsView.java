package dev.switchback.server.pages;

import java.util.List;

/** "My Apps": every app the athlete authorized, with what it may do and since when. */
public record MyAppsView(String athleteName, List<AppRow> apps, String csrf) {
    public record AppRow(long clientId, String name, List<String> scopeLabels, String authorizedAt) {}
}
