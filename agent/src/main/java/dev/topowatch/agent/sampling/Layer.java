package dev.topowatch.agent.sampling;

import ai.djl.nn.Block;

/**
 * One sampled layer: its position in the layer list, its stable path name and its block.
 *
 * @param index position in the layer list, from 0
 * @param name stable path, e.g. {@code 03_conv2d} or {@code 07_sequential/02_linear}
 * @param blockType the block's simple class name, e.g. {@code Conv2d}
 * @param block the block itself (compared by identity)
 */
public record Layer(int index, String name, String blockType, Block block) {}
