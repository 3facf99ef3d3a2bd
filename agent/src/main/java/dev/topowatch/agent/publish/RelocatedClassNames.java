package dev.topowatch.agent.publish;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * Points Kafka class names in user-given producer settings at the agent's relocated copy of the
 * Kafka client. The agent jar carries Kafka under {@code dev.topowatch.agent.shaded.}, so a setting
 * such as {@code sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required
 * …;} names a class the training JVM does not have (JAAS loads it by name). Users write the names
 * Kafka documents; this rewrites them.
 */
final class RelocatedClassNames {

  /**
   * Kafka's own package prefix, assembled at run time: the shade plugin rewrites string constants
   * that start with a relocated package, and this one must stay the original.
   */
  private static final String ORIGINAL = String.join(".", "org", "apache", "kafka") + ".";

  /** Where this agent's Kafka classes live ({@code ORIGINAL} when running unshaded, as in unit tests). */
  static final String ACTUAL = ProducerConfig.class.getName().substring(
      0, ProducerConfig.class.getName().length() - "clients.producer.ProducerConfig".length());

  private RelocatedClassNames() {}

  /** A copy of {@code settings} with every {@code org.apache.kafka.} class name moved to {@link #ACTUAL}. */
  static Map<String, String> apply(Map<String, String> settings) {
    Map<String, String> out = new LinkedHashMap<>();
    settings.forEach((k, v) -> out.put(k, relocate(v, ACTUAL)));
    return out;
  }

  /** {@code value} with each {@code org.apache.kafka.} name not already under a prefix moved under {@code actual}. */
  static String relocate(String value, String actual) {
    if (value == null || ORIGINAL.equals(actual) || !value.contains(ORIGINAL)) {
      return value;
    }
    return value.replaceAll("(?<![\\w.])" + Pattern.quote(ORIGINAL), Matcher.quoteReplacement(actual));
  }
}
