/**
 * The HTTP API (v1, JSON) over Javalin: routes, request parsing and validation, JSON shapes, CORS,
 * ETags and compression, admin and user authentication, the mapping of every failure to an RFC 9457
 * problem, and the web page's static files ({@link org.paperrec.server.http.WebPage}). In front of
 * Javalin, Jetty handlers bound slow clients and check Host names ({@link
 * org.paperrec.server.http.JettyTransport}). {@link
 * org.paperrec.server.http.HttpApi#create} is the one entry point; the route table is
 * {@link org.paperrec.server.http.Routes}, and the OpenAPI document
 * ({@code org/paperrec/server/http/openapi.json}) describes exactly those routes.
 *
 * <p>Only this package (and the wiring that starts the server) knows Javalin. No ranking, storage or
 * embedding logic lives here: handlers translate HTTP to calls on {@link
 * org.paperrec.recommend.Library}, {@link org.paperrec.recommend.Recommender} and {@link
 * org.paperrec.recommend.profile.Profiles} and back.
 */
package org.paperrec.server.http;
