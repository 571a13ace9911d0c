package ru.mcu.marshrut.model;

/**
 * The years a date sent to the service may fall in. ISO-8601 lets a date-time carry a signed year of up to nine digits
 * ({@code +999999999-12-31T23:59:59Z}); such a date read fine and then broke what used it — a conversion to the
 * municipality's zone, epoch milliseconds for the time index — after part of a request had been stored. No item,
 * event or period of a municipality's work lies outside these years.
 */
public final class SupportedDates {

    public static final int FIRST_YEAR = 1900;
    public static final int LAST_YEAR = 2999;
    /** What an error says of a date outside them. */
    public static final String RANGE = "between the years " + FIRST_YEAR + " and " + LAST_YEAR;

    private SupportedDates() {
    }

    public static boolean contains(int year) {
        return year >= FIRST_YEAR && year <= LAST_YEAR;
    }
}
