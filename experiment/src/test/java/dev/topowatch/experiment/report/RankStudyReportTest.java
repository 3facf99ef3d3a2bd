package dev.topowatch.experiment.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The study's page from hand-made CSV files where the answer is known: on both targets accuracy
 * falls exactly as θ rises (τ = −1) and as LogME falls (τ = +1); the depth trend is constant (no τ).
 */
class RankStudyReportTest {
  @TempDir Path dir;

  @Test
  void tauTableIntervalsAndAnswerFromTheCsvFiles() throws IOException {
    String[] archs = {"plain-cnn-4", "resnet-8", "densenet-small", "mobilenet-small"};
    List<String> pretrain = new ArrayList<>(List.of("model,architecture,seed,depth,parameters,steps,source_accuracy,seconds"));
    List<String> scores = new ArrayList<>();
    StringBuilder head = new StringBuilder("model,target,layers");
    for (String t : List.of("0", "0.25", "0.5", "0.75", "1", "1.25", "1.5", "1.75", "q0.25", "q0.5", "q0.75")) {
      head.append(",theta_").append(t);
    }
    for (String t : List.of("0", "0.25", "0.5", "0.75", "1", "1.25", "1.5", "1.75")) {
      head.append(",trend_").append(t);
    }
    scores.add(head.append(",logme,leep,nce,hscore,seconds").toString());
    List<String> finetune = new ArrayList<>(List.of("model,target,steps,test_images,accuracy,seconds"));
    int k = 0;
    for (String arch : archs) {
      for (int seed = 1; seed <= 2; seed++, k++) {
        String id = arch + "-s" + seed;
        pretrain.add(String.format(Locale.ROOT, "%s,%s,%d,%d,1000,400,%.3f,1.0", id, arch, seed, 4 + k, 0.8 + 0.01 * k));
        for (String target : List.of("fmnist-5-9", "digits")) {
          double theta = 0.1 * k;
          StringBuilder row = new StringBuilder(id + "," + target + ",4");
          for (int t = 0; t < 11; t++) {
            row.append(String.format(Locale.ROOT, ",%.4f", theta + 0.01 * t));
          }
          for (int t = 0; t < 8; t++) {
            row.append(",-0.5");
          }
          row.append(String.format(Locale.ROOT, ",%.4f,-1.0,-1.2,2.0,1.0", 0.5 - 0.05 * k));
          scores.add(row.toString());
          finetune.add(String.format(Locale.ROOT, "%s,%s,150,500,%.4f,1.0", id, target, 0.9 - 0.02 * k));
        }
      }
    }
    Files.write(dir.resolve("pretrain.csv"), pretrain);
    Files.write(dir.resolve("scores.csv"), scores);
    Files.write(dir.resolve("finetune.csv"), finetune);
    Path page = dir.resolve("docs/rank-results.md");
    String md = new RankStudyReport(dir, page, "`abc1234`").write();

    assertThat(md).contains("Pre-registered in `docs/preregistration-rank.md` at commit `abc1234`");
    assertThat(md).contains("## Target: fmnist-5-9 (8 models, 4 architectures)", "## Target: digits (8 models, 4 architectures)");
    assertThat(md).contains("| θ, mean over η = 0…1.75 (paper: lower is better) | − | −1.00 | [−1.00, −1.00] |");
    assertThat(md).contains("| LogME | + | 1.00 | [1.00, 1.00] |");
    assertThat(md).contains("| source accuracy (Fashion-MNIST 0–4) | + | −1.00 | [−1.00, −1.00] |");
    // depth trend constant: no τ
    assertThat(md).contains("| depth trend: Spearman ρ of Ω against layer, mean over η | − | n/a | [n/a, n/a] |");
    assertThat(md).contains("τ(−θ) − τ(LogME) = 0.00, 95 % CI [0.00, 0.00]");
    assertThat(md).contains("on fmnist-5-9 θ has τ = −1.00 [−1.00, −1.00] and LogME τ = 1.00 [1.00, 1.00]");
    assertThat(Files.size(page.getParent().resolve("rank-results/scatter-digits.png"))).isPositive();
  }
}
