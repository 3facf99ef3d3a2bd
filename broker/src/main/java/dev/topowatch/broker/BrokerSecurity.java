package dev.topowatch.broker;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How the embedded broker guards its client listener: plain (the default, loopback only) or TLS with
 * SASL/SCRAM-SHA-512 logins ({@code SASL_SSL}). Shared by {@code serve}'s embedded broker and the
 * standalone {@code broker} command.
 *
 * <p>With TLS the broker presents the key pair of {@code keyStore} and accepts the SCRAM {@code
 * users} (name → password), which it (re)creates at every start, so a password change takes effect
 * on restart. Its own internal connections (broker to controller, broker to itself) use TLS with
 * client certificates, trusting exactly the broker's own certificate: no listener of a secured
 * broker accepts an unauthenticated connection, not even on loopback.
 *
 * @param keyStore PKCS12 (or JKS) file with the broker's private key and certificate chain
 * @param keyStorePassword its password (also the key's)
 * @param users SCRAM-SHA-512 user names and passwords; at least one
 */
public record BrokerSecurity(Path keyStore, String keyStorePassword, Map<String, String> users) {

  /** SCRAM-SHA-512 needs at least 4096 iterations. */
  static final int SCRAM_ITERATIONS = 8192;

  public BrokerSecurity {
    Objects.requireNonNull(keyStore, "keyStore");
    Objects.requireNonNull(keyStorePassword, "keyStorePassword");
    if (users == null || users.isEmpty()) {
      throw new IllegalArgumentException("a TLS broker needs at least one SCRAM user");
    }
    users.forEach((name, password) -> {
      if (name.isBlank() || password == null || password.isEmpty()) {
        throw new IllegalArgumentException("every SCRAM user needs a name and a password");
      }
    });
    users = Collections.unmodifiableMap(new LinkedHashMap<>(users));
  }

  /**
   * The security described by three settings (as {@code serve} and {@code broker} take them):
   * empty when {@code keyStore} is unset or blank (PLAINTEXT), else TLS with SCRAM users.
   *
   * @throws IllegalArgumentException when a key store is given without its password or users
   */
  public static Optional<BrokerSecurity> fromSettings(String keyStore, String keyStorePassword, String users) {
    if (keyStore == null || keyStore.isBlank()) {
      return Optional.empty();
    }
    if (keyStorePassword == null || users == null || users.isBlank()) {
      throw new IllegalArgumentException("a broker key store needs its password and at least one SCRAM user (name:password)");
    }
    return Optional.of(new BrokerSecurity(Path.of(keyStore.trim()), keyStorePassword, parseUsers(users)));
  }

  /**
   * Parses {@code name:password,name:password} (a password may hold {@code :} but not {@code ,}).
   *
   * @throws IllegalArgumentException on an entry without {@code :}
   */
  public static Map<String, String> parseUsers(String text) {
    Map<String, String> users = new LinkedHashMap<>();
    String[] entries = text.split(",");
    for (int i = 0; i < entries.length; i++) {
      String entry = entries[i];
      if (entry.isBlank()) {
        continue;
      }
      int colon = entry.indexOf(':');
      if (colon <= 0 || colon == entry.length() - 1) {
        // The entry itself is not quoted: it may be a password.
        throw new IllegalArgumentException("SCRAM users are name:password separated by commas; entry " + (i + 1) + " is not");
      }
      users.put(entry.substring(0, colon).trim(), entry.substring(colon + 1));
    }
    return users;
  }

  /** The broker's own certificate, PEM-encoded: the only certificate its internal listeners trust. */
  String ownCertificatePem() {
    try (InputStream in = Files.newInputStream(keyStore)) {
      KeyStore ks = KeyStore.getInstance(keyStoreType());
      ks.load(in, keyStorePassword.toCharArray());
      for (String alias : Collections.list(ks.aliases())) {
        if (ks.isKeyEntry(alias)) {
          Certificate cert = ks.getCertificate(alias);
          return "-----BEGIN CERTIFICATE-----\n"
              + Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).encodeToString(cert.getEncoded())
              + "\n-----END CERTIFICATE-----";
        }
      }
      throw new IllegalArgumentException("key store " + keyStore + " holds no private key entry");
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException("cannot read key store " + keyStore + ": " + e.getMessage(), e);
    }
  }

  String keyStoreType() {
    return keyStore.toString().endsWith(".jks") ? "JKS" : "PKCS12";
  }

  /** Never prints the passwords. */
  @Override
  public String toString() {
    return "BrokerSecurity[SASL_SSL, SCRAM-SHA-512, keyStore=" + keyStore + ", users=" + users.keySet() + "]";
  }
}
