package dev.topowatch.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class UnionFindTest {

  @Test
  void findReachesTheRootAndHalvesThePath() {
    UnionFind uf = new UnionFind(4);
    uf.parent[0] = 1;
    uf.parent[1] = 2;
    uf.parent[2] = 3;
    uf.parent[3] = -4;

    assertThat(uf.find(0)).isEqualTo(3);
    assertThat(uf.parent[0]).as("0 now points at its grandparent").isEqualTo(2);
  }

  /** A sweep that links a non-root can close a cycle; find must then fail, not spin forever. */
  @Test
  void aCycleOfParentLinksIsAnErrorNotAHang() {
    UnionFind uf = new UnionFind(3);
    uf.parent[0] = 1;
    uf.parent[1] = 2;
    uf.parent[2] = 0;

    assertThatThrownBy(() -> uf.find(0)).isInstanceOf(IllegalStateException.class).hasMessageContaining("corrupted");
  }
}
