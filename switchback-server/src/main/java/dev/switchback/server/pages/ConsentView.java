package dev.switchback.server.pages;

import java.util.List;

/** The consent page: one pre-ticked checkbox per requested scope, the authorize parameters carried along. */
public record ConsentView(
        String appName, String athleteName, List<ScopeChoice> scopes, List<HiddenField> hidden, String csrf) {
    public record ScopeChoice(String name, String label, boolean required) {}

    public record HiddenField(String name, String value) {}
}
