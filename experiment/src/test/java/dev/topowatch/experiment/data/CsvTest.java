package dev.topowatch.experiment.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvTest {

  @Test
  void fieldsWithCommasQuotesAndLineBreaksSurviveAWriteAndARead(@TempDir Path dir) {
    Csv csv = new Csv(List.of("id", "name", "value"));
    csv.add("a", "conv, \"1\"\nnext", 0.125).add("b", "", Double.NaN).add("c", null, Double.NEGATIVE_INFINITY);
    Path file = dir.resolve("t.csv");
    csv.write(file);

    Csv back = Csv.read(file);
    assertThat(back.header()).containsExactly("id", "name", "value");
    assertThat(back.size()).isEqualTo(3);
    assertThat(back.text(0, "name")).isEqualTo("conv, \"1\"\nnext");
    assertThat(back.num(0, "value")).isEqualTo(0.125);
    assertThat(back.num(1, "value")).isNaN();
    assertThat(back.text(2, "name")).isEmpty();
    assertThat(back.num(2, "value")).isEqualTo(Double.NEGATIVE_INFINITY);
  }

  @Test
  void aRecordWithTheWrongNumberOfFieldsNamesItsSource() {
    assertThatThrownBy(() -> Csv.parse("a,b\n1,2\n3\n", "x.csv"))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("x.csv record 3: 1 fields, header has 2");
    assertThatThrownBy(() -> Csv.parse("", "empty.csv")).hasMessageContaining("empty.csv is empty");
  }
}
