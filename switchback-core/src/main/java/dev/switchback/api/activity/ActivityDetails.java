package dev.switchback.api.activity;

import java.util.Optional;

/** What the athlete says about an activity, as opposed to what was measured; all of it can be updated. */
public record ActivityDetails(
        String name,
        Optional<String> description,
        SportType sportType,
        Visibility visibility,
        boolean trainer,
        boolean commute,
        boolean hideFromHome,
        Optional<String> gearId) {}
