package dev.switchback.api.club;

import dev.switchback.athlete.AthleteId;
import java.util.Optional;

/** What it takes to create a club; its owner becomes its first member and an admin. */
public record NewClub(
        AthleteId ownerId,
        String name,
        String description,
        ClubSportType sportType,
        Optional<String> city,
        Optional<String> state,
        Optional<String> country,
        boolean isPrivate,
        Optional<String> url) {

    public NewClub {
        if (name == null || name.isBlank() || name.length() > 255) {
            throw new IllegalArgumentException("a club needs a name of 1 to 255 characters (got '" + name + "')");
        }
        if (url.isPresent() && !url.get().matches("[A-Za-z0-9_-]{1,100}")) {
            throw new IllegalArgumentException(
                    "a club url is 1 to 100 letters, digits, '-' or '_' (got '" + url.get() + "')");
        }
    }

    /** A public club with no description, place or url. */
    public static NewClub of(AthleteId ownerId, String name, ClubSportType sportType) {
        return new NewClub(
                ownerId,
                name,
                "",
                sportType,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                false,
                Optional.empty());
    }

    public NewClub asPrivate() {
        return new NewClub(ownerId, name, description, sportType, city, state, country, true, url);
    }

    public NewClub in(String city, String state, String country) {
        return new NewClub(
                ownerId,
                name,
                description,
                sportType,
                Optional.of(city),
                Optional.of(state),
                Optional.of(country),
                isPrivate,
                url);
    }

    public NewClub at(String vanityUrl) {
        return new NewClub(
                ownerId, name, description, sportType, city, state, country, isPrivate, Optional.of(vanityUrl));
    }

    public NewClub describedAs(String text) {
        return new NewClub(ownerId, name, text, sportType, city, state, country, isPrivate, url);
    }
}
