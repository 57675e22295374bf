# tags: docker.io/library/eclipse-temurin:17-jre docker.io/library/eclipse-temurin:17-jre-jammy docker.io/library/eclipse-temurin:17-jre-focal
# network: host
# eclipse-temurin's JRE: as the JDK image without the compilers, no command
# of its own (the app's CMD runs java).
FROM localhost/dh-e2e/rootfs:bookworm
# The rootfs leaves out manual pages; the JDK packages link theirs.
RUN mkdir -p /usr/share/man/man1 && apt-get update && apt-get install -y --no-install-recommends openjdk-17-jre-headless \
    && rm -rf /var/lib/apt/lists/* \
    && mkdir -p /opt/java && ln -s /usr/lib/jvm/java-17-openjdk-amd64 /opt/java/openjdk
ENV JAVA_HOME=/opt/java/openjdk JAVA_VERSION=jdk-17 \
    PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
