package dev.switchback.api.activity;

import dev.switchback.api.ParamValues;
import dev.switchback.request.Params;
import java.util.Optional;

/**
 * {@code PUT /activities/{id}}: an UpdatableActivity (contract#updatable-activity). Each field is optional; {@code type}
 * counts only without {@code sport_type}; {@code gear_id} "none" removes the gear. Switchback keeps no
 * gear, so any other gear id names nothing the athlete owns and is refused.
 */
public record ActivityUpdate(
        Optional<String> name,
        Optional<String> description,
        Optional<SportType> sportType,
        Optional<Boolean> trainer,
        Optional<Boolean> commute,
        Optional<Boolean> hideFromHome,
        boolean clearGear) {

    public static ActivityUpdate parse(Params params) {
        ParamValues values = ParamValues.of(params, "Activity");
        Optional<String> gear = values.text("gear_id").map(String::strip);
        if (gear.isPresent() && !gear.get().equals("none")) {
            throw values.invalid("gear_id");
        }
        return new ActivityUpdate(
                values.name("name", ManualActivity.MAX_NAME),
                values.text("description"),
                ManualActivity.sportType(values),
                values.bool("trainer"),
                values.bool("commute"),
                values.bool("hide_from_home"),
                gear.isPresent());
    }

    public ActivityDetails applyTo(ActivityDetails details) {
        return new ActivityDetails(
                name.orElse(details.name()),
                description.isPresent() ? description : details.description(),
                sportType.orElse(details.sportType()),
                details.visibility(),
                trainer.orElse(details.trainer()),
                commute.orElse(details.commute()),
                hideFromHome.orElse(details.hideFromHome()),
                clearGear ? Optional.empty() : details.gearId());
    }
}
