package io.healthscore.scoring.state;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Writes {@link GoldenStates} encoded by whatever {@link AccountStateSerde} it is compiled with, one
 * {@code <name>.bin} per recipe, into the directory given. Run it once per released format, compiled against that
 * release's {@code state} package (see {@code src/test/resources/state-formats/README.md}); never against the
 * serde under test, or the fixtures would prove nothing.
 */
final class GoldenStateWriter {

    private GoldenStateWriter() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Files.createDirectories(Path.of(args[0]));
        for (Map.Entry<String, Supplier<AccountState>> recipe : GoldenStates.all().entrySet()) {
            byte[] bytes = AccountStateSerde.encode(recipe.getValue().get());
            Files.write(dir.resolve(recipe.getKey() + ".bin"), bytes);
            System.out.printf("%-10s %6d bytes, format %d%n", recipe.getKey(), bytes.length, bytes[0]);
        }
    }
}
