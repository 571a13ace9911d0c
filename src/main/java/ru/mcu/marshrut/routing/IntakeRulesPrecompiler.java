package ru.mcu.marshrut.routing;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

import org.drools.compiler.kie.builder.impl.MemoryKieModule;
import org.drools.model.codegen.ExecutableModelProject;
import org.drools.modelcompiler.CanonicalKieModule;
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;
import org.kie.api.builder.Message;
import org.kie.api.builder.ReleaseId;

/**
 * Build step (pom.xml, phase process-classes, run by {@code operations/Precompile}): compiles the shipped intake DRL — the files {@code
 * marshrut.intake-rules} names in application.properties, in that order — to the executable model and writes its
 * classes into the build output, with an index named by the rule set's hash ({@link PrecompiledIntakeModel}). At
 * start the service loads these classes instead of compiling the DRL; a rule set that differs in any byte (another
 * list of files, a changed file, a replayed older version) has another hash and is compiled at run time as before.
 *
 * <p>Arguments: the folder of the DRL files ({@code rules/}) and the build's class output folder.
 */
public final class IntakeRulesPrecompiler {

    static final String RULE_FILES_PROPERTY = "marshrut.intake-rules";

    private IntakeRulesPrecompiler() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: IntakeRulesPrecompiler <rules folder> <class output folder>");
        }
        Path rulesDir = Path.of(args[0]);
        Path output = Path.of(args[1]);
        Map<String, String> files = shippedRuleSet(rulesDir, output.resolve("application.properties"));
        String hash = IntakeRules.hashOf(files);
        List<String> models = precompile(files, hash, output);
        System.out.printf("Intake rules %s precompiled: %s -> %s%n", files.keySet(), hash, models);
    }

    /** The configured files in order, read from the rules folder as UTF-8 (as the service reads them). */
    static Map<String, String> shippedRuleSet(Path rulesDir, Path applicationProperties) throws IOException {
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(applicationProperties, StandardCharsets.UTF_8)) {
            properties.load(in);
        }
        String list = properties.getProperty(RULE_FILES_PROPERTY);
        if (list == null || list.isBlank()) {
            throw new IllegalStateException(RULE_FILES_PROPERTY + " is not set in " + applicationProperties);
        }
        Map<String, String> files = new LinkedHashMap<>();
        for (String name : list.split(",")) {
            String file = name.strip();
            files.put(file, Files.readString(rulesDir.resolve(file), StandardCharsets.UTF_8));
        }
        return files;
    }

    /**
     * Compiles the files and writes the generated classes and the index; the index of any other rule set left by an
     * earlier build is removed (its classes may have been overwritten). Returns the model class names.
     */
    static List<String> precompile(Map<String, String> files, String hash, Path output) throws IOException {
        KieServices ks = KieServices.Factory.get();
        ReleaseId releaseId = ks.newReleaseId("ru.mcu.marshrut", "intake-rules", "1.0.0");
        KieFileSystem kfs = ks.newKieFileSystem().generateAndWritePomXML(releaseId);
        files.forEach((name, drl) -> kfs.write("src/main/resources/" + IntakeRules.SOURCE_FOLDER + name, drl));
        KieBuilder builder = ks.newKieBuilder(kfs).buildAll(ExecutableModelProject.class);
        List<Message> errors = builder.getResults().getMessages(Message.Level.ERROR);
        if (!errors.isEmpty()) {
            throw new IllegalStateException("rules/ do not compile: " + errors);
        }
        var module = ((CanonicalKieModule) builder.getKieModule()).getInternalKieModule();
        var fileSystem = ((MemoryKieModule) module).getMemoryFileSystem();
        List<String> models = new ArrayList<>();
        for (var path : fileSystem.getFilePaths()) {
            String name = path.asString();
            if (name.endsWith(".class")) {
                Path target = output.resolve(name);
                Files.createDirectories(target.getParent());
                Files.write(target, fileSystem.getBytes(path));
            } else if (name.equals(CanonicalKieModule.getModelFileWithGAV(releaseId))) {
                // A line with the model version, then one generated model class per line.
                new String(fileSystem.getBytes(path), StandardCharsets.UTF_8).lines().map(String::strip)
                        .filter(l -> !l.isEmpty() && !l.startsWith("Drools-Model-Version")).forEach(models::add);
            }
        }
        if (models.isEmpty()) {
            throw new IllegalStateException("The executable model of rules/ names no model class");
        }
        Path index = output.resolve(PrecompiledIntakeModel.indexName(hash));
        Files.createDirectories(index.getParent());
        try (Stream<Path> old = Files.list(index.getParent())) {
            for (Path p : old.toList()) {
                Files.delete(p);
            }
        }
        Files.writeString(index, String.join("\n", models) + "\n", StandardCharsets.UTF_8);
        return models;
    }
}
