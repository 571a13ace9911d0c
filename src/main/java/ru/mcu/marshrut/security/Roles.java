package ru.mcu.marshrut.security;

import java.util.List;

/**
 * The roles. {@code platform} routes items and posts events; {@code coordinator} distributes moderated items and
 * records the statutory deadline events (the МЦУ coordinator of the decrees); {@code admin} keeps autorules,
 * recipients, the rating formula and the principals of its municipalities; {@code auditor} reads everything of its
 * municipalities and changes nothing; {@code centre} does all of it in every municipality and manages principals.
 */
public final class Roles {

    public static final String PLATFORM = "platform";
    public static final String COORDINATOR = "coordinator";
    public static final String ADMIN = "admin";
    public static final String AUDITOR = "auditor";
    public static final String CENTRE = "centre";

    public static final List<String> ALL = List.of(PLATFORM, COORDINATOR, ADMIN, AUDITOR, CENTRE);

    /**
     * The roles as the API's enumeration. The constants are lower case because they are the wire values (and the
     * names {@code @RolesAllowed} checks), so that the schema, the JSON and the checks say the same word.
     */
    public enum Role {
        platform, coordinator, admin, auditor, centre
    }

    private Roles() {
    }
}
