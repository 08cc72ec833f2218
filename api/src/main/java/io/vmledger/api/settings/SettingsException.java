package io.vmledger.api.settings;

/** An invalid configuration value; the message is one line naming the key and what is allowed. */
public final class SettingsException extends RuntimeException {
    private final String key;

    public SettingsException(String key, Object value, String allowed) {
        super("Invalid setting " + key + " = '" + value + "': " + allowed);
        this.key = key;
    }

    public String key() {
        return key;
    }
}
