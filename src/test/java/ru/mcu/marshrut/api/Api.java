package ru.mcu.marshrut.api;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;

/**
 * REST Assured with real credentials: the tests call the API as a principal, never with security switched off.
 * {@link #given()} is the centre (the test profile's bootstrap key); {@link #as(String)} any other key.
 */
public final class Api {

    /** The bootstrap key of the %test profile (application.properties). */
    public static final String CENTRE_KEY = "test-centre-key-not-for-production";

    private Api() {
    }

    public static RequestSpecification given() {
        return as(CENTRE_KEY);
    }

    public static RequestSpecification as(String key) {
        return RestAssured.given().header("Authorization", "Bearer " + key);
    }

    public static RequestSpecification anonymous() {
        return RestAssured.given();
    }
}
