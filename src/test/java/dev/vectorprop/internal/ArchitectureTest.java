package dev.vectorprop.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The references are an oracle: production code never calls them, so no test compares a kernel with
 * itself. Only the demo's self-check (which is a checker, not a kernel) may use them.
 */
class ArchitectureTest {

    private static final Path MAIN = Path.of("src/main/java/dev/vectorprop");

    @Test
    void productionCodeNeverCallsTheReferences() throws IOException {
        List<Path> offenders;
        try (Stream<Path> files = Files.walk(MAIN)) {
            offenders = files.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> !p.startsWith(MAIN.resolve("reference")) && !p.startsWith(MAIN.resolve("demo")))
                    .filter(ArchitectureTest::mentionsReference)
                    .toList();
        }
        assertTrue(offenders.isEmpty(), "production code uses dev.vectorprop.reference: " + offenders);
    }

    @Test
    void noSpeciesWiderThanPreferred() throws IOException {
        List<Path> offenders;
        try (Stream<Path> files = Files.walk(MAIN)) {
            offenders = files.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> read(p).matches("(?s).*SPECIES_(64|128|256|512|MAX)\\b.*"))
                    .toList();
        }
        assertTrue(offenders.isEmpty(), "fixed-width species (slow Java fallback when wider than the"
                + " hardware): " + offenders);
    }

    private static boolean mentionsReference(Path p) {
        return withoutComments(read(p)).contains("dev.vectorprop.reference");
    }

    /** Javadoc may point at the references; code may not use them. */
    private static String withoutComments(String java) {
        return java.replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\n]*", "");
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
