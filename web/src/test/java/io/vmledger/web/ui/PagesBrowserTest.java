package io.vmledger.web.ui;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every page at 360 px and 1280 px in the one headless Chromium: no console error (a CSP violation is one),
 * no WCAG 2.1 AA violation found by axe-core, no horizontal scrolling of the page itself (wide tables
 * scroll inside their own container), and a full-page screenshot in {@code web/target/screenshots/}.
 */
class PagesBrowserTest {

    static Stream<Arguments> pages() {
        List<Arguments> out = new ArrayList<>();
        for (UiPages.Spec spec : UiPages.all()) {
            out.add(Arguments.of(spec, 1280));
            out.add(Arguments.of(spec, 360));
        }
        out.add(Arguments.of(new UiPages.Spec("token-signin", "token:/signin"), 1280));
        out.add(Arguments.of(new UiPages.Spec("token-signin", "token:/signin"), 360));
        return out.stream();
    }

    @ParameterizedTest(name = "{0} at {1} px")
    @MethodSource("pages")
    void pageIsCleanAccessibleAndScreenshot(UiPages.Spec spec, int width) throws Exception {
        UiFixture f = UiFixture.get();
        Browser b = Browser.get();
        b.width(width);
        String url = spec.path().startsWith("token:") ? f.tokenUrl() + spec.path().substring(6) : f.publicUrl() + spec.path();
        b.open(url);

        List<String> errors = new ArrayList<>(b.consoleErrors());
        // an error page's own status is the one error the console may show
        errors.removeIf(e -> spec.status() != 200 && e.startsWith(url + " - Failed to load resource")
                && e.contains("status of " + spec.status()));
        assertEquals(List.of(), errors, "console errors on " + spec);
        assertEquals(List.of(), b.axeViolations(), "WCAG 2.1 AA violations on " + spec + " at " + width + " px");
        Number overflow = (Number) b.js("return document.documentElement.scrollWidth - document.documentElement.clientWidth");
        assertEquals(0, overflow.intValue(), "the page scrolls sideways at " + width + " px: " + spec);
        Path shot = b.screenshot(spec.name());
        assertTrue(Files.size(shot) > 5_000, "screenshot written: " + shot);
    }
}
