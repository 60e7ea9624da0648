package org.paperrec.server.http;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.paperrec.store.Paper;

/**
 * A small corpus written for these tests, in three clearly separated topics: language models,
 * galaxies, and quantum error correction. It holds one old-style arXiv ID (with a slash) and one
 * DOI (with a slash) so that routes are tested with both.
 */
final class TestCorpus {

  static final String SPARSE_ATTENTION = "2401.00101";
  static final String INSTRUCTION_TUNING = "2402.00202";
  static final String HALLUCINATION = "2403.00303";
  static final String BYTE_LEVEL = "2310.00404";
  static final String DISTILLING_COT = "2501.00505";

  static final String CLUSTER_MASS_FUNCTIONS = "astro-ph/0412345";
  static final String QUENCHING = "2305.01111";
  static final String HALO_SHAPES = "2407.02222";
  static final String DUSTY_GALAXIES = "2502.03333";

  static final String BP_OSD_DECODING = "doi:10.5555/qec.2021.17";
  static final String CAT_CODES = "2311.04444";
  static final String MAGIC_STATES = "2404.05555";
  static final String NEURAL_DECODERS = "2503.06666";

  static final Set<String> LANGUAGE = Set.of(SPARSE_ATTENTION, INSTRUCTION_TUNING, HALLUCINATION, BYTE_LEVEL, DISTILLING_COT);
  static final Set<String> GALAXIES = Set.of(CLUSTER_MASS_FUNCTIONS, QUENCHING, HALO_SHAPES, DUSTY_GALAXIES);
  static final Set<String> QUANTUM = Set.of(BP_OSD_DECODING, CAT_CODES, MAGIC_STATES, NEURAL_DECODERS);

  static final List<Paper> PAPERS = List.of(
      Paper.of(SPARSE_ATTENTION,
          "Sparse Attention Patterns for Long-Document Language Modeling",
          "We study block-sparse attention for transformer language models that read documents of tens of"
              + " thousands of tokens. Combining a sliding local window with a few global summary tokens keeps"
              + " perplexity within one percent of dense attention while cutting memory use by a factor of six.",
          List.of("Mira Castellanos", "Tobias Lindqvist"), LocalDate.of(2024, 1, 3), List.of("cs.CL", "cs.LG"), 41),
      Paper.of(INSTRUCTION_TUNING,
          "Instruction Tuning Small Language Models with Synthetic Dialogues",
          "Small language models follow instructions poorly. We generate two hundred thousand synthetic"
              + " multi-turn dialogues with a larger teacher model, filter them for diversity and correctness, and"
              + " fine-tune models of one to three billion parameters, which then match much larger chat models on"
              + " instruction-following benchmarks.",
          List.of("Aiko Tanaka", "Rafael Oliveira", "Jonas Weber"), LocalDate.of(2024, 2, 5), List.of("cs.CL"), 12),
      Paper.of(HALLUCINATION,
          "Measuring Hallucination in Retrieval-Augmented Question Answering",
          "Retrieval-augmented language models still state facts that their retrieved passages do not support."
              + " We annotate eight thousand answers for unsupported claims and propose an automatic metric based"
              + " on entailment between answer sentences and retrieved evidence that agrees with human judges.",
          List.of("Priya Raman", "Daniel Okafor"), LocalDate.of(2024, 3, 11), List.of("cs.CL", "cs.IR"), null),
      Paper.of(BYTE_LEVEL,
          "Tokenizer-Free Byte-Level Transformers for Multilingual Text",
          "Subword tokenizers split low-resource languages into many pieces. We train transformer language models"
              + " directly on UTF-8 bytes with a learned downsampling layer and show better accuracy on"
              + " morphologically rich languages at the same compute budget.",
          List.of("Lena Fischer"), LocalDate.of(2023, 10, 2), List.of("cs.CL"), null),
      Paper.of(DISTILLING_COT,
          "Distilling Chain-of-Thought Reasoning into Compact Transformers",
          "Large language models solve arithmetic and logic problems by writing out intermediate reasoning steps."
              + " We distil such step-by-step rationales from a large teacher into a compact student transformer"
              + " and find that the student keeps most of the teacher's reasoning accuracy.",
          List.of("Hugo Marchetti", "Sun Wei"), LocalDate.of(2025, 1, 8), List.of("cs.CL", "cs.AI"), 7),

      Paper.of(CLUSTER_MASS_FUNCTIONS,
          "Stellar Mass Functions of Galaxies in Rich Clusters at Intermediate Redshift",
          "We measure the stellar mass function of galaxies in twelve rich galaxy clusters at redshift 0.3 to 0.6"
              + " from deep multi-band imaging. Cluster galaxies show a deficit of low-mass star-forming systems"
              + " compared with the field, pointing to environmental quenching.",
          List.of("Margaret Hollis", "Pieter de Vries", "Carlos Mendez"), LocalDate.of(2004, 12, 10),
          List.of("astro-ph"), null),
      Paper.of(QUENCHING,
          "Gas Accretion and Star Formation Quenching in Satellite Galaxies",
          "Using cosmological hydrodynamical simulations we follow satellite galaxies as they fall into groups and"
              + " clusters. Ram-pressure stripping removes their cold gas within two billion years, after which"
              + " star formation stops; the timescale depends on host halo mass.",
          List.of("Ingrid Solberg", "Kwame Mensah"), LocalDate.of(2023, 5, 2), List.of("astro-ph.GA"), null),
      Paper.of(HALO_SHAPES,
          "Dark Matter Halo Shapes from Weak Lensing of Galaxy Groups",
          "We stack the weak gravitational lensing signal of forty thousand galaxy groups to measure the"
              + " ellipticity of their dark matter haloes. Haloes are aligned with the major axis of the central"
              + " galaxy and are rounder than predicted by collisionless cold dark matter simulations.",
          List.of("Yuki Sato", "Elena Petrova"), LocalDate.of(2024, 7, 4), List.of("astro-ph.CO", "astro-ph.GA"), null),
      Paper.of(DUSTY_GALAXIES,
          "Dust-Obscured Star Formation in Massive Galaxies at Cosmic Noon",
          "Submillimetre observations of massive galaxies at redshift two reveal that most of their star"
              + " formation is hidden by dust. Combining infrared and radio data we find star formation rates three"
              + " times higher than ultraviolet estimates suggest.",
          List.of("Amara Nwosu", "Felix Braun"), LocalDate.of(2025, 2, 6), List.of("astro-ph.GA"), null),

      Paper.of(BP_OSD_DECODING,
          "Decoding Surface Codes with Belief Propagation and Ordered Statistics",
          "We combine belief propagation with ordered-statistics post-processing to decode the surface code under"
              + " depolarising noise. The decoder reaches thresholds close to minimum-weight perfect matching"
              + " while also handling correlated bit-flip and phase-flip errors on qubits.",
          List.of("Oskar Nilsson", "Beatriz Costa"), LocalDate.of(2021, 6, 1), List.of("quant-ph"), null),
      Paper.of(CAT_CODES,
          "Logical Qubit Lifetimes Beyond Break-Even with Bosonic Cat Codes",
          "We encode a logical qubit in superpositions of coherent states of a superconducting microwave cavity"
              + " and stabilise it with engineered two-photon dissipation. Quantum error correction extends the"
              + " logical qubit lifetime beyond that of the best physical qubit in the system.",
          List.of("Nadia Haddad", "Victor Lemaire", "Grace Liu"), LocalDate.of(2023, 11, 6), List.of("quant-ph"), 3),
      Paper.of(MAGIC_STATES,
          "Low-Overhead Magic State Distillation for Fault-Tolerant Quantum Computing",
          "Non-Clifford gates in fault-tolerant quantum computers need distilled magic states, which dominate the"
              + " qubit overhead. We present a distillation protocol built on triorthogonal codes that halves the"
              + " number of physical qubits needed for a target logical error rate.",
          List.of("Samuel Adeyemi"), LocalDate.of(2024, 4, 8), List.of("quant-ph", "cs.ET"), null),
      Paper.of(NEURAL_DECODERS,
          "Neural Network Decoders for Quantum LDPC Codes under Circuit-Level Noise",
          "Quantum low-density parity-check codes promise lower qubit overhead than surface codes but are hard to"
              + " decode. We train graph neural network decoders on syndrome data with circuit-level noise and"
              + " obtain logical error rates below those of belief propagation decoders.",
          List.of("Chiara Romano", "Arjun Mehta"), LocalDate.of(2025, 3, 3), List.of("quant-ph", "cs.LG"), 19));

  private TestCorpus() {}
}
