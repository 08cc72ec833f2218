package io.vmledger.web.ui;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Links to pages with query parameters; null and empty values are left out. */
final class Links {
    private final String path;
    private final Map<String, String> params = new LinkedHashMap<>();

    private Links(String path) {
        this.path = path;
    }

    static Links to(String path) {
        return new Links(path);
    }

    Links with(String name, Object value) {
        if (value != null && !value.toString().isEmpty()) {
            params.put(name, value.toString());
        } else {
            params.remove(name);
        }
        return this;
    }

    Links copy() {
        Links l = new Links(path);
        l.params.putAll(params);
        return l;
    }

    /** This link with one parameter changed. */
    String withParam(String name, Object value) {
        return copy().with(name, value).toString();
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(path);
        char sep = '?';
        for (Map.Entry<String, String> e : params.entrySet()) {
            b.append(sep).append(encode(e.getKey())).append('=').append(encode(e.getValue()));
            sep = '&';
        }
        return b.toString();
    }

    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** A path segment, percent-encoded. */
    static String segment(String s) {
        return encode(s);
    }
}
