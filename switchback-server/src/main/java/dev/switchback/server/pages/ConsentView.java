package dev.switchback.server.pages;

import java.util.List;
import java.util.Optional;

/**
 * The consent page: the app (its icon, name, owner and website), one pre-ticked checkbox per requested scope with
 * Strava's label, and the authorize parameters carried along.
 */
public record ConsentView(
        String appName,
        Optional<String> iconUrl,
        Optional<String> ownerName,
        String website,
        String athleteName,
        List<ScopeChoice> scopes,
        List<HiddenField> hidden,
        String csrf) {
    public record ScopeChoice(String name, String label, boolean required) {}

    public record HiddenField(String name, String value) {}
}
