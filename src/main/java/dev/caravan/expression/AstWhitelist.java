package dev.caravan.expression;

import dev.caravan.expression.ExpressionNode.Comparison;
import dev.caravan.expression.ExpressionNode.Operation;
import java.util.Set;
import org.springframework.expression.spel.SpelNode;
import org.springframework.expression.spel.ast.Assign;
import org.springframework.expression.spel.ast.BeanReference;
import org.springframework.expression.spel.ast.CompoundExpression;
import org.springframework.expression.spel.ast.ConstructorReference;
import org.springframework.expression.spel.ast.Elvis;
import org.springframework.expression.spel.ast.FunctionReference;
import org.springframework.expression.spel.ast.Indexer;
import org.springframework.expression.spel.ast.InlineList;
import org.springframework.expression.spel.ast.InlineMap;
import org.springframework.expression.spel.ast.IntLiteral;
import org.springframework.expression.spel.ast.Literal;
import org.springframework.expression.spel.ast.LongLiteral;
import org.springframework.expression.spel.ast.MethodReference;
import org.springframework.expression.spel.ast.OpAnd;
import org.springframework.expression.spel.ast.OpDec;
import org.springframework.expression.spel.ast.OpDivide;
import org.springframework.expression.spel.ast.OpEQ;
import org.springframework.expression.spel.ast.OpGE;
import org.springframework.expression.spel.ast.OpGT;
import org.springframework.expression.spel.ast.OpInc;
import org.springframework.expression.spel.ast.OpLE;
import org.springframework.expression.spel.ast.OpLT;
import org.springframework.expression.spel.ast.OpMinus;
import org.springframework.expression.spel.ast.OpModulus;
import org.springframework.expression.spel.ast.OpMultiply;
import org.springframework.expression.spel.ast.OpNE;
import org.springframework.expression.spel.ast.OpOr;
import org.springframework.expression.spel.ast.OpPlus;
import org.springframework.expression.spel.ast.OperatorBetween;
import org.springframework.expression.spel.ast.OperatorInstanceof;
import org.springframework.expression.spel.ast.OperatorMatches;
import org.springframework.expression.spel.ast.OperatorNot;
import org.springframework.expression.spel.ast.OperatorPower;
import org.springframework.expression.spel.ast.Projection;
import org.springframework.expression.spel.ast.PropertyOrFieldReference;
import org.springframework.expression.spel.ast.Selection;
import org.springframework.expression.spel.ast.StringLiteral;
import org.springframework.expression.spel.ast.Ternary;
import org.springframework.expression.spel.ast.TypeReference;
import org.springframework.expression.spel.ast.VariableReference;

/**
 * Translates a SpEL syntax tree into an {@link ExpressionNode} tree, accepting only the node types
 * of Caravan's language. Anything else is rejected by name and position: the whitelist is the
 * translation itself, so a construct it does not know cannot reach evaluation.
 */
final class AstWhitelist {

    static final int MAX_DEPTH = 64;

    /** Names that mean reflection in JVM expression languages; refused so that intent is visible. */
    private static final Set<String> RESERVED_NAMES = Set.of("class", "getClass", "classLoader", "getClassLoader");

    private AstWhitelist() {
    }

    static ExpressionNode translate(SpelNode root) {
        return node(root, 0);
    }

    private static ExpressionNode node(SpelNode node, int depth) {
        if (depth > MAX_DEPTH) {
            throw new ExpressionProblem("the expression is nested too deeply (more than " + MAX_DEPTH + " levels)");
        }
        int next = depth + 1;
        return switch (node) {
            case Literal literal -> literal(literal);
            case PropertyOrFieldReference reference -> new ExpressionNode.Name(name(reference), reference.getName());
            case CompoundExpression compound -> compound(compound, next);
            case OperatorNot not -> new ExpressionNode.Not(node(not.getChild(0), next), not.toStringAST());
            case OpAnd and -> new ExpressionNode.And(node(and.getChild(0), next), node(and.getChild(1), next), and.toStringAST());
            case OpOr or -> new ExpressionNode.Or(node(or.getChild(0), next), node(or.getChild(1), next), or.toStringAST());
            case OpEQ eq -> compare(Comparison.EQ, eq, next);
            case OpNE ne -> compare(Comparison.NE, ne, next);
            case OpLT lt -> compare(Comparison.LT, lt, next);
            case OpLE le -> compare(Comparison.LE, le, next);
            case OpGT gt -> compare(Comparison.GT, gt, next);
            case OpGE ge -> compare(Comparison.GE, ge, next);
            case OpMinus minus when minus.getChildCount() == 1 ->
                    new ExpressionNode.Negate(node(minus.getChild(0), next), minus.toStringAST());
            case OpPlus plus when plus.getChildCount() == 1 -> throw rejected("unary + is not allowed", plus);
            case OpPlus plus -> arithmetic(Operation.ADD, plus, next);
            case OpMinus minus -> arithmetic(Operation.SUBTRACT, minus, next);
            case OpMultiply multiply -> arithmetic(Operation.MULTIPLY, refuseStringRepeat(multiply), next);
            case OpDivide divide -> arithmetic(Operation.DIVIDE, divide, next);
            case Indexer indexer -> throw rejected("an index needs a value before it", indexer);
            default -> throw rejected(forbidden(node), node);
        };
    }

    private static ExpressionNode compound(CompoundExpression compound, int depth) {
        SpelNode first = compound.getChild(0);
        if (first instanceof Indexer indexer) {
            throw rejected("an index needs a value before it", indexer);
        }
        ExpressionNode result = node(first, depth);
        for (int i = 1; i < compound.getChildCount(); i++) {
            SpelNode step = compound.getChild(i);
            result = switch (step) {
                case PropertyOrFieldReference reference -> {
                    String name = name(reference);
                    yield new ExpressionNode.Property(result, name, result.text() + "." + name);
                }
                case Indexer indexer -> {
                    Object key = indexKey(indexer);
                    yield new ExpressionNode.Index(result, key, result.text() + indexer.toStringAST());
                }
                default -> throw rejected(forbidden(step), step);
            };
        }
        return result;
    }

    private static ExpressionNode.Literal literal(Literal literal) {
        Object value = literal.getLiteralValue().getValue();
        // a 'f' suffix gives a Float; one kind of decimal keeps comparisons and arithmetic simple
        Object normalized = value instanceof Float f ? Double.valueOf(f.toString()) : value;
        return new ExpressionNode.Literal(normalized, literal.toStringAST());
    }

    private static String name(PropertyOrFieldReference reference) {
        if (reference.isNullSafe()) {
            throw rejected("safe navigation ?. is not allowed", reference);
        }
        return notReserved(reference.getName(), reference);
    }

    private static Object indexKey(Indexer indexer) {
        if (indexer.isNullSafe()) {
            throw rejected("safe navigation ?. is not allowed", indexer);
        }
        SpelNode key = indexer.getChild(0);
        return switch (key) {
            case IntLiteral number -> number.getLiteralValue().getValue();
            case LongLiteral number -> number.getLiteralValue().getValue();
            case StringLiteral text -> notReserved((String) text.getLiteralValue().getValue(), text);
            default -> throw rejected("an index must be a whole number or a quoted string", indexer);
        };
    }

    private static String notReserved(String name, SpelNode node) {
        if (RESERVED_NAMES.contains(name)) {
            throw rejected("the name '" + name + "' is not allowed", node);
        }
        return name;
    }

    private static ExpressionNode compare(Comparison operator, SpelNode node, int depth) {
        return new ExpressionNode.Compare(operator, node(node.getChild(0), depth), node(node.getChild(1), depth),
                node.toStringAST());
    }

    private static ExpressionNode arithmetic(Operation operator, SpelNode node, int depth) {
        return new ExpressionNode.Arithmetic(operator, node(node.getChild(0), depth), node(node.getChild(1), depth),
                node.toStringAST());
    }

    /** {@code 'a' * 1000000} would build a huge string; multiplying strings is refused at evaluation too. */
    private static OpMultiply refuseStringRepeat(OpMultiply multiply) {
        if (multiply.getChild(0) instanceof StringLiteral || multiply.getChild(1) instanceof StringLiteral) {
            throw rejected("repeating a string with * is not allowed", multiply);
        }
        return multiply;
    }

    private static String forbidden(SpelNode node) {
        return switch (node) {
            case MethodReference ignored -> "method calls are not allowed";
            case FunctionReference ignored -> "function calls are not allowed";
            case TypeReference ignored -> "type references are not allowed";
            case ConstructorReference ignored -> "constructors are not allowed";
            case VariableReference ignored -> "variables (#name) are not allowed";
            case BeanReference ignored -> "bean references are not allowed";
            case Selection ignored -> "collection selection is not allowed";
            case Projection ignored -> "collection projection is not allowed";
            case Elvis ignored -> "the Elvis operator ?: is not allowed";
            case Ternary ignored -> "the conditional operator ? : is not allowed";
            case OperatorMatches ignored -> "regular expressions (matches) are not allowed";
            case OperatorBetween ignored -> "the operator between is not allowed";
            case OperatorInstanceof ignored -> "the operator instanceof is not allowed";
            case Assign ignored -> "assignment is not allowed";
            case OpInc ignored -> "the operator ++ is not allowed";
            case OpDec ignored -> "the operator -- is not allowed";
            case InlineList ignored -> "inline lists are not allowed";
            case InlineMap ignored -> "inline maps are not allowed";
            case OpModulus ignored -> "the operator % is not allowed";
            case OperatorPower ignored -> "the operator ^ is not allowed";
            default -> "this construct is not allowed";
        };
    }

    private static ExpressionProblem rejected(String what, SpelNode node) {
        return new ExpressionProblem(what + " in expressions: " + node.toStringAST()
                + " at position " + node.getStartPosition());
    }
}
