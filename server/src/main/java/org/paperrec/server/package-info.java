/**
 * The paperrec application: {@link org.paperrec.server.Main} (the jar's entry point), the
 * {@link org.paperrec.server.Engine} that opens and wires model, store and library, and the
 * configuration. Sub-packages hold the HTTP API ({@code http}), the command line ({@code cli}) and
 * the corpus file readers ({@code corpus}); only this module knows Javalin.
 */
package org.paperrec.server;
