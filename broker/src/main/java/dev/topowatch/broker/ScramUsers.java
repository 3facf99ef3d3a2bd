package dev.topowatch.broker;

import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialDeletion;
import org.apache.kafka.clients.admin.UserScramCredentialsDescription;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;

/**
 * Makes a running KRaft broker's SCRAM users exactly the configured ones: creates or updates each
 * (SCRAM-SHA-512) and deletes every other SCRAM credential, so a user taken out of the settings can
 * no longer log in. In KRaft the credentials live in
 * the metadata log, so they are written through the admin API (at format time they could only be
 * added once, and a password change would need a new data directory); the call returns when the
 * broker itself lists every user, so a client may log in right after.
 */
final class ScramUsers {

  private static final long TIMEOUT_MS = 30_000;

  private ScramUsers() {}

  static void sync(Properties adminProperties, Map<String, String> users) {
    List<UserScramCredentialAlteration> alterations = new ArrayList<>();
    users.forEach((name, password) -> alterations.add(new UserScramCredentialUpsertion(
        name, new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, BrokerSecurity.SCRAM_ITERATIONS), password)));
    try (Admin admin = Admin.create(adminProperties)) {
      for (UserScramCredentialsDescription existing : admin.describeUserScramCredentials().all()
          .get(TIMEOUT_MS, TimeUnit.MILLISECONDS).values()) {
        for (ScramCredentialInfo info : existing.credentialInfos()) {
          if (!users.containsKey(existing.name()) || info.mechanism() != ScramMechanism.SCRAM_SHA_512) {
            alterations.add(new UserScramCredentialDeletion(existing.name(), info.mechanism()));
          }
        }
      }
      admin.alterUserScramCredentials(alterations).all().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
      Set<String> wanted = users.keySet();
      Retry untilListed = Retry.of("scram-users", RetryConfig.<Set<String>>custom()
          .maxAttempts((int) (TIMEOUT_MS / 50) + 1).waitDuration(Duration.ofMillis(50))
          .retryOnResult(listed -> !listed.equals(wanted)).build());
      Set<String> listed = untilListed.executeCallable(
          () -> Set.copyOf(admin.describeUserScramCredentials().users().get(TIMEOUT_MS, TimeUnit.MILLISECONDS)));
      if (!listed.equals(wanted)) {
        throw new IllegalStateException("the broker did not list exactly the SCRAM users " + wanted + " within " + TIMEOUT_MS + " ms");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating SCRAM users", e);
    } catch (Exception e) {
      throw new IllegalStateException("cannot create the SCRAM users " + users.keySet() + ": " + e.getMessage(), e);
    }
  }
}
