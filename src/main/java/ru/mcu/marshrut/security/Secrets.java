package ru.mcu.marshrut.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/** Generation and hashing of API keys and ids. */
public final class Secrets {

    /** Marks Marshrut's own keys, so that a leaked one is recognisable (as GitHub's ghp_ tokens are). */
    public static final String KEY_PREFIX = "mrt_";

    private static final SecureRandom RANDOM = new SecureRandom();

    private Secrets() {
    }

    /** 256 random bits: a key cannot be guessed, so an unsalted SHA-256 is enough to store it. */
    public static String newKey() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return KEY_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    public static String newId(String prefix) {
        byte[] b = new byte[8];
        RANDOM.nextBytes(b);
        return prefix + HexFormat.of().formatHex(b);
    }

    public static String sha256Hex(String s) {
        return HexFormat.of().formatHex(sha256(s));
    }

    /** One digest per thread: every request hashes its API key, and looking the algorithm up costs more than hashing. */
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    });

    public static byte[] sha256(String s) {
        return SHA256.get().digest(s.getBytes(StandardCharsets.UTF_8)); // digest() leaves it reset for the next
    }
}
