# tags: docker.io/library/eclipse-temurin:17-jdk docker.io/library/eclipse-temurin:17 docker.io/library/eclipse-temurin:17-jdk-jammy docker.io/library/eclipse-temurin:17-jdk-focal
# network: host
# eclipse-temurin's JDK: root, JAVA_HOME=/opt/java/openjdk with its bin on
# PATH, jshell as the command. Debian's OpenJDK 17 stands in for Temurin's
# build of the same major; the only network this build has is Debian's mirror.
FROM localhost/dh-e2e/rootfs:bookworm
# The rootfs leaves out manual pages; the JDK packages link theirs.
RUN mkdir -p /usr/share/man/man1 && apt-get update && apt-get install -y --no-install-recommends openjdk-17-jdk-headless \
    && rm -rf /var/lib/apt/lists/* \
    && mkdir -p /opt/java && ln -s /usr/lib/jvm/java-17-openjdk-amd64 /opt/java/openjdk
ENV JAVA_HOME=/opt/java/openjdk JAVA_VERSION=jdk-17 \
    PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
CMD ["jshell"]
