package dev.switchback.server.pages;

import java.util.Optional;

/** The login form. */
public record LoginView(String returnTo, String csrf, String username, Optional<String> error) {}
