package io.vmledger.web.config;

import io.vmledger.api.settings.SettingsException;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.reader.ReaderException;
import org.yaml.snakeyaml.reader.UnicodeReader;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads the {@code --config} YAML before Helidon does, so that every mistake in it stops start-up with
 * one line naming the file, line and column: malformed YAML, a list or a value at the root, a key that
 * is not a setting ({@link ConfigShape}).
 */
final class ConfigFile {
    private static final String KEY = "--config";

    private ConfigFile() {
    }

    static void check(Path file, ConfigShape shape) {
        String name = file.toString();
        Node document;
        try (InputStream in = Files.newInputStream(file); Reader reader = new UnicodeReader(in)) {
            LoaderOptions options = new LoaderOptions();
            options.setMaxAliasesForCollections(20);
            document = new Yaml(options).compose(reader);
        } catch (MarkedYAMLException e) {
            throw SettingsException.at(where(name, e.getProblemMark()), KEY, "malformed YAML: " + describe(e));
        } catch (ReaderException e) {
            throw SettingsException.at(name, KEY, "malformed YAML: character " + e.getPosition()
                    + " cannot be read (" + firstLine(e.getMessage()) + ")");
        } catch (YAMLException e) {
            throw SettingsException.at(name, KEY, "malformed YAML: " + firstLine(e.getMessage()));
        } catch (IOException e) {
            throw SettingsException.at(name, KEY, "cannot be read: " + e.getMessage());
        }
        shape.check(name, document);
    }

    /**
     * SnakeYAML's problem on one line: "expected ',' or ']', but got <stream end> (while parsing a flow
     * sequence that starts at line 3, column 9)", or "expected a single document in the stream, but found
     * another document".
     */
    private static String describe(MarkedYAMLException e) {
        String problem = firstLine(e.getProblem() == null ? e.getMessage() : e.getProblem());
        String context = e.getContext() == null ? null : firstLine(e.getContext());
        if (context == null) {
            return problem;
        }
        if (!context.startsWith("while")) {
            return context + ", " + problem;
        }
        Mark start = e.getContextMark();
        return problem + " (" + context + (start == null ? "" : " that starts at line " + (start.getLine() + 1)
                + ", column " + (start.getColumn() + 1)) + ")";
    }

    private static String where(String file, Mark mark) {
        return mark == null ? file : file + ":" + (mark.getLine() + 1) + ":" + (mark.getColumn() + 1);
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.strip().lines().findFirst().orElse("");
    }
}
