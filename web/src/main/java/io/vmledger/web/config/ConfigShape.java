package io.vmledger.web.config;

import io.vmledger.api.settings.SettingsException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The layout a configuration file must have: its sections, the keys each section may hold, and
 * which keys take a list. It is built from the list of setting keys ({@code Settings.Keys.all()}),
 * so a new setting is allowed as soon as its key exists. {@link #check} walks a parsed file and stops
 * at the first key that is not a setting (or a value where a section belongs, or the reverse), naming
 * the file, line and column, the key and the keys allowed in that place.
 */
final class ConfigShape {
    /** What a key holds. */
    sealed interface Kind permits Value, Values, Entries, Open, Section {
    }

    /** A single value. */
    record Value() implements Kind {
    }

    /** A single value or a list of values (a list may also be given comma-separated). */
    record Values() implements Kind {
    }

    /** A list of entries, each a mapping with some of these keys (e.g. {@code vcenters}). */
    record Entries(SortedSet<String> keys) implements Kind {
        Entries(Collection<String> keys) {
            this(new TreeSet<>(keys));
        }

        /** The keys of a record's components in snake case ({@code timeoutSeconds} -> {@code timeout_seconds}). */
        static Entries of(Class<? extends Record> type) {
            return new Entries(Arrays.stream(type.getRecordComponents()).map(RecordComponent::getName)
                    .map(ConfigShape::snakeCase).toList());
        }
    }

    /** A section not checked here: its owner validates it (a storage plugin's options). */
    record Open() implements Kind {
    }

    /** A section with these keys. */
    record Section(SortedMap<String, Kind> keys) implements Kind {
    }

    static final Kind VALUE = new Value();
    static final Kind VALUES = new Values();
    static final Kind OPEN = new Open();

    private final Section root = new Section(new TreeMap<>());

    private ConfigShape() {
    }

    /**
     * The shape holding {@code keys} (dotted: {@code settings.retry.attempts}), each a single value unless
     * {@code kinds} says otherwise; {@code kinds} may also name sections of their own ({@code storage.postgres}).
     */
    static ConfigShape of(Collection<String> keys, Map<String, Kind> kinds) {
        ConfigShape shape = new ConfigShape();
        keys.forEach(k -> shape.put(k, kinds.getOrDefault(k, VALUE)));
        kinds.forEach(shape::put);
        return shape;
    }

    private void put(String key, Kind kind) {
        String[] parts = key.split("\\.");
        Section section = root;
        for (int i = 0; i < parts.length - 1; i++) {
            Kind child = section.keys().get(parts[i]);
            if (!(child instanceof Section)) {
                child = new Section(new TreeMap<>());
                section.keys().put(parts[i], child);
            }
            section = (Section) child;
        }
        section.keys().put(parts[parts.length - 1], kind);
    }

    /** The top-level sections. */
    Set<String> sections() {
        return root.keys().keySet();
    }

    /**
     * Checks a composed YAML document against this shape.
     *
     * @param file the file's name as given, for the messages
     * @throws SettingsException at the first key out of place
     */
    void check(String file, Node document) {
        if (document == null || isNull(document)) {
            return;
        }
        if (!(document instanceof MappingNode)) {
            throw SettingsException.at(where(file, document), "--config", "the file must hold sections ("
                    + String.join(":, ", sections()) + ":), not " + describe(document));
        }
        checkSection(file, "", "", root, document);
    }

    private void check(String file, String key, Kind kind, Node node) {
        switch (kind) {
            case Section s -> checkSection(file, key, key, s, node);
            case Value v -> {
                if (!(node instanceof ScalarNode)) {
                    throw misplaced(file, node, key, key + " takes a single value, not " + describe(node));
                }
            }
            case Values v -> {
                if (node instanceof SequenceNode seq) {
                    List<Node> items = seq.getValue();
                    for (int i = 0; i < items.size(); i++) {
                        check(file, key + "[" + i + "]", VALUE, items.get(i));
                    }
                } else if (!(node instanceof ScalarNode)) {
                    throw misplaced(file, node, key, key + " takes a list of values, not " + describe(node));
                }
            }
            case Entries e -> checkEntries(file, key, e, node);
            case Open o -> {
                // validated by its owner
            }
        }
    }

    /** @param place the section as the messages name it: {@code auth}, {@code each vcenters entry} */
    private void checkSection(String file, String key, String place, Section section, Node node) {
        if (isNull(node)) {
            return;
        }
        if (!(node instanceof MappingNode mapping)) {
            throw misplaced(file, node, key, key + " is a section with the keys " + allowed(section.keys().keySet())
                    + ", not " + describe(node));
        }
        Set<String> seen = new HashSet<>();
        for (NodeTuple tuple : mapping.getValue()) {
            if (tuple.getKeyNode().getTag().equals(Tag.MERGE)) {
                continue; // "<<: *anchor": the anchored section is checked where it is written
            }
            String name = name(file, key, tuple.getKeyNode());
            String full = key.isEmpty() ? name : key + "." + name;
            if (!seen.add(name)) {
                throw misplaced(file, tuple.getKeyNode(), full, "key " + full + " is given twice");
            }
            Kind child = section.keys().get(name);
            if (child == null) {
                throw misplaced(file, tuple.getKeyNode(), full, "unknown key " + full + "; allowed "
                        + (place.isEmpty() ? "at the top level" : "in " + place) + ": " + allowed(section.keys().keySet()));
            }
            check(file, full, child, tuple.getValueNode());
        }
    }

    private void checkEntries(String file, String key, Entries entries, Node node) {
        if (isNull(node)) {
            return;
        }
        if (!(node instanceof SequenceNode seq)) {
            throw misplaced(file, node, key, key + " is a list of entries (\"- " + entries.keys().first()
                    + ": ...\"), not " + describe(node));
        }
        Section entry = new Section(new TreeMap<>());
        entries.keys().forEach(k -> entry.keys().put(k, VALUE));
        List<Node> items = seq.getValue();
        for (int i = 0; i < items.size(); i++) {
            String item = key + "[" + i + "]";
            if (!(items.get(i) instanceof MappingNode)) {
                throw misplaced(file, items.get(i), item, item + " is an entry with the keys "
                        + allowed(entries.keys()) + ", not " + describe(items.get(i)));
            }
            checkSection(file, item, "each " + key + " entry", entry, items.get(i));
        }
    }

    private static String name(String file, String key, Node keyNode) {
        if (keyNode instanceof ScalarNode scalar) {
            return scalar.getValue();
        }
        throw misplaced(file, keyNode, key.isEmpty() ? "(top level)" : key, "a key is a plain name, not "
                + describe(keyNode));
    }

    private static SettingsException misplaced(String file, Node node, String key, String message) {
        return SettingsException.at(where(file, node), key, message);
    }

    static String where(String file, Node node) {
        return file + ":" + (node.getStartMark().getLine() + 1) + ":" + (node.getStartMark().getColumn() + 1);
    }

    private static boolean isNull(Node node) {
        return node instanceof ScalarNode && node.getTag().equals(Tag.NULL);
    }

    private static String describe(Node node) {
        return switch (node) {
            case MappingNode m -> "a section";
            case SequenceNode s -> "a list";
            default -> "a single value";
        };
    }

    private static String allowed(Collection<String> keys) {
        return String.join(", ", new TreeSet<>(keys));
    }

    static String snakeCase(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }
}
