package ru.mcu.marshrut.rulesets;

import java.util.ArrayList;
import java.util.List;

import org.kie.dmn.api.core.DMNContext;
import org.kie.dmn.api.core.DMNResult;
import org.kie.dmn.api.core.event.AfterEvaluateDecisionTableEvent;
import org.kie.dmn.api.core.event.DMNRuntimeEventListener;

/** Straightforward evaluation of an autorule table by the Drools DMN engine: the reference the index must equal. */
final class DmnReference implements DMNRuntimeEventListener {

    private final Ruleset.ReferenceDmn source;
    private List<String> lastMatches = List.of();
    private String lastSelected;

    DmnReference(Ruleset.ReferenceDmn source) {
        this.source = source;
        source.compiled().runtime().addListener(this);
    }

    @Override
    public void afterEvaluateDecisionTable(AfterEvaluateDecisionTableEvent event) {
        lastMatches = new ArrayList<>(event.getMatchesIds());
        lastSelected = event.getSelectedIds().isEmpty() ? null : event.getSelectedIds().get(0);
    }

    List<String> matchedIds(String[] values) {
        evaluate(values);
        return lastMatches;
    }

    String selectedId(String[] values) {
        evaluate(values);
        return lastSelected;
    }

    private void evaluate(String[] values) {
        DMNContext ctx = source.compiled().runtime().newContext();
        for (int c = 0; c < values.length; c++) {
            ctx.set(AutoruleTable.COLUMNS.get(c), values[c]);
        }
        lastMatches = List.of();
        lastSelected = null;
        DMNResult r = source.compiled().runtime().evaluateByName(source.compiled().model(), ctx, source.decisionName());
        if (r.hasErrors()) {
            throw new AssertionError(r.getMessages().toString());
        }
    }
}
