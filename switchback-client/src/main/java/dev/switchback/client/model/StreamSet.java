package dev.switchback.client.model;

import java.util.List;
import java.util.Optional;

/**
 * Strava's StreamSet: an activity's streams by type ({@code key_by_type=true}), each empty unless it was
 * asked for and recorded. Every stream has one value per point, so {@code time().data().get(i)} and
 * {@code heartrate().data().get(i)} describe the same moment; a value the recording lacks is null.
 *
 * @param time           seconds since the start
 * @param distance       metres since the start (always sent)
 * @param latlng         latitude and longitude
 * @param altitude       metres
 * @param velocitySmooth metres per second
 * @param heartrate      beats per minute
 * @param cadence        revolutions or steps per minute
 * @param watts          watts
 * @param temp           degrees Celsius
 * @param moving         whether the athlete was moving
 * @param gradeSmooth    percent
 */
public record StreamSet(
        Optional<Stream<Integer>> time,
        Optional<Stream<Double>> distance,
        Optional<Stream<List<Double>>> latlng,
        Optional<Stream<Double>> altitude,
        Optional<Stream<Double>> velocitySmooth,
        Optional<Stream<Integer>> heartrate,
        Optional<Stream<Integer>> cadence,
        Optional<Stream<Integer>> watts,
        Optional<Stream<Integer>> temp,
        Optional<Stream<Boolean>> moving,
        Optional<Stream<Double>> gradeSmooth) {

    /**
     * One stream.
     *
     * @param <T>          the type of a value
     * @param data         the values, one per point
     * @param seriesType   what the stream is sampled over: {@code distance} or {@code time}
     * @param originalSize how many points the recording had
     * @param resolution   {@code low}, {@code medium} or {@code high}
     */
    public record Stream<T>(List<T> data, Optional<String> seriesType, int originalSize, Optional<String> resolution) {
        /** An absent list becomes an empty one. */
        public Stream {
            data = Lists.orEmpty(data);
        }
    }
}
