package dev.caravan.definition;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A workflow file read as plain data: the tree, and where each of its nodes was written.
 *
 * @param root the whole document
 * @param positions line and column of every key and value, by path
 */
record YamlTree(JsonNode root, SourceMap positions) {
}
