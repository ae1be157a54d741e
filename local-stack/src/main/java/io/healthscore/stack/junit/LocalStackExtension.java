package io.healthscore.stack.junit;

import io.healthscore.stack.LocalStack;
import io.healthscore.stack.StackConfig;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Gives integration tests a {@link LocalStack} parameter: one stack per test JVM (so per module's integration
 * test run), shared by every test class that uses this extension, on free loopback ports, with its data in a
 * fresh directory that is deleted when the run ends. Components start on first use, so a test that only needs
 * Kafka does not pay for PostgreSQL or the registry.
 *
 * <pre>{@code
 * @ExtendWith(LocalStackExtension.class)
 * class SomethingIT {
 *     @Test void works(LocalStack stack) { stack.kafka().bootstrapServers(); ... }
 * }
 * }</pre>
 */
public final class LocalStackExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(LocalStackExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == LocalStack.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) throws ParameterResolutionException {
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(SharedStack.class, key -> SharedStack.start(), SharedStack.class)
                .stack();
    }

    /** Owned by the root store, which closes it once all tests of the run have finished. */
    record SharedStack(LocalStack stack, Path dataDir) implements ExtensionContext.Store.CloseableResource {

        static SharedStack start() {
            try {
                Path root = Path.of(System.getProperty("healthscore.test.workdir", "target/it-stack"));
                Files.createDirectories(root);
                Path dataDir = Files.createTempDirectory(root.toAbsolutePath(), "run-");
                return new SharedStack(new LocalStack(StackConfig.onFreePorts(dataDir)), dataDir);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create a data directory for the test stack", e);
            }
        }

        @Override
        public void close() {
            try {
                stack.close();
            } finally {
                deleteRecursively(dataDir);
            }
        }

        private static void deleteRecursively(Path dir) {
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // Left under target/, removed by the next clean.
            }
        }
    }
}
