package dev.switchback.api.segment;

import dev.switchback.api.geo.LatLng;

/** A box on the map, south-west and north-east corners, for the segment explorer. */
public record Bounds(LatLng southWest, LatLng northEast) {
    public Bounds {
        if (southWest.latitude() > northEast.latitude() || southWest.longitude() > northEast.longitude()) {
            throw new IllegalArgumentException(
                    "south-west " + southWest + " is not below and left of north-east " + northEast);
        }
    }

    public boolean contains(LatLng position) {
        return position.latitude() >= southWest.latitude()
                && position.latitude() <= northEast.latitude()
                && position.longitude() >= southWest.longitude()
                && position.longitude() <= northEast.longitude();
    }
}
