package dev.switchback.webhook;

import dev.switchback.api.activity.Activity;
import dev.switchback.api.activity.ActivityDetails;
import dev.switchback.api.activity.ActivityId;
import dev.switchback.api.activity.Visibility;
import dev.switchback.athlete.AthleteId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * An activity event, as each of its two audiences sees it (contract#webhook-events): apps whose grant has
 * {@code activity:read_all} see every change, privacy included; apps with only {@code activity:read} never see
 * an Only Me activity, so for them a move to Only Me is a {@code delete}, a move back a {@code create}, and a
 * change of an Only Me activity nothing at all. Apps without {@code activity:read} get no activity event.
 */
public record ActivityEvent(
        ActivityId activityId, AthleteId ownerId, Optional<Aspect> forReadAll, Optional<Aspect> forRead) {

    public static ActivityEvent created(ActivityId id, AthleteId owner, Visibility visibility) {
        return new ActivityEvent(
                id,
                owner,
                Optional.of(Aspect.create()),
                onlyMe(visibility) ? Optional.empty() : Optional.of(Aspect.create()));
    }

    public static ActivityEvent deleted(Activity activity) {
        boolean hidden = onlyMe(activity.details().visibility());
        return new ActivityEvent(
                activity.id(),
                activity.athleteId(),
                Optional.of(Aspect.delete()),
                hidden ? Optional.empty() : Optional.of(Aspect.delete()));
    }

    /** The change from {@code before} to {@code after}: the title, the type and {@code private} are told. */
    public static ActivityEvent updated(ActivityId id, AthleteId owner, ActivityDetails before, ActivityDetails after) {
        Map<String, String> seen = new LinkedHashMap<>();
        if (!before.name().equals(after.name())) {
            seen.put("title", after.name());
        }
        String typeBefore = before.sportType().activityType();
        String typeAfter = after.sportType().activityType();
        if (!typeBefore.equals(typeAfter)) {
            seen.put("type", typeAfter);
        }
        boolean wasHidden = onlyMe(before.visibility());
        boolean isHidden = onlyMe(after.visibility());
        Map<String, String> all = new LinkedHashMap<>(seen);
        if (wasHidden != isHidden) {
            all.put("private", Boolean.toString(isHidden));
        }
        Optional<Aspect> forReadAll = all.isEmpty() ? Optional.empty() : Optional.of(Aspect.update(all));
        Optional<Aspect> forRead;
        if (wasHidden && isHidden) {
            forRead = Optional.empty();
        } else if (isHidden) {
            forRead = Optional.of(Aspect.delete());
        } else if (wasHidden) {
            forRead = Optional.of(Aspect.create());
        } else {
            forRead = seen.isEmpty() ? Optional.empty() : Optional.of(Aspect.update(seen));
        }
        return new ActivityEvent(id, owner, forReadAll, forRead);
    }

    /** Whether any app would be told anything. */
    public boolean tellsAnyone() {
        return forReadAll.isPresent() || forRead.isPresent();
    }

    private static boolean onlyMe(Visibility visibility) {
        return visibility == Visibility.ONLY_ME;
    }
}
