/**
 * Strava's API v3 resources as records, for the typed calls of {@link dev.switchback.client.StravaClient}
 * and {@link dev.switchback.client.ApiResponse#as(Class)}.
 *
 * <p>One record per resource, not one per representation: Strava answers the same resource at
 * {@code resource_state} 2 (summary, in lists) or 3 (detailed, alone), and the record carries both, with
 * the detailed-only fields as {@code Optional} (empty in a summary) and lists empty when absent. {@code
 * resourceState()} says which one arrived. Wire names are Strava's, in snake_case; a property the record
 * does not know is ignored, so a newer server never breaks an older client.
 */
package dev.switchback.client.model;
