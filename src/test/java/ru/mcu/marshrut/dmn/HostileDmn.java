package ru.mcu.marshrut.dmn;

/** DMN files an attacker would upload, made from the shipped ones: each tries to leave FEEL. */
public final class HostileDmn {

    public static final String SCORE = "decimal(0.35 * timeliness + 0.25 * quality + 0.15 * quantity + 0.1 * speed + 0.15 * satisfaction, 1)";

    /** The issue's own example: a FEEL external function that stops the JVM. */
    public static final String EXIT_EXTERNAL = "{ stop: function(code) external {java: {class: \"java.lang.System\", "
            + "method signature: \"exit(int)\"}}, result: stop(1) }.result";

    private HostileDmn() {
    }

    public static String ratingWithExternalFunction(String shippedRating) {
        return replaceOnce(shippedRating, SCORE, EXIT_EXTERNAL);
    }

    /** The same call written as a DMN boxed function of kind Java. */
    public static String ratingWithJavaFunctionDefinition(String shippedRating) {
        String box = "<context id=\"c-exit\"><contextEntry><variable id=\"v-stop\" name=\"stop\"/>"
                + "<functionDefinition id=\"f-exit\" kind=\"Java\"><formalParameter id=\"p-code\" name=\"code\" typeRef=\"number\"/>"
                + "<context id=\"c-java\"><contextEntry><variable id=\"v-class\" name=\"class\"/><literalExpression id=\"l1\">"
                + "<text>\"java.lang.System\"</text></literalExpression></contextEntry><contextEntry>"
                + "<variable id=\"v-sig\" name=\"method signature\"/><literalExpression id=\"l2\"><text>\"exit(int)\"</text>"
                + "</literalExpression></contextEntry></context></functionDefinition></contextEntry>"
                + "<contextEntry><literalExpression id=\"l3\"><text>stop(1)</text></literalExpression></contextEntry></context>";
        return replaceOnce(shippedRating, "<literalExpression id=\"e-score\"><text>" + SCORE + "</text></literalExpression>", box);
    }

    /**
     * The same call as a business knowledge model whose {@code encapsulatedLogic} is of kind Java — the function element
     * under another name, which the check used to let through (and the upload then rated its samples with it).
     */
    public static String ratingWithJavaKnowledgeModel(String shippedRating) {
        String bkm = "<businessKnowledgeModel id=\"bkm-exit\" name=\"stop\"><variable id=\"v-bkm\" name=\"stop\"/>"
                + "<encapsulatedLogic id=\"el-exit\" kind=\"Java\"><formalParameter id=\"p-c\" name=\"code\" typeRef=\"number\"/>"
                + "<context id=\"c-j\"><contextEntry><variable id=\"v-c\" name=\"class\"/><literalExpression id=\"l-c\">"
                + "<text>\"java.lang.System\"</text></literalExpression></contextEntry><contextEntry>"
                + "<variable id=\"v-s\" name=\"method signature\"/><literalExpression id=\"l-s\"><text>\"exit(int)\"</text>"
                + "</literalExpression></contextEntry></context></encapsulatedLogic></businessKnowledgeModel>\n  ";
        String called = replaceOnce(shippedRating, SCORE, "stop(1)");
        called = replaceOnce(called, "<literalExpression id=\"e-score\">",
                "<knowledgeRequirement id=\"kr-exit\"><requiredKnowledge href=\"#bkm-exit\"/></knowledgeRequirement>"
                        + "<literalExpression id=\"e-score\">");
        return replaceOnce(called, "<decision id=\"score\"", bkm + "<decision id=\"score\"");
    }

    /** A FEEL business knowledge model that calls itself: safe in kind, without bound in cost (fib(40) takes hours). */
    public static String ratingWithRecursiveKnowledgeModel(String shippedRating) {
        String bkm = "<businessKnowledgeModel id=\"bkm-fib\" name=\"fib\"><variable id=\"v-fib\" name=\"fib\"/>"
                + "<encapsulatedLogic id=\"el-fib\"><formalParameter id=\"p-n\" name=\"n\" typeRef=\"number\"/>"
                + "<literalExpression id=\"l-fib\"><text>if n &lt; 2 then n else fib(n - 1) + fib(n - 2)</text>"
                + "</literalExpression></encapsulatedLogic></businessKnowledgeModel>\n  ";
        String called = replaceOnce(shippedRating, SCORE, "fib(40)");
        return replaceOnce(called, "<decision id=\"score\"", bkm + "<decision id=\"score\"");
    }

    /** A regular expression that backtracks exponentially, in a FEEL built-in. */
    public static String ratingWithBacktrackingRegex(String shippedRating) {
        return replaceOnce(shippedRating, SCORE, "if matches(\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!\", \"^(a+)+$\") then 0 else "
                + SCORE);
    }

    public static String withImport(String shippedAutorules) {
        return replaceOnce(shippedAutorules, "<inputData ", "<import namespace=\"https://attacker.test/x\" name=\"x\" "
                + "importType=\"https://www.omg.org/spec/DMN/20191111/MODEL/\" locationURI=\"http://127.0.0.1:9/x.dmn\"/>\n  <inputData ");
    }

    /** "Billion laughs": entities that expand to gigabytes. */
    public static String withDoctype(String shippedAutorules) {
        StringBuilder dtd = new StringBuilder("<!DOCTYPE definitions [<!ENTITY l0 \"ха-ха-ха-ха-ха-ха-ха-ха-ха-ха\">");
        for (int i = 1; i < 10; i++) {
            dtd.append("<!ENTITY l").append(i).append(" \"").append(("&l" + (i - 1) + ";").repeat(10)).append("\">");
        }
        dtd.append("]>\n");
        String xml = shippedAutorules.replaceFirst("<\\?xml[^>]*\\?>\\s*", "");
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + dtd + replaceOnce(xml, "</description>", "&l9;</description>");
    }

    private static String replaceOnce(String s, String what, String with) {
        if (!s.contains(what)) {
            throw new IllegalStateException("fixture out of date: \"" + what + "\" not found");
        }
        return s.replace(what, with);
    }
}
