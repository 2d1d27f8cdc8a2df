package dev.caravan.definition;

/**
 * Reads a workflow file into a validated {@link WorkflowDefinition}, or rejects it with every
 * error at once. Four stages, each on the output of the one before: YAML text to a tree with
 * positions, the tree checked against {@link WorkflowSchema}, the tree bound to records, the
 * records checked as a whole (ids, dependencies, agents, expressions).
 *
 * <p>Thread-safe: one instance serves any number of files; the JSON Schema is compiled once, in
 * the constructor. Wire it as a singleton bean, with the agent registry as {@link AgentCatalog},
 * the expression language as {@link ExpressionSyntax} and Caravan's trigger settings as
 * {@link TriggerPolicy}.
 */
public final class WorkflowParser {

    private final AgentCatalog agents;
    private final ExpressionSyntax expressions;
    private final TriggerPolicy triggers;
    private final YamlTreeReader reader = new YamlTreeReader();
    private final SchemaChecker schema = new SchemaChecker();

    /** A parser that refuses every trigger ({@link TriggerPolicy#NONE}). */
    public WorkflowParser(AgentCatalog agents, ExpressionSyntax expressions) {
        this(agents, expressions, TriggerPolicy.NONE);
    }

    public WorkflowParser(AgentCatalog agents, ExpressionSyntax expressions, TriggerPolicy triggers) {
        this.agents = agents;
        this.expressions = expressions;
        this.triggers = triggers;
    }

    /**
     * @param sourceName the file name (or another name) errors are reported against; a name ending
     *                   in {@code .yml} or {@code .yaml} gives the workflow its default id
     * @param yamlText the workflow as the user wrote it, kept verbatim in {@link WorkflowDefinition#source()}
     * @throws WorkflowValidationException with every error found, ordered by line then column
     */
    public WorkflowDefinition parse(String sourceName, String yamlText) {
        Problems problems = new Problems(sourceName);
        YamlTree tree = reader.read(yamlText, problems).orElseThrow(problems::exception);
        schema.check(tree, problems);
        if (!tree.root().isObject()) {
            problems.throwIfAny();
        }
        DefinitionBinder binder = new DefinitionBinder(tree.positions(), problems);
        WorkflowDefinition workflow = binder.bind(WorkflowSource.of(sourceName, yamlText), tree.root());
        new SemanticValidator(agents, expressions, tree.positions(), problems, binder.unboundStepIds()).validate(workflow);
        new TriggerChecker(triggers, tree.positions(), problems).check(workflow.triggers());
        problems.throwIfAny();
        return workflow;
    }
}
