/**
 * The web UI: server-rendered Pebble pages (templates under {@code resources/ui/templates}, one
 * stylesheet and one script under {@code resources/ui/static}) on the read services of
 * {@code web.query}, with the admin forms on {@code web.api.ops.AdminOperations}. See docs/ui.md.
 */
package io.vmledger.web.ui;
