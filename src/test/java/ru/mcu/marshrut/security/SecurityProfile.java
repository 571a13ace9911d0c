package ru.mcu.marshrut.security;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The security tests' own service instance (their changes — activations, keys, users — touch no other test), with
 * OIDC bearer tokens on and verified locally against a test-only public key (src/test/resources/oidc), and the
 * console's OIDC login pointed at {@link FakeIdentityProvider}'s port.
 */
public class SecurityProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> config = new java.util.HashMap<>(FakeIdentityProvider.config());
        config.put("quarkus.oidc.tenant-enabled", "true");
        config.put("quarkus.oidc.public-key", base64Body("oidc/test-verification-key.pem"));
        return config;
    }

    static String base64Body(String pemResource) {
        try (InputStream in = SecurityProfile.class.getClassLoader().getResourceAsStream(pemResource)) {
            String pem = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            return pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
