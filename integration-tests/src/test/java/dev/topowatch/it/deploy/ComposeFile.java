package dev.topowatch.it.deploy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code deploy/compose.yaml}: services, their images, ports and bind mounts. */
final class ComposeFile {

    private final Path file;
    private final Map<String, Object> doc;

    ComposeFile(Path file) {
        this.file = file;
        this.doc = Yamls.load(file);
    }

    Map<String, Object> service(String name) {
        Object service = Yamls.at(doc, "services", name);
        if (service == null) {
            throw new AssertionError("compose has no service " + name);
        }
        return Yamls.map(service);
    }

    List<Object> ports(String service) {
        return Yamls.list(service(service).getOrDefault("ports", List.of()));
    }

    /** The host path mounted at {@code containerPath} in {@code service}, resolved against the compose file's folder. */
    Optional<Path> hostPathOf(String service, String containerPath) {
        for (Object volume : Yamls.list(service(service).getOrDefault("volumes", List.of()))) {
            String[] parts = String.valueOf(volume).split(":");
            if (parts.length >= 2 && parts[1].equals(containerPath) && parts[0].startsWith(".")) {
                return Optional.of(file.getParent().resolve(parts[0]).normalize());
            }
        }
        return Optional.empty();
    }

    /**
     * Maps a file path inside {@code service}'s container to the host through its bind mounts
     * (a mount of a folder covers the files under it).
     */
    Optional<Path> resolveInContainer(String service, String containerFile) {
        for (Object volume : Yamls.list(service(service).getOrDefault("volumes", List.of()))) {
            String[] parts = String.valueOf(volume).split(":");
            if (parts.length < 2 || !parts[0].startsWith(".")) {
                continue;
            }
            String target = parts[1];
            Path host = file.getParent().resolve(parts[0]).normalize();
            if (containerFile.equals(target)) {
                return Optional.of(host);
            }
            if (containerFile.startsWith(target + "/")) {
                return Optional.of(host.resolve(containerFile.substring(target.length() + 1)));
            }
        }
        return Optional.empty();
    }

    Path folder() {
        return file.getParent();
    }
}
