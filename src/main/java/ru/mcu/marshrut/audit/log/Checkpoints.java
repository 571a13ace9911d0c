package ru.mcu.marshrut.audit.log;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Signed tree heads in the format transparency logs share: a C2SP tlog-checkpoint (origin, size, base64 root)
 * signed as a C2SP signed-note with Ed25519 (the JDK's own). The key is generated once into the data directory
 * ({@code audit-signing-key}, owner-readable); its verifier key is published in the signed-note vkey form.
 */
public final class Checkpoints {

    public static final String KEY_NAME = "marshrut";
    static final String KEY_FILE = "audit-signing-key";

    private final PrivateKey privateKey;
    private final PublicKey publicKey;
    private final byte[] rawPublicKey;
    private final byte[] keyId;
    /** The key was made at this start: none was in the data directory (a new one, or one replaced, docs/AUDIT.md). */
    private final boolean generated;

    private Checkpoints(KeyPair pair, boolean generated) {
        this.generated = generated;
        this.privateKey = pair.getPrivate();
        this.publicKey = pair.getPublic();
        byte[] spki = pair.getPublic().getEncoded();
        this.rawPublicKey = Arrays.copyOfRange(spki, spki.length - 32, spki.length);
        byte[] material = concat((KEY_NAME + "\n").getBytes(StandardCharsets.UTF_8), new byte[] { 1 }, rawPublicKey);
        this.keyId = Arrays.copyOf(Merkle.sha256().digest(material), 4);
    }

    /** The key of the data directory, generated on first use. */
    public static Checkpoints open(Path dataDir) {
        Path file = dataDir.toAbsolutePath().resolve(KEY_FILE);
        try {
            KeyFactory kf = KeyFactory.getInstance("Ed25519");
            if (Files.exists(file)) {
                String[] lines = Files.readString(file).strip().split("\n");
                PrivateKey priv = kf.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(lines[0].strip())));
                PublicKey pub = kf.generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(lines[1].strip())));
                return new Checkpoints(new KeyPair(pub, priv), false);
            }
            KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            Files.createDirectories(file.getParent());
            if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
            Files.writeString(file, Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()) + "\n"
                    + Base64.getEncoder().encodeToString(pair.getPublic().getEncoded()) + "\n");
            return new Checkpoints(pair, true);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or write the audit signing key " + file, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is not available or the key in " + file + " is damaged", e);
        }
    }

    /**
     * The key every node of a cluster signs with: the first node to start puts its key into the replicated
     * {@code meta} cache and each other node takes that one (and keeps it in its data directory), so checkpoints
     * verify with the one public key whichever node is the signer. The key crosses the cluster's own network only.
     */
    public static Checkpoints shared(Path dataDir, org.infinispan.Cache<String, byte[]> meta) {
        open(dataDir);
        Path file = dataDir.toAbsolutePath().resolve(KEY_FILE);
        try {
            byte[] mine = Files.readAllBytes(file);
            byte[] cluster = meta.putIfAbsent(SHARED_KEY, mine);
            if (cluster != null && !Arrays.equals(cluster, mine)) {
                Files.write(file, cluster);
            }
            return open(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or write the audit signing key " + file, e);
        }
    }

    static final String SHARED_KEY = "signing-key";

    public boolean generatedAtThisStart() {
        return generated;
    }

    /** {@code <name>+<key id hex>+<base64(0x01 ‖ public key)>}. */
    public String verifierKey() {
        return KEY_NAME + "+" + HexFormat.of().formatHex(keyId) + "+"
                + Base64.getEncoder().encodeToString(concat(new byte[] { 1 }, rawPublicKey));
    }

    public static String body(String municipality, long size, byte[] root) {
        return "marshrut/" + municipality + "\n" + size + "\n" + Base64.getEncoder().encodeToString(root) + "\n";
    }

    /** The signed note of a checkpoint: body, blank line, one signature line. Ed25519 is deterministic. */
    public String sign(String body) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(privateKey);
            s.update(body.getBytes(StandardCharsets.UTF_8));
            byte[] sig = s.sign();
            return body + "\n\u2014 " + KEY_NAME + " " + Base64.getEncoder().encodeToString(concat(keyId, sig)) + "\n";
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The body of a signed note if this key signed it, else empty: a note is its body, a blank line and the signature
     * line {@code — marshrut <base64(key id ‖ signature)>}.
     */
    public java.util.Optional<String> signedBody(String note) {
        int blank = note == null ? -1 : note.indexOf("\n\n");
        if (blank < 0) {
            return java.util.Optional.empty();
        }
        String body = note.substring(0, blank + 1);
        String line = note.substring(blank + 2).strip();
        String prefix = "\u2014 " + KEY_NAME + " ";
        try {
            byte[] sig = line.startsWith(prefix) ? Base64.getDecoder().decode(line.substring(prefix.length())) : new byte[0];
            if (sig.length != keyId.length + 64 || !Arrays.equals(Arrays.copyOf(sig, keyId.length), keyId)) {
                return java.util.Optional.empty();
            }
            Signature v = Signature.getInstance("Ed25519");
            v.initVerify(publicKey);
            v.update(body.getBytes(StandardCharsets.UTF_8));
            return v.verify(Arrays.copyOfRange(sig, keyId.length, sig.length)) ? java.util.Optional.of(body)
                    : java.util.Optional.empty();
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            return java.util.Optional.empty();
        }
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
