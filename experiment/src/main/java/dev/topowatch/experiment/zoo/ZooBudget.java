package dev.topowatch.experiment.zoo;

import dev.topowatch.rank.zoo.ZooArchitectures;
import java.util.List;

/**
 * How big the study is. {@code full}: the pre-registered zoo (docs/preregistration-rank.md); {@code
 * tiny}: two architectures, one seed, a few steps, to check the pipeline end to end.
 *
 * @param architectures zoo architecture names
 * @param seeds seeds per architecture (1, 2, …)
 * @param width channels of the first stage
 * @param pretrain pretraining steps (batch 64, Adam 1e-3)
 * @param finetune fine-tuning steps (batch 32, Adam 1e-3, all layers, new head)
 * @param finetunePerClass fine-tuning images per target class
 * @param testPerClass test images per target class (at most)
 * @param samplesPerClass rank's target sample per class (taken from the fine-tuning set)
 */
public record ZooBudget(List<String> architectures, int seeds, int width, int pretrain, int finetune,
    int finetunePerClass, int testPerClass, int samplesPerClass) {

  public static ZooBudget of(String name) {
    return switch (name) {
      case "full" -> new ZooBudget(ZooArchitectures.STUDY, 2, 8, 400, 150, 50, 300, 20);
      case "tiny" -> new ZooBudget(List.of("plain-cnn-4", "resnet-8"), 1, 4, 10, 5, 10, 20, 4);
      default -> throw new IllegalArgumentException("--budget must be full or tiny, was " + name);
    };
  }
}
