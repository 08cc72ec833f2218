/**
 * The read side shared by the JSON API ({@code web.api}) and the web UI ({@code web.ui}): each service
 * answers one kind of question from the store, so the two front ends never write a query twice.
 */
package io.vmledger.web.query;
