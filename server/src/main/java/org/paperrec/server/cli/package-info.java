/**
 * The command line: {@code serve}, {@code ingest}, {@code similar}, {@code recommend}, {@code
 * stats}, {@code reembed}, {@code import}, {@code export} and {@code users list|delete}, built with
 * picocli. Commands parse and print; the work is done by the {@link org.paperrec.server.Engine}'s
 * library, recommender and profiles ({@code import} and {@code export} load no model: they move
 * entries between a {@link org.paperrec.store.PaperStore} and {@code transfer}'s shard folders);
 * the commands that only read ({@code stats}, {@code similar}, {@code recommend}, {@code users
 * list}) use {@link org.paperrec.server.Engine#openReadOnly}, without the model, so they run beside
 * a server. {@code Failures} maps a folder a server holds to one line. Exit codes: 0 success, 1
 * failure (a one-line message; the stack trace only with {@code --verbose}), 2 usage error or
 * refused input ({@code import} of a folder that breaks the format, for one).
 */
package org.paperrec.server.cli;
