# tags: gcr.io/distroless/java17-debian12 gcr.io/distroless/java17-debian12:latest gcr.io/distroless/java17
# nonroot: gcr.io/distroless/java17-debian12:nonroot gcr.io/distroless/java17:nonroot
# gcr.io/distroless/java17-debian12: the files of distroless base, a Java 17
# runtime with its shared libraries, ENTRYPOINT ["/usr/bin/java", "-jar"]
# (the CMD names the jar), no shell.
FROM docker.io/library/eclipse-temurin:17-jre AS files
COPY files/distroless-collect.sh /collect.sh
RUN /collect.sh java /usr/lib/jvm/java-17-openjdk-amd64

FROM scratch
COPY --from=files /out/ /
ENV SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt JAVA_VERSION=17
ENTRYPOINT ["/usr/bin/java", "-jar"]
