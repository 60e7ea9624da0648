/**
 * Stored user profiles: {@link org.paperrec.recommend.profile.Profiles} creates users and their
 * bearer tokens, authenticates tokens, records likes, dislikes and seen papers with their times,
 * exports and deletes a user's data, and turns a {@link org.paperrec.recommend.profile.Profile} into
 * a {@link org.paperrec.recommend.RecommendRequest}. Policy lives here (token format and hashing,
 * limits, how long "seen" lasts); bytes and durability live in {@link org.paperrec.store.UserStore}.
 * Nothing here knows HTTP, and nothing here ranks papers.
 */
package org.paperrec.recommend.profile;
