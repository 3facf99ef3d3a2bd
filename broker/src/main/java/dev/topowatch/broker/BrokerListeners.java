package dev.topowatch.broker;

import java.util.Properties;

/**
 * The broker properties of a secured embedded broker ({@link BrokerSecurity}): clients on {@code
 * SASL_SSL} with SCRAM-SHA-512; the broker's own connections on two TLS listeners that require a
 * client certificate and trust only the broker's own one ({@code INTERNAL} between broker and
 * itself, {@code CONTROLLER} to the KRaft controller). Hostname verification is off on those two
 * only: the peer is identified by its pinned certificate, whatever address it answers on.
 */
final class BrokerListeners {

  static final String CLIENT = "SASL_SSL";
  static final String INTERNAL = "INTERNAL";
  static final String CONTROLLER = "CONTROLLER";
  static final String MECHANISM = "SCRAM-SHA-512";

  private BrokerListeners() {}

  /** How the embedded broker's owner reaches the internal listener (to create the SCRAM users). */
  record Internal(String bootstrap, BrokerSecurity security, String pinnedCertificate) {
    Properties adminProperties() {
      Properties p = new Properties();
      p.put("bootstrap.servers", bootstrap);
      p.put("security.protocol", "SSL");
      tls(p, security, pinnedCertificate);
      p.put("ssl.endpoint.identification.algorithm", "");
      return p;
    }
  }

  /** Rewrites the listener settings of {@code props} (made for PLAINTEXT) for {@code security}. */
  static Internal secure(Properties props, BrokerSecurity security, String host, int clientPort, int internalPort) {
    String controller = props.getProperty("listeners").replaceAll(".*(" + CONTROLLER + "://[^,]+).*", "$1");
    props.put("listeners", CLIENT + "://" + host + ":" + clientPort + "," + INTERNAL + "://127.0.0.1:" + internalPort + "," + controller);
    props.put("advertised.listeners", CLIENT + "://" + host + ":" + clientPort + "," + INTERNAL + "://127.0.0.1:" + internalPort);
    props.put("listener.security.protocol.map", CLIENT + ":SASL_SSL," + INTERNAL + ":SSL," + CONTROLLER + ":SSL");
    props.put("inter.broker.listener.name", INTERNAL);
    String pem = security.ownCertificatePem();
    tls(props, security, pem);
    for (String pinned : new String[] {INTERNAL, CONTROLLER}) {
      String prefix = "listener.name." + pinned.toLowerCase(java.util.Locale.ROOT) + ".";
      props.put(prefix + "ssl.client.auth", "required");
      props.put(prefix + "ssl.endpoint.identification.algorithm", "");
    }
    String client = "listener.name." + CLIENT.toLowerCase(java.util.Locale.ROOT) + ".";
    props.put(client + "ssl.client.auth", "none");
    props.put(client + "sasl.enabled.mechanisms", MECHANISM);
    props.put(client + MECHANISM.toLowerCase(java.util.Locale.ROOT) + ".sasl.jaas.config",
        "org.apache.kafka.common.security.scram.ScramLoginModule required;");
    props.put("sasl.enabled.mechanisms", MECHANISM);
    return new Internal("127.0.0.1:" + internalPort, security, pem);
  }

  /** The broker's key store, and a trust store holding only {@code pinnedPem}. */
  private static void tls(Properties p, BrokerSecurity security, String pinnedPem) {
    p.put("ssl.keystore.location", security.keyStore().toAbsolutePath().toString());
    p.put("ssl.keystore.password", security.keyStorePassword());
    p.put("ssl.key.password", security.keyStorePassword());
    p.put("ssl.keystore.type", security.keyStoreType());
    p.put("ssl.truststore.type", "PEM");
    p.put("ssl.truststore.certificates", pinnedPem);
  }
}
