package io.skein.connectors.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** What the fuzz tests put in place of a field: a value of another JSON type than the one it holds. */
final class WrongJsonTypes {

    private WrongJsonTypes() {}

    /**
     * A value whose JSON type differs from {@code current}'s, chosen with {@code random}: a string (a digit string
     * or {@code text}), a number (an integer, a float too large for any integer, or a fraction for an integer), a
     * boolean, a nested array or an object; never null, which means absent.
     */
    static JsonNode insteadOf(JsonNode current, Random random, String text) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        List<JsonNode> choices = new ArrayList<>();
        if (!current.isTextual()) {
            choices.add(nodes.textNode(random.nextBoolean() ? "5" : text));
        }
        if (!current.isNumber()) {
            choices.add(nodes.numberNode(random.nextInt(1000)));
            choices.add(nodes.numberNode(1.79e308));
        } else if (current.isIntegralNumber()) {
            choices.add(nodes.numberNode(current.asLong() + 0.5));
        }
        if (!current.isBoolean()) {
            choices.add(nodes.booleanNode(random.nextBoolean()));
        }
        if (!current.isArray()) {
            ArrayNode outer = nodes.arrayNode();
            outer.addArray().addArray();
            choices.add(outer);
        }
        if (!current.isObject()) {
            choices.add(nodes.objectNode().put("x", 1));
        }
        return choices.get(random.nextInt(choices.size()));
    }
}
