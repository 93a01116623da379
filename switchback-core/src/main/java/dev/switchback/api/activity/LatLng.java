package dev.switchback.api.activity;

/** A position in degrees (WGS84). */
public record LatLng(double latitude, double longitude) {}
