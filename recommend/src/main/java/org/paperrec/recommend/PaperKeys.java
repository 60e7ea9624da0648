package org.paperrec.recommend;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Which corpus paper an ID names: a paper has one key and may have other IDs (a DOI, a PubMed ID, a
 * former key), and feedback given under any of them counts for the paper. {@link Library} answers
 * from the store's alias table; profile tests answer from a fixed set.
 */
public interface PaperKeys {

  /**
   * The key of each of {@code ids} (normalised) that names a corpus paper: a key names itself, an
   * alias its paper's key. IDs that name no paper are left out.
   */
  Map<String, String> keys(Collection<String> ids);

  /** Every ID of the corpus paper keyed {@code key}, the key first; empty when there is no such paper. */
  List<String> ids(String key);
}
