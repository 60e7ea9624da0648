package org.paperrec.recommend.index;

class ExactVectorIndexContractTest extends VectorIndexContract {

  @Override
  protected VectorIndex newIndex(int dimension) {
    return new ExactVectorIndex(dimension);
  }
}
