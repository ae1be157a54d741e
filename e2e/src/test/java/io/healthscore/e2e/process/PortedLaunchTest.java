package io.healthscore.e2e.process;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A port chosen free can be taken before the service binds it (another run, a browser, a second demo): the
 * launcher then starts the service on another port, and the URL it reports is the one the service bound.
 */
class PortedLaunchTest {

    @TempDir
    Path logs;

    @Test
    void aServiceWhosePortIsTakenBetweenChoiceAndStartIsStartedOnAnotherPort() throws Exception {
        try (ServerSocket squatter = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            // Given the first port the launcher chooses is taken by the time the service binds it
            Deque<Integer> ports = new ArrayDeque<>(List.of(squatter.getLocalPort()));

            // When the service is started
            PortedLaunch launch = PortedLaunch.start(this::stub, logs,
                    () -> ports.isEmpty() ? LoopbackPorts.next() : ports.poll());
            try {
                ServiceProcess ready = launch.awaitReady(Duration.ofSeconds(30));

                // Then it runs, on another port, and the launcher names that port
                assertThat(ready.isAlive()).isTrue();
                assertThat(launch.attempts()).isEqualTo(2);
                assertThat(launch.url().getPort()).isNotEqualTo(squatter.getLocalPort());
                assertThat(ready.spec().readinessUrl().getPort()).isEqualTo(launch.url().getPort());
            } finally {
                launch.process().close();
            }
        }
    }

    @Test
    void aServiceThatFailsForAnotherReasonIsNotStartedAgain() {
        PortedLaunch launch = PortedLaunch.start(url -> stub(url).withSystemProperties(Map.of("stub.port", "not-a-port")),
                logs, LoopbackPorts::next);

        assertThatThrownBy(() -> launch.awaitReady(Duration.ofSeconds(30)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("exited");
        assertThat(launch.attempts()).isEqualTo(1);
    }

    private ServiceSpec stub(URI url) {
        return new ServiceSpec("stub", Path.of("").toAbsolutePath(), ListeningStub.class.getName(),
                List.of(Path.of("target/test-classes").toAbsolutePath()), Map.of(),
                Map.of("stub.port", Integer.toString(url.getPort())), List.of("-Xmx32m"), url.resolve("/ready"));
    }
}
