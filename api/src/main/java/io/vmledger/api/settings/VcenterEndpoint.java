package io.vmledger.api.settings;

import java.util.Objects;

/**
 * One configured vCenter (an entry of the {@code vcenters} list).
 *
 * @param name           the vCenter key stored with every row (its host name)
 * @param url            SDK URL, e.g. {@code https://vc01.example.com/sdk}
 * @param username       user name
 * @param password       resolved password (from {@code password}, {@code password_env} or {@code password_file});
 *                       never logged, hidden by {@link #toString()}
 * @param insecure       accept any server certificate
 * @param truststore     path of a trust store, or null
 * @param timeoutSeconds connect and read timeout
 */
public record VcenterEndpoint(String name, String url, String username, String password, boolean insecure,
                              String truststore, int timeoutSeconds) {

    public VcenterEndpoint {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(url, "url");
    }

    @Override
    public String toString() {
        return "VcenterEndpoint[name=" + name + ", url=" + url + ", username=" + username + ", password=****"
                + ", insecure=" + insecure + ", truststore=" + truststore + ", timeoutSeconds=" + timeoutSeconds + "]";
    }
}
