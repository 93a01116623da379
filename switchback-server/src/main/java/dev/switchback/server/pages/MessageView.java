package dev.switchback.server.pages;

/** A page with a title and one message, such as Strava's "Limit of connected athletes exceeded". */
public record MessageView(String title, String message) {}
