package ru.mcu.marshrut.api;

/**
 * A version number in a path, as the listings write it: digits only, no sign, no leading zero. {@code +2} and
 * {@code 02} used to name version 2 through {@link Integer#parseInt}, so one version had many addresses.
 */
final class VersionNumber {

    private VersionNumber() {
    }

    /** Written as the listings write a version number. */
    static boolean canonical(String version) {
        return version != null && version.matches("[1-9][0-9]{0,8}");
    }

    static int parse(String version) {
        if (!canonical(version)) {
            throw ProblemException.invalid("version", "must be a version number, e.g. 2 (got \"" + version + "\")");
        }
        return Integer.parseInt(version);
    }
}
