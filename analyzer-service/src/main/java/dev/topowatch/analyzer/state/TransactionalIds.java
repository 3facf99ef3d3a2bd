package dev.topowatch.analyzer.state;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The {@code transactional.id} of a replica's run-state writer. It must be unique among live
 * replicas (two writers with one id fence each other) and should be stable across a replica's
 * restarts (the restarted writer then aborts at once what the killed one left open, instead of the
 * partitions' next owner waiting for the transaction timeout). Group, host name and data directory
 * give both: a data directory is used by one analyzer at a time (the service locks it). The same id
 * is the replica's {@code group.instance.id} (static membership), which needs the same two properties.
 */
public final class TransactionalIds {

  private TransactionalIds() {}

  public static String of(String groupId, Path dataDir) {
    return groupId + "-" + hostName() + "-" + String.format(Locale.ROOT, "%08x", dataDir.toAbsolutePath().normalize().toString().hashCode());
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "unknown-host";
    }
  }
}
