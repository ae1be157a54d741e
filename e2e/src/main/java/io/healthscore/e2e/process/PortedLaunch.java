package io.healthscore.e2e.process;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;
import java.util.function.IntSupplier;

/**
 * A service started on a free loopback port, started again on a fresh port when its port was taken between the
 * choice and the service's bind (another run, a browser, a second demo took it): a free port is only free when it
 * is chosen. {@link #url()} always names the port the running service actually bound.
 */
public final class PortedLaunch {

    /** How many ports are tried before the start is given up. */
    static final int ATTEMPTS = 4;

    private final Function<URI, ServiceSpec> specFor;
    private final Path logDir;
    private final IntSupplier ports;
    private ServiceProcess process;
    private URI url;
    private int attempts;

    private PortedLaunch(Function<URI, ServiceSpec> specFor, Path logDir, IntSupplier ports) {
        this.specFor = specFor;
        this.logDir = logDir;
        this.ports = ports;
    }

    /** Starts the service (does not wait for readiness: {@link #awaitReady}). */
    public static PortedLaunch start(Function<URI, ServiceSpec> specFor, Path logDir) {
        return start(specFor, logDir, LoopbackPorts::next);
    }

    static PortedLaunch start(Function<URI, ServiceSpec> specFor, Path logDir, IntSupplier ports) {
        PortedLaunch launch = new PortedLaunch(specFor, logDir, ports);
        launch.launch();
        return launch;
    }

    private void launch() {
        attempts++;
        url = URI.create("http://127.0.0.1:" + ports.getAsInt());
        process = ServiceProcess.start(specFor.apply(url), logDir);
    }

    /**
     * Waits until the service is ready; when it ended because its port was taken, starts it on another port
     * (at most {@value #ATTEMPTS} ports in all), each attempt waiting at most {@code atMost}.
     */
    public ServiceProcess awaitReady(Duration atMost) {
        while (true) {
            try {
                return process.awaitReady(atMost);
            } catch (IllegalStateException e) {
                if (!process.failedToBind() || attempts >= ATTEMPTS) {
                    throw e;
                }
                System.err.println(process.name() + ": port " + url.getPort() + " was taken before it bound; "
                        + "starting it on another port");
                process.close();
                launch();
            }
        }
    }

    public URI url() {
        return url;
    }

    public ServiceProcess process() {
        return process;
    }

    /** Ports tried so far (1 when the first one was free). */
    public int attempts() {
        return attempts;
    }
}
