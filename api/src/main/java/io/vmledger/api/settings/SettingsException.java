package io.vmledger.api.settings;

/** An invalid configuration value; the message is one line naming the key and what is allowed. */
public final class SettingsException extends RuntimeException {
    private final String key;

    public SettingsException(String key, Object value, String allowed) {
        super("Invalid setting " + key + " = '" + value + "': " + allowed);
        this.key = key;
    }

    private SettingsException(String message, String key) {
        super(message);
        this.key = key;
    }

    /**
     * A problem found at a place in the configuration file: a key that is not a setting, a section
     * where a value belongs, malformed YAML.
     *
     * @param where   the place, e.g. {@code /etc/vmledger.yaml:3:5}
     * @param key     the key at fault, or {@code --config} when the file as a whole is
     * @param message what is wrong and what is allowed
     */
    public static SettingsException at(String where, String key, String message) {
        return new SettingsException(where + ": " + message, key);
    }

    public String key() {
        return key;
    }
}
