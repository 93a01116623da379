package dev.switchback.api.segment;

/**
 * Strava's climb categories, 0 (not categorized) to 5 (hors catégorie). A climb's score is its length
 * in metres times its average grade in percent; the thresholds are those Strava publishes.
 */
public final class ClimbCategory {
    public static final int NOT_CATEGORIZED = 0;
    public static final int HORS_CATEGORIE = 5;
    private static final double[] THRESHOLDS = {8_000, 16_000, 32_000, 64_000, 80_000};
    private static final String[] DESCRIPTIONS = {"NC", "4", "3", "2", "1", "HC"};

    private ClimbCategory() {}

    public static int of(double distanceMetres, double averageGradePercent) {
        double score = distanceMetres * averageGradePercent;
        int category = NOT_CATEGORIZED;
        for (double threshold : THRESHOLDS) {
            if (score >= threshold) {
                category++;
            }
        }
        return category;
    }

    /** The explorer's {@code climb_category_desc}: NC, 4, 3, 2, 1 or HC. */
    public static String description(int category) {
        return DESCRIPTIONS[category];
    }
}
