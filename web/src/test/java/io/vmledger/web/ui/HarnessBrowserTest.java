package io.vmledger.web.ui;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The browser checks can fail: axe reports a broken page, the console check sees a script error. */
class HarnessBrowserTest {

    @Test
    void axeAndTheConsoleCheckSeeWhatIsWrong() {
        Browser b = Browser.get();
        b.width(1280);
        b.open(UiFixture.get().publicUrl() + "/trace");
        b.js("const i = document.createElement('input'); document.querySelector('main').append(i);"
                + "const p = document.createElement('p'); p.textContent = 'faint'; p.style.color = '#eeeeee';"
                + "document.querySelector('main').append(p); setTimeout(() => { throw new Error('planted'); });");
        List<String> violations = b.axeViolations();
        assertTrue(violations.stream().anyMatch(v -> v.startsWith("label")), violations.toString());
        assertTrue(violations.stream().anyMatch(v -> v.startsWith("color-contrast")), violations.toString());
        List<String> errors = b.consoleErrors();
        assertTrue(errors.stream().anyMatch(e -> e.contains("planted")), errors.toString());
    }
}
