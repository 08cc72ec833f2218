package io.vmledger.benchmarks.jmh;

import java.net.URISyntaxException;
import java.nio.file.Path;

/** The directory holding {@code benchmarks.jar} (or the compiled classes): {@code benchmarks/target}. */
public final class BuildDirectory {
    private BuildDirectory() {
    }

    public static Path get() {
        try {
            Path code = Path.of(BuildDirectory.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return code.getParent();
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            throw new IllegalStateException("cannot tell where the benchmarks jar is", e);
        }
    }
}
