package dev.topowatch.it.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.topowatch.it.prometheus.DashboardQueries;
import dev.topowatch.it.prometheus.MetricCatalog;
import dev.topowatch.it.prometheus.PrometheusBinaries;
import dev.topowatch.harness.RepoLayout;
import dev.topowatch.it.prometheus.RuleQueries;
import dev.topowatch.it.prometheus.RuleQuery;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * The deployment files (Docker does not run here) parse and agree with the code, the contracts and
 * each other: ports, paths, topics, jar name, job names, configuration keys, mounted files.
 */
class DeployFilesTest {

    // Contract values (architecture.md, docs/metrics.md, the analyzer's command line).
    private static final int ANALYZER_PORT = 8080;
    private static final int AGENT_METRICS_PORT = 9404;
    private static final String ACTIVATIONS = "topowatch.activations";
    private static final String EVENTS = "topowatch.events";
    private static final String GROUP_ID = "topowatch-analyzer";
    private static final Set<String> SERVE_FLAGS = Set.of("--kafka-bootstrap", "--http-port", "--config", "--data-dir");
    private static final Set<String> CONFIG_KEYS = Set.of("kafka.bootstrap", "kafka.group-id", "http.port",
            "topics.activations", "topics.events", "engine.backend", "engine.thresholds", "engine.quantile-mode",
            "limits.max-volume-values", "runs.idle-timeout", "runs.max-live");
    private static final Pattern JOB_MATCHER = Pattern.compile("\\bjob\\s*=\\s*\"([^\"]+)\"");

    private final RepoLayout repo = RepoLayout.find();
    private final Path deploy = repo.deployDir();
    private final ComposeFile compose = new ComposeFile(deploy.resolve("compose.yaml"));
    private final Map<String, Object> prometheusYml = Yamls.load(deploy.resolve("prometheus/prometheus.yml"));

    @Test
    void everyYamlFileParses() throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(deploy)) {
            files = walk.filter(f -> f.toString().endsWith(".yml") || f.toString().endsWith(".yaml")).sorted().toList();
        }
        assertThat(files).extracting(f -> deploy.relativize(f).toString()).contains(
                "compose.yaml", "prometheus/prometheus.yml", "grafana/provisioning/datasources/prometheus.yml",
                "grafana/provisioning/dashboards/topowatch.yml", "k8s/analyzer.yaml", "k8s/prometheus-scrape.yaml");
        for (Path file : files) {
            List<Object> docs = Yamls.loadAll(file);
            assertThat(docs).as("%s", file).isNotEmpty().allSatisfy(d -> assertThat(d).as("%s document", file).isInstanceOf(Map.class));
        }
    }

    @Test
    void prometheusScrapesTheAnalyzerAndTheAgentOnTheirPorts() {
        Map<String, Map<String, Object>> jobs = jobs(prometheusYml);
        assertThat(Yamls.at(jobs.get("topowatch-analyzer"), "static_configs", 0, "targets"))
                .isEqualTo(List.of("analyzer:" + ANALYZER_PORT));
        assertThat(jobs.get("topowatch-analyzer").getOrDefault("metrics_path", "/metrics")).isEqualTo("/metrics");
        assertThat(Yamls.at(jobs.get("topowatch-agent"), "static_configs", 0, "targets"))
                .isEqualTo(List.of("trainer:" + AGENT_METRICS_PORT));
        assertThat(compose.service("analyzer")).as("the scrape target's host is the compose service").isNotNull();
        assertThat(compose.ports("analyzer")).contains(ANALYZER_PORT + ":" + ANALYZER_PORT);
        assertThat(Yamls.list(compose.service("prometheus").get("extra_hosts"))).anyMatch(h -> String.valueOf(h).startsWith("trainer:"));
    }

    @Test
    void theRuleFilePathResolvesToTheShippedRules() {
        for (Object ruleFile : Yamls.list(prometheusYml.get("rule_files"))) {
            Path host = compose.resolveInContainer("prometheus", String.valueOf(ruleFile))
                    .orElseThrow(() -> new AssertionError(ruleFile + " is not under a prometheus bind mount"));
            assertThat(host).isEqualTo(repo.rulesFile());
        }
        assertThat(compose.resolveInContainer("prometheus", "/etc/prometheus/prometheus.yml"))
                .contains(deploy.resolve("prometheus/prometheus.yml"));
        assertThat(Yamls.list(k8sPrometheusConfig().get("rule_files")))
                .allSatisfy(f -> assertThat(Path.of(String.valueOf(f)).getFileName()).isEqualTo(repo.rulesFile().getFileName()));
    }

    @Test
    void everyJobTheRulesMatchOnIsScraped() {
        Set<String> ruleJobs = new HashSet<>();
        for (RuleQuery rule : RuleQueries.extract(repo.rulesFile())) {
            Matcher m = JOB_MATCHER.matcher(rule.expr());
            while (m.find()) {
                ruleJobs.add(m.group(1));
            }
        }
        assertThat(ruleJobs).isNotEmpty();
        assertThat(jobs(prometheusYml).keySet()).containsAll(ruleJobs);
        assertThat(jobs(k8sPrometheusConfig()).keySet()).containsAll(ruleJobs);
        Map<String, Object> monitor = k8sDocument("prometheus-scrape.yaml", "ServiceMonitor");
        String jobLabel = String.valueOf(Yamls.at(monitor, "spec", "jobLabel"));
        assertThat(Yamls.at(k8sDocument("analyzer.yaml", "Service"), "metadata", "labels", jobLabel))
                .as("the ServiceMonitor's job label value").isIn(ruleJobs);
    }

    @Test
    void prometheusConfigsPassPromtool(@TempDir Path tmp) throws Exception {
        // Rule paths point into containers: check the configs against the repository's rule file.
        String rules = repo.rulesFile().toString();
        String composeConfig = Yamls.read(deploy.resolve("prometheus/prometheus.yml"))
                .replace("/etc/prometheus/rules/topowatch-rules.yml", rules);
        promtoolCheckConfig(Files.writeString(tmp.resolve("compose.yml"), composeConfig));
        // Debian's Prometheus is built without Kubernetes discovery: swap it for a static target so
        // promtool still validates the relabelling rules.
        Map<String, Object> k8sConfig = k8sPrometheusConfig();
        k8sConfig.put("rule_files", List.of(rules));
        for (Object job : Yamls.list(k8sConfig.get("scrape_configs"))) {
            assertThat(Yamls.map(job).remove("kubernetes_sd_configs")).as("pod discovery").isNotNull();
            Yamls.map(job).put("static_configs", List.of(Map.of("targets", List.of("10.0.0.1:" + ANALYZER_PORT))));
        }
        promtoolCheckConfig(Files.writeString(tmp.resolve("k8s.yml"), new Yaml().dump(k8sConfig)));
    }

    @Test
    void grafanaProvisioningPointsAtTheMountedDashboardsAndPrometheus() {
        Map<String, Object> provider = Yamls.map(Yamls.at(Yamls.load(deploy.resolve("grafana/provisioning/dashboards/topowatch.yml")), "providers", 0));
        assertThat(provider.get("type")).isEqualTo("file");
        String path = String.valueOf(Yamls.at(provider, "options", "path"));
        assertThat(compose.hostPathOf("grafana", path)).contains(repo.dashboardsDir());
        assertThat(DashboardQueries.dashboards(repo.dashboardsDir())).extracting(p -> p.getFileName().toString())
                .contains("training.json", "topology.json", "pipeline.json");
        assertThat(compose.hostPathOf("grafana", "/etc/grafana/provisioning")).contains(deploy.resolve("grafana/provisioning"));
        String home = String.valueOf(Yamls.at(compose.service("grafana"), "environment", "GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH"));
        assertThat(compose.resolveInContainer("grafana", home)).hasValueSatisfying(p -> assertThat(p).isRegularFile());

        Map<String, Object> datasource = Yamls.map(Yamls.at(Yamls.load(deploy.resolve("grafana/provisioning/datasources/prometheus.yml")), "datasources", 0));
        assertThat(datasource.get("type")).as("the dashboards' datasource variable type").isEqualTo("prometheus");
        assertThat(datasource.get("url")).isEqualTo("http://prometheus:9090");
        assertThat(compose.ports("prometheus")).contains("9090:9090");
    }

    @Test
    void theImageCopiesTheJarTheAnalyzerPomBuilds() throws IOException {
        String pom = Files.readString(repo.root().resolve("analyzer-cli/pom.xml"));
        String finalName = xmlValue(pom, "finalName");
        assertThat(finalName).isEqualTo("topowatch-analyzer");
        assertThat(xmlValue(pom, "outputDirectory")).isEqualTo("${project.build.directory}/lib");
        assertThat(xmlValue(pom, "classpathPrefix")).isEqualTo("lib/");

        Dockerfile docker = new Dockerfile(deploy.resolve("analyzer.Dockerfile"));
        assertThat(docker.only("FROM")).as("the analyzer is built for JDK 25").isEqualTo("eclipse-temurin:25-jre");
        assertThat(docker.all("COPY")).contains(
                "analyzer-cli/target/" + finalName + ".jar " + finalName + ".jar",
                "analyzer-cli/target/lib/ lib/");
        assertThat(docker.only("EXPOSE")).isEqualTo(String.valueOf(ANALYZER_PORT));
        List<String> entrypoint = docker.entrypoint();
        assertThat(entrypoint.subList(0, 4)).containsExactly("java", "-jar", finalName + ".jar", "serve");
        Map<String, String> flags = flags(entrypoint.subList(4, entrypoint.size()));
        assertThat(flags).containsEntry("--http-port", String.valueOf(ANALYZER_PORT));
        assertThat(flags.get("--kafka-bootstrap")).as("the compose broker's in-network listener")
                .isEqualTo(advertised("PLAINTEXT"));

        String ignore = Yamls.read(deploy.resolve("analyzer.Dockerfile.dockerignore"));
        assertThat(ignore).contains("!analyzer-cli/target/" + finalName + ".jar", "!analyzer-cli/target/lib/");
        Object build = compose.service("analyzer").get("build");
        Path context = compose.folder().resolve(String.valueOf(Yamls.at(build, "context"))).normalize();
        assertThat(context).isEqualTo(repo.root());
        assertThat(context.resolve(String.valueOf(Yamls.at(build, "dockerfile")))).isEqualTo(deploy.resolve("analyzer.Dockerfile"));
    }

    @Test
    void composeKafkaIsKraftAtThePinnedVersionAndCreatesTheTopics() throws IOException {
        String kafkaVersion = xmlValue(Files.readString(repo.root().resolve("pom.xml")), "kafka.version");
        assertThat(compose.service("kafka").get("image")).isEqualTo("apache/kafka:" + kafkaVersion);
        assertThat(String.valueOf(Yamls.at(compose.service("kafka"), "environment", "KAFKA_PROCESS_ROLES"))).contains("broker", "controller");
        String init = String.join(" ", Yamls.list(compose.service("kafka-init").get("command")).stream().map(String::valueOf).toList());
        assertThat(init).contains("--topic " + ACTIVATIONS + " ", "--topic " + EVENTS + " ");
        // Co-partitioned: one replica must get a run's activations and its events (deploy/README.md).
        java.util.regex.Matcher partitions = java.util.regex.Pattern.compile("--topic (\\S+) --partitions (\\d+)").matcher(init);
        java.util.Map<String, String> counts = new java.util.HashMap<>();
        while (partitions.find()) {
            counts.put(partitions.group(1), partitions.group(2));
        }
        assertThat(counts.get(EVENTS)).as("partitions of %s and %s", EVENTS, ACTIVATIONS).isNotNull().isEqualTo(counts.get(ACTIVATIONS));
        assertThat(Yamls.at(compose.service("analyzer"), "depends_on", "kafka-init", "condition")).isEqualTo("service_completed_successfully");
    }

    @Test
    void k8sAnalyzerConfigUsesTheServiceKeysAndContractValues() {
        Map<String, Object> config = analyzerConfig();
        Map<String, Object> flat = Yamls.flatten(config);
        assertThat(flat.keySet()).containsAll(CONFIG_KEYS);
        assertThat(flat.keySet()).allSatisfy(k -> assertThat(CONFIG_KEYS.contains(k) || k.startsWith("kafka."))
                .as("unknown analyzer config key %s", k).isTrue());
        assertThat(flat).containsEntry("http.port", ANALYZER_PORT)
                .containsEntry("topics.activations", ACTIVATIONS)
                .containsEntry("topics.events", EVENTS)
                .containsEntry("kafka.group-id", GROUP_ID);
        assertThat(flat.get("engine.backend")).isIn("cpu", "gpu", "auto");
        assertThat(flat.get("engine.quantile-mode")).isInstanceOf(Boolean.class);
        assertThat(Yamls.list(flat.get("engine.thresholds"))).isNotEmpty().allSatisfy(t -> assertThat(t).isInstanceOf(Number.class));
        assertThat(flat.get("limits.max-volume-values")).isInstanceOf(Integer.class);
        assertThat(flat.get("runs.max-live")).isInstanceOf(Integer.class);
    }

    @Test
    void k8sDeploymentRunsReplicasInOneGroupServedAndScrapedOnTheConfiguredPort() {
        Map<String, Object> deployment = k8sDocument("analyzer.yaml", "Deployment");
        assertThat((Integer) Yamls.at(deployment, "spec", "replicas")).isEqualTo(3);
        Map<String, Object> pod = Yamls.map(Yamls.at(deployment, "spec", "template"));
        Map<String, Object> container = Yamls.map(Yamls.at(pod, "spec", "containers", 0));

        List<String> command = Yamls.list(container.get("command")).stream().map(String::valueOf).toList();
        assertThat(command.subList(0, 4)).containsExactly("java", "-jar", "topowatch-analyzer.jar", "serve");
        Map<String, String> flags = flags(command.subList(4, command.size()));
        Path configPath = Path.of(flags.get("--config"));
        Map<String, Object> mount = Yamls.map(Yamls.at(container, "volumeMounts", 0));
        assertThat(configPath.getParent()).isEqualTo(Path.of(String.valueOf(mount.get("mountPath"))));
        Map<String, Object> volume = Yamls.map(Yamls.at(pod, "spec", "volumes", 0));
        assertThat(volume.get("name")).isEqualTo(mount.get("name"));
        Map<String, Object> configMap = k8sDocument("analyzer.yaml", "ConfigMap");
        assertThat(Yamls.at(volume, "configMap", "name")).isEqualTo(Yamls.at(configMap, "metadata", "name"));
        assertThat(Yamls.map(configMap.get("data"))).containsKey(configPath.getFileName().toString());

        int port = (Integer) Yamls.flatten(analyzerConfig()).get("http.port");
        Map<String, Object> containerPort = Yamls.map(Yamls.at(container, "ports", 0));
        assertThat(containerPort.get("containerPort")).isEqualTo(port);
        assertThat(Yamls.at(pod, "metadata", "annotations", "prometheus.io/port")).isEqualTo(String.valueOf(port));
        assertThat(Yamls.at(pod, "metadata", "annotations", "prometheus.io/path")).isEqualTo("/metrics");
        assertThat(Yamls.at(container, "readinessProbe", "httpGet", "path")).isEqualTo("/health");

        Map<String, Object> service = k8sDocument("analyzer.yaml", "Service");
        Map<String, Object> podLabels = Yamls.map(Yamls.at(pod, "metadata", "labels"));
        assertThat(podLabels).containsAllEntriesOf(Yamls.map(Yamls.at(service, "spec", "selector")));
        assertThat(podLabels).containsAllEntriesOf(Yamls.map(Yamls.at(deployment, "spec", "selector", "matchLabels")));
        assertThat(Yamls.at(service, "spec", "ports", 0, "targetPort")).isEqualTo(containerPort.get("name"));
        assertThat(Yamls.at(service, "spec", "ports", 0, "port")).isEqualTo(port);
        assertThat(Yamls.at(k8sDocument("prometheus-scrape.yaml", "ServiceMonitor"), "spec", "endpoints", 0, "port"))
                .isEqualTo(Yamls.at(service, "spec", "ports", 0, "name"));
    }

    @Test
    void theGpuVariantRequestsAGpuAndRunsTheGpuBackEndFromTheGpuImage() throws IOException {
        Map<String, Object> configMap = Yamls.loadAll(deploy.resolve("k8s/analyzer-gpu.yaml")).stream().map(Yamls::map)
                .filter(d -> "ConfigMap".equals(d.get("kind"))).findFirst().orElseThrow();
        Map<String, Object> flat = Yamls.flatten(Yamls.load(String.valueOf(Yamls.at(configMap, "data", "analyzer.yaml"))));
        Set<String> known = new HashSet<>(dev.topowatch.analyzer.config.AnalyzerConfig.DEFAULTS.keySet());
        known.add("kafka.bootstrap");
        assertThat(flat.keySet()).allSatisfy(k -> assertThat(known).as("analyzer config key").contains(k));
        assertThat(flat).containsEntry("engine.backend", "gpu").containsEntry("http.port", ANALYZER_PORT)
                .containsEntry("topics.activations", ACTIVATIONS).containsEntry("kafka.group-id", GROUP_ID);
        Map<String, Object> deployment = Yamls.loadAll(deploy.resolve("k8s/analyzer-gpu.yaml")).stream().map(Yamls::map)
                .filter(d -> "Deployment".equals(d.get("kind"))).findFirst().orElseThrow();
        Map<String, Object> pod = Yamls.map(Yamls.at(deployment, "spec", "template"));
        Map<String, Object> container = Yamls.map(Yamls.at(pod, "spec", "containers", 0));
        assertThat(Yamls.at(container, "resources", "limits", "nvidia.com/gpu")).isEqualTo(1);
        assertThat(String.valueOf(container.get("image"))).startsWith("topowatch-analyzer-gpu:");
        assertThat(Yamls.at(pod, "spec", "volumes", 0, "configMap", "name")).isEqualTo(Yamls.at(configMap, "metadata", "name"));
        Map<String, Object> service = k8sDocument("analyzer.yaml", "Service");
        assertThat(Yamls.map(Yamls.at(pod, "metadata", "labels"))).containsAllEntriesOf(Yamls.map(Yamls.at(service, "spec", "selector")));
        Dockerfile docker = new Dockerfile(deploy.resolve("analyzer-gpu.Dockerfile"));
        assertThat(docker.all("COPY")).contains("analyzer-cli/target/topowatch-analyzer.jar topowatch-analyzer.jar",
                "analyzer-cli/target/lib/ lib/");
        assertThat(docker.all("FROM")).anyMatch(f -> f.startsWith("nvidia/cuda:13.")).anyMatch(f -> f.startsWith("eclipse-temurin:25"));
    }

    @Test
    void metricNamesInDeployFilesAreInTheContract() throws IOException {
        MetricCatalog catalog = MetricCatalog.load(repo.metricsDoc());
        Pattern metric = Pattern.compile("\\btopowatch_[a-z0-9_]+");
        List<String> unknown = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(deploy)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                Matcher m = metric.matcher(Files.readString(file));
                while (m.find()) {
                    if (!catalog.isKnown(m.group())) {
                        unknown.add(deploy.relativize(file) + ": " + m.group());
                    }
                }
            }
        }
        assertThat(unknown).isEmpty();
    }

    @Test
    void theScalingOutGuideExistsAndTheReadmeLinksIt() throws IOException {
        String guide = Files.readString(deploy.resolve("README.md"));
        assertThat(guide).contains("## Scaling out", "partition", "replica", GROUP_ID, "TLS", "SASL", "kafka.bootstrap");
        assertThat(Files.readString(repo.root().resolve("README.md"))).contains("(deploy/README.md)");
    }

    private Map<String, Object> analyzerConfig() {
        return Yamls.load(String.valueOf(Yamls.at(k8sDocument("analyzer.yaml", "ConfigMap"), "data", "analyzer.yaml")));
    }

    private Map<String, Object> k8sPrometheusConfig() {
        return Yamls.load(String.valueOf(Yamls.at(k8sDocument("prometheus-scrape.yaml", "ConfigMap"), "data", "prometheus.yml")));
    }

    private Map<String, Object> k8sDocument(String file, String kind) {
        return Yamls.loadAll(deploy.resolve("k8s").resolve(file)).stream().map(Yamls::map)
                .filter(d -> kind.equals(d.get("kind"))).findFirst()
                .orElseThrow(() -> new AssertionError(file + " has no " + kind));
    }

    private static Map<String, Map<String, Object>> jobs(Map<String, Object> prometheusConfig) {
        Map<String, Map<String, Object>> jobs = new HashMap<>();
        for (Object job : Yamls.list(prometheusConfig.get("scrape_configs"))) {
            jobs.put(String.valueOf(Yamls.at(job, "job_name")), Yamls.map(job));
        }
        return jobs;
    }

    /** {@code --flag value} pairs; every flag must be one the analyzer's serve command has. */
    private static Map<String, String> flags(List<String> args) {
        assertThat(args.size() % 2).as("flag/value pairs in %s", args).isZero();
        Map<String, String> flags = new HashMap<>();
        for (int i = 0; i < args.size(); i += 2) {
            assertThat(SERVE_FLAGS).as("serve flags").contains(args.get(i));
            flags.put(args.get(i), args.get(i + 1));
        }
        return flags;
    }

    private String advertised(String listener) {
        String listeners = String.valueOf(Yamls.at(compose.service("kafka"), "environment", "KAFKA_ADVERTISED_LISTENERS"));
        for (String entry : listeners.split(",")) {
            if (entry.startsWith(listener + "://")) {
                return entry.substring(listener.length() + 3);
            }
        }
        throw new AssertionError("no advertised listener " + listener + " in " + listeners);
    }

    private static String xmlValue(String xml, String element) {
        Matcher m = Pattern.compile("<" + Pattern.quote(element) + ">([^<]*)</" + Pattern.quote(element) + ">").matcher(xml);
        if (!m.find()) {
            throw new AssertionError("no <" + element + "> in the pom");
        }
        return m.group(1).strip();
    }

    private static void promtoolCheckConfig(Path config) throws Exception {
        Process process = new ProcessBuilder(PrometheusBinaries.promtool().toString(), "check", "config", config.toString())
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("promtool check config %s:%n%s", config.getFileName(), output).isZero();
    }
}
