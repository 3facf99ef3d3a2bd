# The analyzer for GPU nodes. Build from the repository root after `mvn -B package` (or verify):
#   docker build -f deploy/analyzer-gpu.Dockerfile -t topowatch-analyzer-gpu .
# The CUDA runtime image brings NVRTC (libnvrtc.so.13); the node's NVIDIA container toolkit mounts the
# driver's libcuda.so.1 at run time. Java comes from the Temurin 25 image.
FROM eclipse-temurin:25-jre AS java
FROM nvidia/cuda:13.0.1-runtime-ubuntu24.04

ENV JAVA_HOME=/opt/java/openjdk
ENV PATH="/opt/java/openjdk/bin:${PATH}"
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75"
# As in analyzer.Dockerfile: listen on every interface of the container (the analyzer's default is 127.0.0.1).
ENV TOPOWATCH_ANALYZER_HTTP_HOST=0.0.0.0
ENV TOPOWATCH_GPU_CACHE_DIR=/var/lib/topowatch/kernels
COPY --from=java /opt/java/openjdk /opt/java/openjdk

RUN useradd --system --uid 10001 --home-dir /var/lib/topowatch --create-home topowatch
WORKDIR /opt/topowatch
COPY analyzer-cli/target/lib/ lib/
COPY analyzer-cli/target/topowatch-analyzer.jar topowatch-analyzer.jar

USER topowatch
EXPOSE 8080
ENTRYPOINT ["java", "-jar", "topowatch-analyzer.jar", "serve", "--kafka-bootstrap", "kafka:9092", "--http-port", "8080"]
