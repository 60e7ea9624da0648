/**
 * Support for the property-based fuzz tests ({@code *FuzzTest}, jqwik) of issue 10, point 5:
 * structure-aware mutations of valid inputs ({@link org.paperrec.server.fuzz.Mutations}), random
 * JSON of every shape ({@link org.paperrec.server.fuzz.JsonShapes}) and a time bound per input
 * ({@link org.paperrec.server.fuzz.Bounded}). Test code only; no production class depends on it.
 */
package org.paperrec.server.fuzz;
