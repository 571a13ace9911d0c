package ru.mcu.marshrut.dmn;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

import org.kie.api.io.Resource;
import org.kie.dmn.api.core.DMNMessage;
import org.kie.dmn.api.core.DMNModel;
import org.kie.dmn.api.core.DMNRuntime;
import org.kie.dmn.core.internal.utils.DMNRuntimeBuilder;
import org.kie.internal.io.ResourceFactory;

/** Compiles one DMN file at runtime (the Drools DMN compiler), failing with every error message. */
public final class DmnCompiler {

    private DmnCompiler() {
    }

    public record Compiled(DMNRuntime runtime, DMNModel model) {
    }

    public static Compiled compile(String sourceName, String xml) {
        DmnSafety.check(sourceName, xml);
        Resource resource = ResourceFactory.newByteArrayResource(xml.getBytes(StandardCharsets.UTF_8));
        resource.setSourcePath(sourceName);
        DMNRuntime runtime;
        try {
            runtime = DMNRuntimeBuilder.fromDefaults()
                    .setRootClassLoader(DmnCompiler.class.getClassLoader())
                    .buildConfiguration()
                    .fromResources(List.of(resource))
                    .getOrElseThrow(e -> new InvalidRulesetException(sourceName + ": " + e.getMessage(), e));
        } catch (InvalidRulesetException e) {
            throw e;
        } catch (RuntimeException e) {
            // The builder fails with NullPointerException and the like on XML that is not DMN at all; what failed
            // inside the compiler means nothing to the uploader (and names its classes), so it is not repeated.
            throw new InvalidRulesetException(sourceName
                    + ": не является моделью DMN: корневой элемент должен быть <definitions> пространства имён DMN", e);
        }
        List<DMNModel> models = runtime.getModels();
        if (models.size() != 1) {
            throw new InvalidRulesetException(sourceName + ": expected one DMN model, found " + models.size());
        }
        DMNModel model = models.get(0);
        if (model.hasErrors()) {
            String errors = model.getMessages(DMNMessage.Severity.ERROR).stream()
                    .map(DMNMessage::getText).collect(Collectors.joining("; "));
            throw new InvalidRulesetException(sourceName + ": " + errors);
        }
        return new Compiled(runtime, model);
    }
}
