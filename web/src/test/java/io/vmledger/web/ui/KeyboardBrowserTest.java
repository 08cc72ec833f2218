package io.vmledger.web.ui;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each page by keyboard alone: the skip link comes first and moves to the content, Tab then visits every
 * control once in reading order (no positive tabindex, no trap) with a visible focus ring, and the forms
 * work from the keyboard.
 */
class KeyboardBrowserTest {
    private final UiFixture f = UiFixture.get();
    private final Browser b = Browser.get();

    /** Marks the page's focusable elements in DOM order; returns their count. */
    private static final String MARK = """
            const sel = 'a[href], button:not([disabled]), input:not([type=hidden]):not([disabled]), '
                + 'select:not([disabled]), textarea:not([disabled]), summary, [tabindex]:not([tabindex="-1"])';
            // inside a closed <details> only its summary takes focus
            const folded = e => { const d = e.closest('details:not([open])'); return d && !e.closest('summary'); };
            const all = Array.from(document.querySelectorAll(sel)).filter(e =>
                e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden' && !folded(e));
            all.forEach((e, i) => e.setAttribute('data-kb', i));
            return all.length;""";

    /** Where focus is, and whether it shows: [index or -1, outline visible, tag]. */
    private static final String FOCUS = """
            const e = document.activeElement;
            const cs = getComputedStyle(e);
            const ring = cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 2;
            return [e.hasAttribute('data-kb') ? Number(e.getAttribute('data-kb')) : -1, ring,
                    e.tagName + (e.id ? '#' + e.id : '') + (e.type === 'date' ? ' date' : '') + ' '
                    + (e.textContent || '').trim().slice(0, 30)];""";

    static Stream<UiPages.Spec> pages() {
        List<UiPages.Spec> all = new ArrayList<>(UiPages.all());
        all.add(new UiPages.Spec("token-signin", "token:/signin"));
        return all.stream();
    }

    private String url(UiPages.Spec spec) {
        return spec.path().startsWith("token:") ? f.tokenUrl() + spec.path().substring(6) : f.publicUrl() + spec.path();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pages")
    void skipLinkThenEveryControlInOrderWithAVisibleFocus(UiPages.Spec spec) {
        b.width(1280);
        b.open(url(spec));
        assertEquals(0L, b.js("return document.querySelectorAll('[tabindex]:not([tabindex=\"0\"]):not([tabindex=\"-1\"])').length"),
                "no positive tabindex");

        b.tab();
        WebElement skip = b.focused();
        assertEquals("Skip to content", skip.getText(), spec + ": the first Tab reaches the skip link");
        assertTrue((Boolean) b.js("const r = arguments[0].getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight"
                + " && r.width > 0", skip), "the focused skip link is on screen");
        b.press(Keys.ENTER);
        assertEquals("main", b.focused().getDomAttribute("id"), spec + ": the skip link moves focus to the content");

        b.open(url(spec));
        long count = (Long) b.js(MARK);
        for (int i = 0; i < count; i++) {
            b.tab();
            List<?> at = (List<?>) b.js(FOCUS);
            // a date input takes a Tab per field (month, day, year, picker) before focus moves on
            for (int field = 0; field < 4 && i > 0 && at.get(0).equals((long) i - 1)
                    && String.valueOf(at.get(2)).contains(" date"); field++) {
                b.tab();
                at = (List<?>) b.js(FOCUS);
            }
            assertEquals((long) i, at.get(0), spec + ": Tab " + (i + 1) + " reached " + at.get(2) + " out of order");
            assertTrue((Boolean) at.get(1), spec + ": no visible focus on " + at.get(2));
        }
        b.tab();
        List<?> after = (List<?>) b.js(FOCUS);
        assertEquals(-1L, after.get(0), spec + ": focus leaves the page after its last control (no trap)");
    }

    @Test
    void summaryFiltersWorkFromTheKeyboard() {
        b.width(1280);
        b.open(f.publicUrl() + "/snapshots/daily/" + UiFixture.DAY2);
        focus("#f-vcenter");
        new Select(b.find("#f-vcenter")).getOptions(); // the select is there; choose by keys
        b.press(Keys.ARROW_DOWN, Keys.ARROW_DOWN);
        assertEquals(UiFixture.VC2, new Select(b.find("#f-vcenter")).getFirstSelectedOption().getText());
        b.tab();
        b.tab();
        assertEquals("f-prefix", b.focused().getDomAttribute("id"));
        String prefix = UiPages.prefixOfManyNames(f);
        b.pressAndLoad(prefix, Keys.ENTER);
        assertTrue(b.driver.getCurrentUrl().contains("name_prefix=" + Links.encode(prefix)), b.driver.getCurrentUrl());
        List<String> names = b.all("table.data tbody th.name").stream().map(WebElement::getText).toList();
        assertTrue(!names.isEmpty() && names.stream().allMatch(n -> n.startsWith(prefix)),
                b.driver.getCurrentUrl() + " " + b.find("#rows-heading + p").getText() + " " + names);
        assertTrue(b.all("table.data tbody tr td:nth-of-type(1)").stream().allMatch(td -> td.getText().equals(UiFixture.VC2)));
    }

    @Test
    void traceSearchAndTheChartTableDisclosureWorkFromTheKeyboard() {
        b.width(1280);
        b.open(f.publicUrl() + "/trace");
        focus("#f-q");
        b.pressAndLoad(f.hostileIds.get(1), Keys.ENTER);
        assertEquals("VM " + UiFixture.HOSTILE_SCRIPT, b.find("h1").getText());

        b.open(f.publicUrl() + "/");
        focus("details.disclosure summary");
        b.press(Keys.ENTER);
        assertEquals(Boolean.TRUE, b.js("return document.querySelector('details.disclosure').open"));
    }

    @Test
    void signInRunAnOperationAndSignOutFromTheKeyboard() {
        b.width(1280);
        b.driver.manage().deleteAllCookies();
        b.open(f.publicUrl() + "/vcenters");
        assertTrue(b.find(".ops button").getDomAttribute("disabled") != null, "anonymous: the operation is disabled");
        focus(".session a");
        b.pressAndLoad(Keys.ENTER);
        assertTrue(b.driver.getCurrentUrl().contains("/signin?next=%2Fvcenters"), b.driver.getCurrentUrl());
        focus("#token");
        b.pressAndLoad(UiFixture.ADMIN_TOKEN, Keys.ENTER);
        assertTrue(b.driver.getCurrentUrl().endsWith("/vcenters"), "back where the sign-in started");
        assertTrue(b.find(".session__who").getText().startsWith("ops-admin"));
        assertTrue(!b.driver.getCurrentUrl().contains(UiFixture.ADMIN_TOKEN));

        focus(".ops button");
        b.pressAndLoad(Keys.ENTER);
        assertTrue(b.driver.getCurrentUrl().matches(".*/jobs/\\d+"), b.driver.getCurrentUrl());
        assertEquals("succeeded", b.find("h2 .status").getText());
        assertTrue(b.find("dl.facts").getText().contains("ops-admin (web UI)"));

        focus(".session__form button");
        b.pressAndLoad(Keys.ENTER);
        assertTrue(b.find("p.notice").getText().contains("You are signed out."));
        assertEquals(0, b.all(".session__who").size());
    }

    @Test
    void theMenuButtonOpensTheNavigationOnAPhone() {
        b.width(360);
        b.open(f.publicUrl() + "/");
        assertEquals(0, (long) b.js("return document.querySelector('#site-nav').getClientRects().length"), "folded");
        b.tab();
        b.tab();
        b.tab();
        assertEquals("Menu", b.focused().getText());
        b.press(Keys.ENTER);
        assertEquals("true", b.find(".nav-toggle").getDomAttribute("aria-expanded"));
        b.tab();
        assertEquals("Dashboard", b.focused().getText());
        Number height = (Number) b.js("return document.activeElement.getBoundingClientRect().height");
        assertTrue(height.doubleValue() >= 44, "tap target height " + height);
    }

    /** Moves focus to an element by Tab presses only (at most 400). */
    private void focus(String css) {
        WebElement target = b.find(css);
        b.js("document.activeElement.blur(); window.scrollTo(0, 0)");
        for (int i = 0; i < 400; i++) {
            b.tab();
            if (b.focused().equals(target)) {
                return;
            }
        }
        throw new AssertionError("Tab never reached " + css);
    }
}
