package ru.mcu.marshrut.routing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.drools.model.Model;
import org.drools.modelcompiler.KieBaseBuilder;
import org.jboss.logging.Logger;
import org.kie.api.KieBase;

/**
 * Finds the executable model the build compiled for a set of intake rules ({@link IntakeRulesPrecompiler}): an index
 * file named by the rule set's hash lists the generated model classes. Loading them takes a fraction of a second,
 * where compiling the DRL at start took seconds (the start's critical path on two cores).
 */
final class PrecompiledIntakeModel {

    /** Classpath folder of the index files: one per precompiled rule set, named by its hash without "sha256:". */
    static final String INDEX_FOLDER = "marshrut/intake-model/";

    private static final Logger LOG = Logger.getLogger(PrecompiledIntakeModel.class);

    private PrecompiledIntakeModel() {
    }

    static String indexName(String hash) {
        return INDEX_FOLDER + hash.substring(hash.indexOf(':') + 1);
    }

    /** The rule base built from the precompiled model of exactly this hash; empty when the build made none. */
    static Optional<KieBase> kieBase(String hash) {
        ClassLoader loader = PrecompiledIntakeModel.class.getClassLoader();
        List<String> classNames;
        try (InputStream in = loader.getResourceAsStream(indexName(hash))) {
            if (in == null) {
                return Optional.empty();
            }
            classNames = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip)
                    .filter(l -> !l.isEmpty()).toList();
        } catch (IOException e) {
            LOG.warnf(e, "Cannot read the precompiled intake model index of %s; compiling the rules instead", hash);
            return Optional.empty();
        }
        try {
            List<Model> models = new ArrayList<>();
            for (String name : classNames) {
                models.add((Model) Class.forName(name, true, loader).getConstructor().newInstance());
            }
            return Optional.of(KieBaseBuilder.createKieBaseFromModel(models));
        } catch (ReflectiveOperationException | LinkageError | ClassCastException e) {
            // A class path that does not match its index (a partial rebuild): the sources are still there.
            LOG.warnf(e, "The precompiled intake model of %s does not load; compiling the rules instead", hash);
            return Optional.empty();
        }
    }
}
