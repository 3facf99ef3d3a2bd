package dev.topowatch.it.dashboards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.topowatch.it.prometheus.PrometheusBinaries;
import dev.topowatch.it.prometheus.PrometheusServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Missing or broken binaries fail with a message that says what to do, never silently. */
class PrometheusBinariesTest {

    @Test
    void aMissingBinaryNamesTheFix() {
        assertThatThrownBy(() -> PrometheusBinaries.require("promtool-that-does-not-exist"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(".ci/run")
                .hasMessageContaining("apt-get install prometheus");
    }

    @Test
    void theDebianBinariesArePresent() {
        assertThat(PrometheusBinaries.promtool()).satisfies(p -> assertThat(Files.isExecutable(p)).isTrue());
        assertThat(PrometheusBinaries.prometheus()).satisfies(p -> assertThat(Files.isExecutable(p)).isTrue());
    }

    @Test
    void aServerThatExitsAtOnceReportsItsExitAndLog() {
        assertThatThrownBy(() -> PrometheusServer.builder().binary(Path.of("/bin/false")).start())
                .isInstanceOf(IOException.class)
                .hasMessageContaining("exited with 1");
    }
}
