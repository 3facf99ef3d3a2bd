package dev.topowatch.broker;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Throw-away TLS material made with the JDK's own {@code keytool} (a child process; no dependency):
 * a broker key pair with a certificate for 127.0.0.1 and localhost, valid two days, and a client
 * trust store holding that certificate. Shared with the integration tests through the test jar.
 *
 * @param keyStore the broker's PKCS12 key store
 * @param trustStore a PKCS12 trust store with the broker's certificate, for clients
 * @param password the password of both stores
 */
public record TestCertificates(Path keyStore, Path trustStore, String password) {

  /** Generates fresh material in {@code dir}. */
  public static TestCertificates create(Path dir) throws IOException, InterruptedException {
    String password = "pw-" + Long.toHexString(System.nanoTime());
    Path keyStore = dir.resolve("broker.p12");
    Path certificate = dir.resolve("broker.pem");
    Path trustStore = dir.resolve("truststore.p12");
    keytool("-genkeypair", "-alias", "broker", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
        "-dname", "CN=localhost,O=topowatch test", "-ext", "SAN=ip:127.0.0.1,dns:localhost",
        "-keystore", keyStore.toString(), "-storetype", "PKCS12", "-storepass", password, "-keypass", password);
    keytool("-exportcert", "-rfc", "-alias", "broker", "-keystore", keyStore.toString(), "-storepass", password,
        "-file", certificate.toString());
    keytool("-importcert", "-noprompt", "-alias", "broker", "-file", certificate.toString(),
        "-keystore", trustStore.toString(), "-storetype", "PKCS12", "-storepass", password);
    return new TestCertificates(keyStore, trustStore, password);
  }

  /** A broker security setting with these certificates and {@code users}. */
  public BrokerSecurity brokerSecurity(Map<String, String> users) {
    return new BrokerSecurity(keyStore, password, users);
  }

  /** Client settings (no prefix) for SASL_SSL with SCRAM-SHA-512 as {@code user}. */
  public Map<String, String> clientSettings(String user, String userPassword) {
    return Map.of(
        "security.protocol", "SASL_SSL",
        "sasl.mechanism", "SCRAM-SHA-512",
        "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user
            + "\" password=\"" + userPassword + "\";",
        "ssl.truststore.location", trustStore.toString(),
        "ssl.truststore.password", password,
        "ssl.truststore.type", "PKCS12");
  }

  private static void keytool(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException("keytool " + args[0] + " failed: " + output);
    }
  }
}
