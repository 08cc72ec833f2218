package io.vmledger.benchmarks;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Small helpers of the benchmarks that drive a running service: picking values out of its answers. */
public final class ServiceAnswers {
    private ServiceAnswers() {
    }

    /** The first group of every match of {@code regex} in {@code text}, in order. */
    public static List<String> all(String text, String regex) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile(regex).matcher(text);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    /** {@code s} encoded for a query string. */
    public static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
