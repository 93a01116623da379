package dev.switchback.client.model;

import java.util.OptionalInt;

/**
 * Strava's Split: one kilometre ({@code splits_metric}) or one mile ({@code splits_standard}) of an activity.
 *
 * @param distance            metres
 * @param elapsedTime         seconds
 * @param elevationDifference metres
 * @param movingTime          seconds
 * @param split               its number, from 1
 * @param averageSpeed        metres per second
 * @param paceZone            the pace zone
 */
public record Split(
        double distance,
        int elapsedTime,
        double elevationDifference,
        int movingTime,
        int split,
        double averageSpeed,
        OptionalInt paceZone) {}
